from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from nominations.models import AwardCycle, Category


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = _("Categories")
    list_display = ["code", "name", "colour", "sort_order"]
    search_fields = ["code", "name"]
    ordering = ["sort_order"]


class AwardCycleViewSet(SnippetViewSet):
    model = AwardCycle
    icon = "date"
    menu_label = _("Award cycles")
    list_display = ["name", "year", "nominations_open", "nominations_close", "announcement_at"]
    search_fields = ["name"]
    ordering = ["-year"]


class AwardsGroup(SnippetViewSetGroup):
    menu_label = _("Awards")
    menu_icon = "clipboard-list"
    menu_order = 200
    items = (AwardCycleViewSet, CategoryViewSet)


register_snippet(AwardsGroup)
