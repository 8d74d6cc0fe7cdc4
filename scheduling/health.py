"""/health/ for monitors (django-health-check): the database, the caches, the public and the
private file storage, the task queue's backlog and failed outgoing email.

Answers 200 when every check passes (warnings included) and 500 when one fails. JSON with
?format=json or an Accept: application/json header, plain text otherwise. Each check reads
"ok", "warning" or "failing"; the reason is added only where HEALTH_CHECK_DETAILS is on
(development), never in production. Nothing personal is ever shown."""

import asyncio
import dataclasses
import datetime

from asgiref.sync import sync_to_async
from django_tasks_db.models import DBTaskResult, get_date_max
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Storage
from health_check.exceptions import ServiceUnavailable, ServiceWarning
from health_check.views import HealthCheckView, MediaType

from django.conf import settings
from django.db.models import Q
from django.http import HttpResponse, JsonResponse
from django.utils import timezone

from nominations.storage import private_storage
from outbox.models import OutgoingEmail


class _DatabaseCheck(HealthCheck):
    """Runs its query in the request's own thread and connection (sync_to_async)."""

    async def run(self):
        await sync_to_async(self.check)()

    def check(self):
        raise NotImplementedError


@dataclasses.dataclass
class TaskBacklog(_DatabaseCheck):
    """Fails when more than HEALTH_TASK_BACKLOG_MAX tasks have waited, ready to run, longer
    than HEALTH_TASK_BACKLOG_MINUTES in the database queue: the task worker is down or
    behind. A task deferred to later (a retry) counts from its run-after time."""

    def check(self):
        cutoff = timezone.now() - datetime.timedelta(minutes=settings.HEALTH_TASK_BACKLOG_MINUTES)
        waiting = DBTaskResult.objects.filter(status="READY").filter(
            Q(run_after=get_date_max(), enqueued_at__lt=cutoff) | Q(run_after__lt=cutoff)
        )
        count = waiting.count()
        if count > settings.HEALTH_TASK_BACKLOG_MAX:
            raise ServiceUnavailable(f"{count} task(s) waiting longer than {settings.HEALTH_TASK_BACKLOG_MINUTES} min")


@dataclasses.dataclass
class FailedEmail(_DatabaseCheck):
    """A warning (not a failure) while the outbox holds email that finally failed."""

    def check(self):

        count = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.FAILED).count()
        if count:
            raise ServiceWarning(f"{count} failed email(s) in the outbox")


@dataclasses.dataclass
class PrivateStorage(Storage):
    """The private store of nomination files (nominations.storage), not in STORAGES."""

    alias: str = "private"

    @property
    def storage(self):

        return private_storage


CHECKS = (
    ("database", Database, {}),
    ("cache", Cache, {"alias": "default"}),
    ("page_cache", Cache, {"alias": "pages"}),
    ("storage", Storage, {"alias": "default"}),
    ("private_storage", PrivateStorage, {}),
    ("task_backlog", TaskBacklog, {}),
    ("failed_email", FailedEmail, {}),
)


def _state(error):
    if error is None:
        return "ok"
    return "warning" if isinstance(error, ServiceWarning) else "failing"


class HealthView(HealthCheckView):
    checks = tuple((cls, options) for _name, cls, options in CHECKS)

    async def get(self, request, *args, **kwargs):
        # The library's checks and runner (HealthCheckView.dispatch adds no-cache headers);
        # our own answer, without the library's details.
        with self.get_executor() as executor:
            self.results = await asyncio.gather(*(check.get_result(executor) for check in self.get_checks()))
        details = settings.HEALTH_CHECK_DETAILS
        checks = {}
        for (name, _cls, _options), result in zip(CHECKS, self.results, strict=True):
            entry = {"status": _state(result.error)}
            if details and result.error is not None:
                entry["detail"] = str(result.error)
            checks[name] = entry
        failing = any(entry["status"] == "failing" for entry in checks.values())
        status = 500 if failing else 200
        body = {"status": "failing" if failing else "ok", "checks": checks}
        if self._wants_json(request):
            return JsonResponse(body, status=status)
        lines = [body["status"]] + [
            f"{name}: {entry['status']}" + (f" ({entry['detail']})" if "detail" in entry else "")
            for name, entry in checks.items()
        ]
        return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8", status=status)

    @staticmethod
    def _wants_json(request):
        if request.GET.get("format") == "json":
            return True
        try:
            media = list(MediaType.parse_header(request.headers.get("accept", "*/*")))
        except ValueError:
            return False
        return bool(media) and media[0].mime_type in {"application/json", "application/*"}
