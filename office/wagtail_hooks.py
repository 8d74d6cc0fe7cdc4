from wagtail import hooks

# The dashboard (helper "dashboard") ------------------------------------------------------
from office.dashboard import dashboard_panels


@hooks.register("construct_homepage_panels")
def office_dashboard(request, panels):
    """The awards office's panels on the admin home, for those who may see them
    (office.dashboard.dashboard_panels); everyone else keeps Wagtail's home as it is."""
    panels.extend(dashboard_panels(request.user))


# End of the dashboard --------------------------------------------------------------------


# Messages to nominators (helper "messages") ----------------------------------------------
from django.urls import include, path, reverse  # noqa: E402
from django.utils.translation import gettext_lazy  # noqa: E402

from wagtail.admin.menu import MenuItem  # noqa: E402

from office import messaging_urls  # noqa: E402
from office.messaging import may_message_nominators  # noqa: E402


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


# End of the messages ---------------------------------------------------------------------
