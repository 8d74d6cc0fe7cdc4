"""Download my data: one ZIP with data.json (the account, its nominations with their state
history, the judge profile and scores, emails still in the outbox) and the nominations'
files. Written to a temporary file, file by file, so large uploads never sit in memory."""

import json
import shutil
import tempfile
import zipfile

from allauth.account.models import EmailAddress
from django_fsm_log.models import StateLog

from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone

from judging.models import Assignment, Conflict, CycleStatement, ExpertInvitation
from nominations.models import Nomination
from nominations.models.choices import RESULT_STATES
from privacy.services import outbox_for

SKIPPED_USER_FIELDS = {"password"}


def _fields(instance, skip=()):
    return {
        field.name: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
        if field.name not in skip
    }


def _account(user):
    data = _fields(user, skip=SKIPPED_USER_FIELDS)
    data["groups"] = sorted(user.groups.values_list("name", flat=True))
    data["email_addresses"] = [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user)
    ]
    return data


def _nominations(user):
    nominations = list(
        Nomination.objects.filter(nominator=user).select_related("call").prefetch_related("files", "answers")
    )
    content_type = ContentType.objects.get_for_model(Nomination)
    logs = StateLog.objects.filter(content_type=content_type, object_id__in=[str(n.pk) for n in nominations])
    history = {}
    for log in logs.order_by("timestamp", "pk"):
        history.setdefault(int(log.object_id), []).append(
            {"at": log.timestamp, "from": log.source_state, "to": log.state, "transition": log.transition}
        )
    result, files = [], []
    for nomination in nominations:
        data = _fields(nomination)
        data["call"] = nomination.call.title
        # A result the nominator may not see yet stays hidden (the announcement rule).
        data["state"] = nomination.visible_state()
        hidden = () if nomination.results_visible() else RESULT_STATES
        data["state_history"] = [entry for entry in history.get(nomination.pk, []) if entry["to"] not in hidden]
        # The answers to the call's own questions, with the question as it was asked.
        data["answers"] = [
            {"question": answer.question_label or answer.question_id, "answer": answer.value}
            for answer in nomination.answers.all()
        ]
        data["files"] = []
        for nomination_file in nomination.files.all():
            path = f"files/{nomination.pk}/{nomination_file.pk}-{nomination_file.original_name}"
            entry = {"name": nomination_file.original_name, "size": nomination_file.size, "path": path}
            if nomination_file.question_id:
                entry["question"] = nomination_file.question_id
            data["files"].append(entry)
            files.append((path, nomination_file.file))
        result.append(data)
    return result, files


def _judging(user):
    profile = getattr(user, "judge_profile", None)
    if profile is None:
        return None
    data = _fields(profile, skip={"user"})
    data["expertise"] = sorted(str(category) for category in profile.expertise.all())
    data["fields_of_expertise"] = sorted(str(keyword) for keyword in profile.keywords.all())
    data["cycle_statements"] = [
        {
            "cycle": str(statement.cycle),
            "available": statement.available,
            "capacity": statement.capacity,
            "confirmed_at": statement.confirmed_at,
            "standing_interests": [
                {"organisation": interest.organisation, "relation": interest.relation}
                for interest in statement.interests.all()
            ],
        }
        for statement in CycleStatement.objects.filter(judge=profile)
        .select_related("cycle")
        .prefetch_related("interests")
    ]
    assignments = Assignment.objects.filter(judge=profile).select_related("round", "nomination")
    data["assignments"] = [
        {
            "round": str(assignment.round),
            "nomination": assignment.nomination.reference,
            "state": assignment.state,
            "overall_comment": assignment.overall_comment,
            "submitted_at": assignment.submitted_at,
            "declared_no_conflict_at": assignment.declared_no_conflict_at,
            "scores": [
                {"criterion": str(score.criterion), "value": score.value, "comment": score.comment}
                for score in assignment.scores.select_related("criterion")
            ],
        }
        for assignment in assignments
    ]
    data["conflicts_declared"] = [
        {"nomination": conflict.nomination.reference, "reason": conflict.reason, "at": conflict.created_at}
        for conflict in profile.conflicts.filter(source=Conflict.Source.DECLARED).select_related("nomination")
    ]
    return data


def _outbox(user):
    return [
        {
            "subject": row.subject,
            "status": row.status,
            "queued_at": row.created_at,
            "body": row.message.get("body", ""),
        }
        for row in outbox_for(user.email)
    ]


def _invitations(user):
    """Invitations to the expert pool sent to the person's address or taken up by them."""
    invitations = ExpertInvitation.objects.filter(models.Q(user=user) | models.Q(email__iexact=user.email))
    return [
        {
            "email": invitation.email,
            "name": invitation.name,
            "organisation": invitation.organisation,
            "language": invitation.language,
            "sent_at": invitation.sent_at,
            "expires_at": invitation.expires_at,
            "accepted_at": invitation.accepted_at,
            "withdrawn_at": invitation.revoked_at,
        }
        for invitation in invitations.order_by("created_at", "pk")
    ]


def build_archive(user):
    """The archive as an open temporary file, at its start (closing it deletes it)."""
    nominations, files = _nominations(user)
    data = {
        "exported_at": timezone.now(),
        "account": _account(user),
        "nominations": nominations,
        "judging": _judging(user),
        "expert_invitations": _invitations(user),
        "outbox": _outbox(user),
    }
    archive = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        zipped.writestr("data.json", json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2))
        for path, stored in files:
            try:
                source = stored.open("rb")
            except FileNotFoundError:
                continue
            with source, zipped.open(path, "w", force_zip64=True) as target:
                shutil.copyfileobj(source, target, 1024 * 1024)
    archive.seek(0)
    return archive
