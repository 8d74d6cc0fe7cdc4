"""The access matrix's rows for judging's URLs (tests.nominations.helpers.access.Row):
the judges' and chairs' pages under /judging/ and the judging admin."""

from tests.nominations.helpers.access import DONE, HOME, LOGIN, Row

L, H, D = LOGIN, HOME, DONE

# Columns:     anonymous owner other-nominator assigned-judge unassigned-judge recused-judge
#              own-chair other-chair screener awards-admin editor moderator
# An assignment's pages (judging.queries.judge_assignments): its judge while assigned and
# not recused; everyone else, awards administrators included, gets a 404.
JUDGE = f"{L} 404 404 200 404 404 404 404 404 404 404 404"
JUDGE_ACTS = f"{L} 404 404 {D} 404 404 404 404 404 404 404 404"
NOBODY = f"{L} 404 404 404 404 404 404 404 404 404 404 404"
# A panel's pages (judging.predicates.can_follow_panel): its chair and awards administrators.
OWN_PANEL = f"{L} 404 404 404 404 404 200 404 404 200 404 404"
OWN_PANEL_ACTS = f"{L} 404 404 404 404 404 {D} 404 404 {D} 404 404"
OTHER_PANEL = f"{L} 404 404 404 404 404 404 200 404 200 404 404"
# The judging admin: awards administrators only.
ADMIN_ONLY = f"{L} {L} {L} {L} {L} {L} {L} {L} {H} 200 {H} {H}"
ADMIN_ACTS = f"{L} {L} {L} {L} {L} {L} {L} {L} {H} {D} {H} {H}"
NOT_EVEN_ADMIN = f"{L} {L} {L} {L} {L} {L} {L} {L} {H} {H} {H} {H}"
# An awards administrator's action under /judging/ (judging.predicates.manages_judging).
ADMIN_ACTS_HERE = f"{L} 404 404 404 404 404 404 404 404 {D} 404 404"

SCORES = {"overall_comment": "Promising."}
# A judge's own statement for a cycle (judging.views.statement): every judge, for any cycle.
ANY_JUDGE = f"{L} 404 404 200 200 200 200 200 404 404 404 404"
ANY_JUDGE_ACTS = f"{L} 404 404 {D} {D} {D} {D} {D} 404 404 404 404"
STATEMENT = {"available": "yes", "interests-TOTAL_FORMS": "0", "interests-INITIAL_FORMS": "0", "confirm": "on"}

ROWS = [
    # The judge's pages.
    Row("assignment", "judging:assignment", ("assignment",), JUDGE),
    Row("assignment-save", "judging:assignment", ("assignment",), JUDGE_ACTS, method="post", data=SCORES),
    Row("declare-no-conflict", "judging:declare_no_conflict", ("assignment",), JUDGE_ACTS, method="post"),
    Row("conflict-form", "judging:conflict", ("assignment",), JUDGE),
    Row(
        "conflict",
        "judging:conflict",
        ("assignment",),
        JUDGE_ACTS,
        method="post",
        data={"reason": "A relative", "confirmed": "1"},
    ),
    Row("expert-statement", "judging:expert_statement", ("cycle",), ANY_JUDGE),
    Row("expert-statement-save", "judging:expert_statement", ("cycle",), ANY_JUDGE_ACTS, method="post", data=STATEMENT),
    Row("judge-file", "judging:file", ("assignment", "file"), JUDGE),
    Row("judge-thumbnail", "judging:file_thumbnail", ("assignment", "file"), JUDGE),
    # Another nomination's file through one's own assignment.
    Row("judge-file-elsewhere", "judging:file", ("assignment", "commended_file"), NOBODY),
    Row("judge-thumbnail-elsewhere", "judging:file_thumbnail", ("assignment", "draft_file"), NOBODY),
    # A recused assignment: not even its judge.
    Row("recused-assignment", "judging:assignment", ("recused_assignment",), NOBODY),
    Row("recused-conflict-form", "judging:conflict", ("recused_assignment",), NOBODY),
    Row("recused-declare", "judging:declare_no_conflict", ("recused_assignment",), NOBODY, method="post"),
    Row("recused-file", "judging:file", ("recused_assignment", "file"), NOBODY),
    Row("recused-thumbnail", "judging:file_thumbnail", ("recused_assignment", "file"), NOBODY),
    # The chairs' pages.
    Row("panel", "judging:panel", ("round", "tec"), OWN_PANEL),
    Row("panel-other", "judging:panel", ("round", "mat"), OTHER_PANEL),
    Row(
        "reopen", "judging:reopen", ("assignment",), OWN_PANEL.replace("200", D), method="post", data={"reason": "Typo"}
    ),
    Row("reopen-get", "judging:reopen", ("assignment",), f"{L} " + " ".join(["405"] * 11)),
    Row("results", "judging:results", ("round", "tec"), OWN_PANEL),
    Row("results-csv", "judging:results", ("round", "tec"), OWN_PANEL, query="format=csv"),
    Row("results-xlsx", "judging:results", ("round", "tec"), OWN_PANEL, query="format=xlsx"),
    Row("results-other", "judging:results", ("round", "mat"), OTHER_PANEL),
    Row(
        "decide",
        "judging:decide",
        ("round", "tec", "nomination"),
        f"{L} 404 404 404 404 404 403 404 404 {D} 404 404",
        method="post",
        data={"outcome": "shortlist", "confirmed": "1"},
    ),
    # Signing off: the chair signs, an administrator is refused with a message (the panel
    # has a chair).
    Row("sign-off", "judging:sign_off", ("round", "tec"), OWN_PANEL_ACTS, method="post"),
    Row(
        "undo-decision",
        "judging:undo_decision",
        ("round", "tec", "decision"),
        f"{L} 404 404 404 404 404 403 404 404 {D} 404 404",
        method="post",
        data={"reason": "Scores were missing."},
    ),
    Row("methodology", "judging:methodology", ("cycle",), f"{L} 404 404 404 404 404 200 200 404 200 404 404"),
    # The judging report, unpublished and the cycle not announced: administrators preview it
    # (tests/judging/test_method_report.py: public once published and announced).
    Row("method-report", "judging:method_report", ("cycle",), f"{L} 404 404 404 404 404 404 404 404 200 404 404"),
    Row(
        "method-report-pdf", "judging:method_report_pdf", ("cycle",), f"{L} 404 404 404 404 404 404 404 404 200 404 404"
    ),
    *(
        Row(f"method-report-{action}", f"judging:method_report_{action}", ("cycle",), ADMIN_ACTS_HERE, method="post")
        for action in ("publish", "unpublish")
    ),
    # A nomination's judging record: its panel's chair and administrators; a draft that never
    # reached judging, administrators only. The round's audit workbook: administrators only.
    Row("nomination-audit", "judging:nomination_audit", ("nomination",), OWN_PANEL),
    Row(
        "nomination-audit-draft",
        "judging:nomination_audit",
        ("draft",),
        f"{L} 404 404 404 404 404 404 404 404 200 404 404",
    ),
    Row(
        "round-audit-xlsx",
        "judging:round_audit",
        ("round",),
        f"{L} 404 404 404 404 404 404 404 404 200 404 404",
    ),
    # A commended nomination's certificate (judging.certificates): the world's cycle is not
    # announced, so only the awards office; a nomination not commended has none.
    Row("certificate", "judging:certificate", ("commended",), f"{L} 404 404 404 404 404 404 404 200 200 404 404"),
    Row("certificate-not-commended", "judging:certificate", ("nomination",), NOBODY),
    # A cycle's certificates in one PDF, in the admin: awards administrators only.
    Row("admin-cycle-certificates", "judging_cycle_certificates", ("cycle",), ADMIN_ONLY),
    # The judging admin.
    *(
        Row(f"admin-{model}-{view}", f"wagtailsnippets_judging_{model}:{view}", (key,), ADMIN_ONLY)
        for model, key in (
            ("round", "round"),
            ("panel", "panel"),
            ("judgeprofile", "judge_profile"),
            ("awardlevel", "award_level"),
        )
        for view in ("edit", "delete", "usage", "history", "history_results")
    ),
    # The expert pool: fields of expertise are the administrators' to edit; invitations
    # change only through their own actions (judging.experts.invitations), statements only
    # through their experts (judging.experts.statements): both are read only in the admin.
    *(
        Row(
            f"admin-expertisekeyword-{view}",
            f"wagtailsnippets_judging_expertisekeyword:{view}",
            ("keyword",),
            ADMIN_ONLY,
        )
        for view in ("edit", "delete", "usage", "history", "history_results")
    ),
    *(
        Row(f"admin-{model}-{view}", f"wagtailsnippets_judging_{model}:{view}", (key,), ADMIN_ONLY)
        for model, key in (("expertinvitation", "invitation"), ("cyclestatement", "cycle_statement"))
        for view in ("inspect",)
    ),
    # Wagtail's edit, delete, usage and history views ask for a permission to change, which
    # nobody has on them (an invitation's actions show in the admin's site history).
    *(
        Row(f"admin-{model}-{view}", f"wagtailsnippets_judging_{model}:{view}", (key,), NOT_EVEN_ADMIN)
        for model, key in (("expertinvitation", "invitation"), ("cyclestatement", "cycle_statement"))
        for view in ("edit", "delete", "usage", "history", "history_results")
    ),
    *(
        Row(f"admin-invitation-{view}", f"wagtailsnippets_judging_expertinvitation:{view}", ("invitation",), ADMIN_ONLY)
        for view in ("resend", "withdraw")
    ),
    *(
        Row(
            f"admin-invitation-{view}-post",
            f"wagtailsnippets_judging_expertinvitation:{view}",
            ("invitation",),
            ADMIN_ACTS,
            method="post",
        )
        for view in ("resend", "withdraw")
    ),
    Row("admin-round-inspect", "wagtailsnippets_judging_round:inspect", ("round",), ADMIN_ONLY),
    Row(
        "admin-round-assign",
        "wagtailsnippets_judging_round:assign",
        ("round",),
        ADMIN_ONLY.replace("200", D),
        method="post",
    ),
    Row("admin-round-close", "wagtailsnippets_judging_round:close", ("round",), ADMIN_ONLY),
    Row("admin-round-copy-rubric", "wagtailsnippets_judging_round:copy_rubric", ("round",), ADMIN_ONLY),
    Row("admin-assignment-inspect", "wagtailsnippets_judging_assignment:inspect", ("assignment",), ADMIN_ONLY),
    Row("admin-assignment-edit", "wagtailsnippets_judging_assignment:edit", ("assignment",), NOT_EVEN_ADMIN),
    # Wagtail's usage view asks for the edit permission, which nobody has on assignments
    # and conflicts (judging.wagtail_hooks: they change only through judging.services);
    # its history view for adding, changing or deleting, and conflicts allow only viewing.
    Row("admin-assignment-usage", "wagtailsnippets_judging_assignment:usage", ("assignment",), NOT_EVEN_ADMIN),
    *(
        Row(f"admin-assignment-{view}", f"wagtailsnippets_judging_assignment:{view}", ("assignment",), ADMIN_ONLY)
        for view in ("delete", "history", "history_results")
    ),
    Row("admin-conflict-inspect", "wagtailsnippets_judging_conflict:inspect", ("conflict",), ADMIN_ONLY),
    Row("admin-conflict-edit", "wagtailsnippets_judging_conflict:edit", ("conflict",), NOT_EVEN_ADMIN),
    Row("admin-conflict-delete", "wagtailsnippets_judging_conflict:delete", ("conflict",), NOT_EVEN_ADMIN),
    *(
        Row(f"admin-conflict-{view}", f"wagtailsnippets_judging_conflict:{view}", ("conflict",), NOT_EVEN_ADMIN)
        for view in ("usage", "history", "history_results")
    ),
]
