"""Who may open what: every URL of the nominations app and its admin that names an object,
against every kind of person (tests.nominations.helpers.access.ROLES).

The answers are consistent: a signed-out visitor is sent to sign in; an object URL the
person may not see is a 404, whether the object exists or not; in the Wagtail admin a
person without admin access is sent to sign in and an admin user without the permission
to the dashboard (Wagtail's own convention, kept). Judging's URLs are in
tests/judging/test_access_matrix.py; test_every_object_url_is_in_a_matrix keeps both
tables complete."""

import pytest

from nominations.models import Nomination, NominationFile
from nominations.predicates import can_open_files, can_read_in_admin
from nominations.queries import files_visible_to
from nominations.screening import admin_nominations
from tests.judging.access_matrix_rows import ROWS as JUDGING_ROWS
from tests.nominations.helpers.access import (
    DONE,
    HOME,
    LOGIN,
    ROLES,
    Literal,
    Row,
    all_urls,
    ask,
    matrix,
    object_urls,
    outcome,
)

L, H, D = LOGIN, HOME, DONE

# Columns:     anonymous owner other-nominator assigned-judge unassigned-judge recused-judge
#              own-chair other-chair screener awards-admin editor moderator
OWNER_ONLY = f"{L} 200 404 404 404 404 404 404 404 404 404 404"
OWNER_ACTS = f"{L} {D} 404 404 404 404 404 404 404 404 404 404"
# The rule for a nomination's files (nominations.predicates.can_open_files): the owner,
# and the awards office (screeners, awards administrators) once it is submitted. Judges
# open files through their own assignment's URLs; editors never open nomination files.
OFFICE_FILE = f"{L} 200 404 404 404 404 404 404 200 200 404 404"
# The admin: only the awards office reads nominations, except that editors and moderators
# read commended ones, to write the winners' stories.
OFFICE_ADMIN = f"{L} {L} {L} {L} {L} {L} {L} {L} 200 200 404 404"
STORY_ADMIN = f"{L} {L} {L} {L} {L} {L} {L} {L} 200 200 200 200"
SCREENING_OF_COMMENDED = f"{L} {L} {L} {L} {L} {L} {L} {L} 200 200 {H} {H}"
NOT_IN_ADMIN = f"{L} {L} {L} {L} {L} {L} {L} {L} 404 404 404 404"
SCREEN_POST = f"{L} {L} {L} {L} {L} {L} {L} {L} {D} {D} 404 404"
REOPEN = f"{L} {L} {L} {L} {L} {L} {L} {L} {H} 200 404 404"
# Wagtail's page editor and image library (pages and images, not nominations).
STORY_PAGE = f"{L} {L} {L} {L} {L} {L} {L} {L} {H} 200 200 200"
STORY_IMAGE = f"{L} {L} {L} {L} {L} {L} {L} {L} {H} {H} 200 200"
SIGNED_IN = f"{L} 200 200 200 200 200 200 200 200 200 200 200"
SNIPPET_VIEW = f"{L} {L} {L} {L} {L} {L} {L} {L} 200 200 200 200"
SNIPPET_MANAGE = f"{L} {L} {L} {L} {L} {L} {L} {L} {H} 200 {H} {H}"

NOMINATION = "wagtailsnippets_nominations_nomination:"

ROWS = [
    # The nominator's pages.
    Row("start", "nominations:start", ("call",), SIGNED_IN),
    Row("detail", "nominations:detail", ("nomination",), OWNER_ONLY),
    Row("detail-draft", "nominations:detail", ("draft",), OWNER_ONLY),
    Row("files-step", "nominations:files", ("draft",), OWNER_ONLY),
    Row("questions-step", "nominations:questions", ("draft",), OWNER_ONLY),
    Row("questions-save", "nominations:questions", ("draft",), OWNER_ACTS, method="post"),
    Row("step", "nominations:step", ("draft", "step"), OWNER_ONLY),
    Row("review", "nominations:review", ("draft",), OWNER_ONLY),
    Row("submit", "nominations:submit", ("draft",), OWNER_ACTS, method="post"),
    Row("withdraw-form", "nominations:withdraw", ("nomination",), OWNER_ONLY),
    Row("withdraw", "nominations:withdraw", ("nomination",), OWNER_ACTS, method="post"),
    # The nominator's PDF copy: a submitted nomination's, its owner only; a draft has none.
    Row("pdf-copy", "nominations:pdf", ("nomination",), OWNER_ONLY),
    Row("pdf-copy-draft", "nominations:pdf", ("draft",), f"{L} 404 404 404 404 404 404 404 404 404 404 404"),
    # Files: a submitted nomination's, an eligible one's (in judging), a private draft's,
    # a withdrawn one's, a winner's.
    Row("file", "nominations:file", ("submitted_file",), OFFICE_FILE),
    Row("thumbnail", "nominations:file_thumbnail", ("submitted_file",), OFFICE_FILE),
    Row("file-eligible", "nominations:file", ("file",), OFFICE_FILE),
    Row("thumbnail-eligible", "nominations:file_thumbnail", ("file",), OFFICE_FILE),
    Row("file-draft", "nominations:file", ("draft_file",), OWNER_ONLY),
    Row("thumbnail-draft", "nominations:file_thumbnail", ("draft_file",), OWNER_ONLY),
    Row("file-withdrawn", "nominations:file", ("withdrawn_file",), OFFICE_FILE),
    Row("thumbnail-withdrawn", "nominations:file_thumbnail", ("withdrawn_file",), OFFICE_FILE),
    Row("file-commended", "nominations:file", ("commended_file",), OFFICE_FILE),
    Row("thumbnail-commended", "nominations:file_thumbnail", ("commended_file",), OFFICE_FILE),
    Row("file-delete-draft", "nominations:file_delete", ("draft_file",), OWNER_ACTS, method="post"),
    Row("file-delete-eligible", "nominations:file_delete", ("file",), OWNER_ACTS, method="post"),
    # Screening in the admin.
    Row("inspect", f"{NOMINATION}inspect", ("submitted",), OFFICE_ADMIN),
    Row("inspect-eligible", f"{NOMINATION}inspect", ("nomination",), OFFICE_ADMIN),
    Row("inspect-withdrawn", f"{NOMINATION}inspect", ("withdrawn",), OFFICE_ADMIN),
    Row("inspect-commended", f"{NOMINATION}inspect", ("commended",), STORY_ADMIN),
    Row("inspect-draft", f"{NOMINATION}inspect", ("draft",), NOT_IN_ADMIN),
    Row("accept-form", f"{NOMINATION}accept", ("submitted",), OFFICE_ADMIN),
    Row("accept-form-commended", f"{NOMINATION}accept", ("commended",), SCREENING_OF_COMMENDED),
    Row("accept", f"{NOMINATION}accept", ("submitted",), SCREEN_POST, method="post"),
    Row("return-form", f"{NOMINATION}return_for_amendment", ("submitted",), OFFICE_ADMIN),
    Row(
        "return",
        f"{NOMINATION}return_for_amendment",
        ("submitted",),
        SCREEN_POST,
        method="post",
        data={"message": "Add the test report.", "deadline": "2099-01-01"},
    ),
    Row("reject-form", f"{NOMINATION}reject", ("submitted",), OFFICE_ADMIN),
    Row(
        "reject",
        f"{NOMINATION}reject",
        ("submitted",),
        SCREEN_POST,
        method="post",
        data={"message": "Outside the region."},
    ),
    Row(
        "create-story",
        f"{NOMINATION}create_story",
        ("commended",),
        f"{L} {L} {L} {L} {L} {L} {L} {L} 404 {D} {D} {D}",
        method="post",
    ),
    Row("create-story-not-commended", f"{NOMINATION}create_story", ("nomination",), NOT_IN_ADMIN, method="post"),
    Row(
        "bulk-accept-form",
        "wagtail_bulk_action",
        (Literal("nominations"), Literal("nomination"), Literal("accept")),
        OFFICE_ADMIN,
        query="id={submitted}",
    ),
    *(
        Row(
            f"bulk-{action}-form",
            "wagtail_bulk_action",
            (Literal("nominations"), Literal("nomination"), Literal(action)),
            OFFICE_ADMIN,
            query="id={submitted}",
        )
        for action in ("return", "reject")
    ),
    # Internal notes: the awards office only (editors reading a winner are refused).
    Row("note-form", f"{NOMINATION}add_note", ("submitted",), OFFICE_ADMIN),
    Row("note-form-commended", f"{NOMINATION}add_note", ("commended",), SCREENING_OF_COMMENDED),
    Row("note", f"{NOMINATION}add_note", ("submitted",), SCREEN_POST, method="post", data={"text": "Called them."}),
    # Reopening a screening decision: awards administrators, not screeners. The eligible
    # nomination is in judging, so the form says why it cannot be reopened (200); posting
    # on a submitted one is refused on the form (200).
    Row("reopen-form", f"{NOMINATION}reopen_screening", ("nomination",), REOPEN),
    Row("reopen", f"{NOMINATION}reopen_screening", ("submitted",), REOPEN, method="post", data={"message": "Why."}),
    Row("export-csv", f"{NOMINATION}list", (), STORY_ADMIN, query="export=csv"),
    Row("export-xlsx", f"{NOMINATION}list", (), STORY_ADMIN, query="export=xlsx"),
    # The winner story and its photograph, in Wagtail's page editor and image library.
    Row("story-edit", "wagtailadmin_pages:edit", ("story",), STORY_PAGE),
    Row("story-view-draft", "wagtailadmin_pages:view_draft", ("story",), STORY_PAGE),
    Row("story-preview", "wagtailadmin_pages:preview_on_edit", ("story",), STORY_PAGE),
    Row("story-revision", "wagtailadmin_pages:revisions_view", ("story", "story_revision"), STORY_PAGE),
    Row("story-history", "wagtailadmin_pages:history", ("story",), STORY_PAGE),
    Row("story-image", "wagtailimages:edit", ("story_image",), STORY_IMAGE),
    # Categories and cycles: public facts, managed by awards administrators.
    *(
        Row(f"{model}-{view}", f"wagtailsnippets_nominations_{model}:{view}", (key,), SNIPPET_MANAGE)
        for model, key in (("category", "category"), ("awardcycle", "cycle"))
        for view in ("edit", "delete", "copy", "usage", "history", "history_results")
    ),
    Row("category-chosen", "wagtailsnippetchoosers_nominations_category:chosen", ("category",), SNIPPET_VIEW),
    Row("awardcycle-chosen", "wagtailsnippetchoosers_nominations_awardcycle:chosen", ("cycle",), SNIPPET_VIEW),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("row", "role", "expected"), matrix(ROWS))
def test_access(client, world, row, role, expected):
    assert outcome(ask(client, world, row, role)) == expected


# The rule, once -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES[1:])
def test_the_files_query_and_the_predicate_agree(world, role):
    user = world.users[role]
    visible = set(files_visible_to(user).values_list("pk", flat=True))
    for record in NominationFile.objects.select_related("nomination"):
        assert (record.pk in visible) == can_open_files(user, record.nomination), (role, record.original_name)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES[1:])
def test_the_admin_query_and_the_predicate_agree(world, role):
    user = world.users[role]
    shown = set(admin_nominations(user).values_list("pk", flat=True))
    for nomination in Nomination.objects.all():
        assert (nomination.pk in shown) == can_read_in_admin(user, nomination), (role, nomination.title)


@pytest.mark.django_db
def test_editors_export_only_commended_nominations(client, world):
    client.force_login(world.users["editor"])
    body = b"".join(client.get("/admin/snippets/nominations/nomination/?export=csv").streaming_content).decode()
    assert "Commended innovation" in body
    assert "Eligible innovation" not in body
    assert "Withdrawn innovation" not in body
    client.force_login(world.users["screener"])
    body = b"".join(client.get("/admin/snippets/nominations/nomination/?export=csv").streaming_content).decode()
    assert ("Commended innovation" in body, "Eligible innovation" in body, "Withdrawn innovation" in body) == (
        True,
        True,
        True,
    )
    assert "Draft innovation" not in body


@pytest.mark.django_db
def test_editors_inspect_a_winner_without_its_files(client, world):
    client.force_login(world.users["editor"])
    page = client.get(f"/admin/snippets/nominations/nomination/inspect/{world.commended}/").content.decode()
    assert "Commended innovation" in page
    assert "commended-photo.jpg" not in page
    assert f"/nominations/files/{world.commended_file}/" not in page
    client.force_login(world.users["screener"])
    page = client.get(f"/admin/snippets/nominations/nomination/inspect/{world.commended}/").content.decode()
    assert f"/nominations/files/{world.commended_file}/" in page


# Nothing escapes the matrix -------------------------------------------------------------

COVERED_PREFIXES = ("nominations/", "nominate/", "judging/", "admin/snippets/nominations/", "admin/snippets/judging/")
COVERED_NAMESPACES = ("nominations", "judging")
# URL names with an object id deliberately left out of the matrices, each with its reason
# ({"name": "why"}). None today: every such URL of nominations and judging has a row.
EXCLUDED = {}


def test_every_object_url_is_in_a_matrix():
    covered = {row.url_name for row in ROWS + JUDGING_ROWS}
    ours = {
        name
        for route, name in object_urls()
        if route.startswith(COVERED_PREFIXES) or name.split(":")[0] in COVERED_NAMESPACES
    }
    # The walk reaches the apps' own URLs and the admin's (not an empty or partial map).
    assert {"nominations:file", "judging:file", f"{NOMINATION}inspect", "wagtailsnippets_judging_round:assign"} <= ours
    missing = sorted(ours - covered - set(EXCLUDED))
    assert missing == [], "object URLs missing from the access matrix: add a row with the expected answers"


def test_the_matrix_names_only_real_object_urls():
    routed = {name for _route, name in all_urls()}
    stale = sorted({row.url_name for row in ROWS + JUDGING_ROWS} - routed)
    assert stale == []
