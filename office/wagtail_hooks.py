"""The office in the admin: the dashboard's panels on the admin home, and the messages to
nominators (their URLs and menu item)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from office import messaging_urls
from office.dashboard import dashboard_panels
from office.messaging import may_message_nominators


@hooks.register("construct_homepage_panels")
def office_dashboard(request, panels):
    """The awards office's panels on the admin home, for those who may see them
    (office.dashboard.dashboard_panels); everyone else keeps Wagtail's home as it is."""
    panels.extend(dashboard_panels(request.user))


class NominatorMessagesMenuItem(MenuItem):
    def is_shown(self, request):
        return may_message_nominators(request.user)


@hooks.register("register_admin_urls")
def register_nominator_messages_urls():
    return [path("office/messages/", include(messaging_urls, namespace="office_messages"))]


@hooks.register("register_admin_menu_item")
def register_nominator_messages_menu_item():
    return NominatorMessagesMenuItem(
        gettext_lazy("Messages to nominators"),
        reverse("office_messages:index"),
        name="nominator-messages",
        icon_name="mail",
        order=290,
    )
