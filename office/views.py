"""Messages to nominators in the Wagtail admin (awards administrators only): the sent
messages, one message with who received it, writing a new one (filters and both languages,
then a preview with the numbers, then "Send"), and the automatic draft reminders."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views import View

from wagtail.admin import messages

from core.permission import PredicateRequiredMixin
from nominations.models import Nomination
from nominations.predicates import is_awards_administrator
from office import messaging
from office.forms import ConfirmForm, MessageForm
from office.models import DraftReminder, MessageRecipient, NominatorMessage
from office.services import NothingToSend, send_message

PER_PAGE = 50
RECIPIENTS_PER_PAGE = 100


class AdministratorsOnly(PredicateRequiredMixin, View):
    """Awards administrators (office.messaging.may_message_nominators asks the same rule);
    anyone else is sent back to the admin's dashboard with a message, as Wagtail answers a
    PermissionDenied."""

    predicate = is_awards_administrator
    denied = PermissionDenied


class IndexView(AdministratorsOnly):
    def get(self, request):
        return index(request)


class DetailView(AdministratorsOnly):
    def get(self, request, pk):
        return detail(request, pk)


class RemindersView(AdministratorsOnly):
    def get(self, request):
        return reminders(request)


class ComposeView(AdministratorsOnly):
    def get(self, request):
        return compose(request)

    def post(self, request):
        return compose(request)


def _page(request, queryset, per_page):
    return Paginator(queryset, per_page).get_page(request.GET.get("p"))


def index(request):
    page = _page(
        request, NominatorMessage.objects.select_related("created_by").order_by("-created_at", "-pk"), PER_PAGE
    )
    language = get_language()
    rows = [(message, message.version(language)[0]) for message in page]
    context = {"page_obj": page, "rows": rows, "page_title": _("Messages to nominators")}
    return TemplateResponse(request, "office/messages/index.html", context)


def detail(request, pk):
    message = get_object_or_404(NominatorMessage.objects.select_related("created_by"), pk=pk)
    nominations = Nomination.objects.select_related("call__category").only("pk", "reference", "state", "call__category")
    recipients = (
        MessageRecipient.objects.filter(message=message)
        .select_related("user")
        .prefetch_related(Prefetch("nominations", queryset=nominations.order_by("pk")))
        .order_by("pk")
    )
    context = {
        "message": message,
        "versions": [
            ("version-zh-hans", _("Chinese"), message.subject_zh_hans, message.body_zh_hans),
            ("version-en", _("English"), message.subject_en, message.body_en),
        ],
        "page_obj": _page(request, recipients, RECIPIENTS_PER_PAGE),
        "page_title": _("Message to nominators"),
    }
    return TemplateResponse(request, "office/messages/detail.html", context)


def reminders(request):
    queryset = DraftReminder.objects.select_related("user", "call__category", "call__cycle").order_by("-sent_at", "-pk")
    context = {"page_obj": _page(request, queryset, PER_PAGE), "page_title": _("Draft reminders")}
    return TemplateResponse(request, "office/messages/reminders.html", context)


def _compose(request, form):
    context = {"form": form, "page_title": _("New message to nominators")}
    return TemplateResponse(request, "office/messages/compose.html", context)


def _preview(request, form, audience, changed=False):
    context = {
        "form": form,
        "audience": audience,
        "changed": changed,
        "filters_text": messaging.describe(messaging.Filters.from_form(form.cleaned_data)),
        "page_title": _("Check and send"),
    }
    return TemplateResponse(request, "office/messages/preview.html", context)


def _nobody(form):
    form.add_error(None, _("No nominator matches these filters: nobody would receive this message. Change them."))


def compose(request):
    if request.method != "POST":
        return _compose(request, MessageForm())
    if "send" in request.POST:
        return _send(request)
    form = MessageForm(request.POST)
    if "edit" in request.POST or not form.is_valid():
        return _compose(request, form)
    audience = messaging.audience(messaging.Filters.from_form(form.cleaned_data))
    if audience.empty:
        _nobody(form)
        return _compose(request, form)
    return _preview(request, form, audience)


def _send(request):
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        return _compose(request, form)
    already = NominatorMessage.objects.filter(token=form.cleaned_data["token"]).first()
    if already is not None:
        messages.info(request, _("This message was already sent: nothing was sent again."))
        return redirect("office_messages:detail", already.pk)
    filters = messaging.Filters.from_form(form.cleaned_data, now=timezone.now())
    audience = messaging.audience(filters)
    if audience.empty:
        _nobody(form)
        return _compose(request, form)
    if audience.people != form.cleaned_data["people"]:
        return _preview(request, form, audience, changed=True)
    try:
        message, created = send_message(
            token=form.cleaned_data["token"],
            filters=filters,
            texts=form.texts(),
            greet=form.cleaned_data["greet"],
            by=request.user,
        )
    except NothingToSend:
        _nobody(form)
        return _compose(request, form)
    if created:
        messages.success(
            request,
            ngettext(
                "The message is on its way to %(count)d person.",
                "The message is on its way to %(count)d people.",
                message.recipient_count,
            )
            % {"count": message.recipient_count},
        )
    else:
        messages.info(request, _("This message was already sent: nothing was sent again."))
    return redirect("office_messages:detail", message.pk)
