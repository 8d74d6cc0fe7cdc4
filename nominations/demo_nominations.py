# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""Demo nominations in every state, with files and their histories, all made through the
real transitions (so the audit log reads as it would in production)."""

from datetime import timedelta
from io import BytesIO

from django_fsm_log.models import StateLog
from PIL import Image, ImageDraw

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from home.demo import languages
from nominations import consent, demo_questions, services
from nominations.models import CallPage, Nomination, NominationState, NomineeConsent
from nominations.screening.services import add_note
from nominations.uploads import validate_upload

S = NominationState

# (category code, title, nominee, nominee type, final state)
CURRENT = [
    ("TEC", "Coal-mine safety sensors on a 5G private network", "Datong Smart Mining Tech", "enterprise", S.DRAFT),
    ("MAT", "Graphene anti-corrosion coating", "Shanxi Graphene Materials Co.", "enterprise", S.SUBMITTED),
    ("EQP", "Heavy-haul rail wagon bogie", "CRRC Datong Co.", "enterprise", S.RETURNED),
    ("INF", "Solar roads on the ring expressway", "Datong Transport Investment", "enterprise", S.ELIGIBLE),
    ("PRD", "Yellow-flower day lily snacks", "Yunzhou Day Lily Co-op", "other_organisation", S.INELIGIBLE),
    ("IND", "Cloud-gaming data centre cluster", "Datong Digital Valley", "enterprise", S.WITHDRAWN),
    ("TEC", "Hydrogen fuel-cell city buses", "Datong Hydrogen Institute", "research_institute", S.SUBMITTED),
    ("INF", "District heating from mine water", "Team Warm Winter", "team", S.SUBMITTED),
    # The same nominee as the fuel-cell buses, written in capitals and full-width letters: the
    # screening listing flags the two as possible duplicates (nominations.screening.duplicates).
    ("INF", "Fuel-cell buses on city routes", "ＤＡＴＯＮＧ hydrogen institute", "research_institute", S.SUBMITTED),
]
PAST = [
    ("EQP", "Intelligent coal shearer", "Datong Coal Mine Group Machinery", "enterprise", S.COMMENDED),
    ("MAT", "Fly-ash ceramic foam", "Shanxi University Materials Lab", "university", S.COMMENDED),
    ("IND", "Volcano geopark tourism platform", "Datong Culture & Tourism Group", "enterprise", S.COMMENDED),
    ("TEC", "Low-cost LiDAR for farm drones", "Wei Zhang", "individual", S.NOT_COMMENDED),
    ("PRD", "Oat-based infant cereal", "Saibei Oats Ltd", "enterprise", S.SHORTLISTED),
    ("INF", "Smart street lighting", "Datong Lighting Co.", "enterprise", S.NOT_SHORTLISTED),
    ("TEC", "Coal-bed methane micro-grid", "Datong Clean Power", "enterprise", S.COMMENDED),
    ("INF", "Rammed-earth restoration of the city wall", "Datong Heritage Builders", "enterprise", S.COMMENDED),
    # Never submitted: the automatic reminder went out two days before the call closed (office.demo).
    ("PRD", "Oat-straw tableware", "Saibei Green Packaging", "enterprise", S.DRAFT),
]
PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: ["submit"],
    S.RETURNED: ["submit", "return_for_amendment"],
    S.ELIGIBLE: ["submit", "accept"],
    S.INELIGIBLE: ["submit", "reject"],
    S.WITHDRAWN: ["submit", "withdraw"],
    S.SHORTLISTED: ["submit", "accept", "shortlist"],
    S.NOT_SHORTLISTED: ["submit", "accept", "not_shortlist"],
    S.COMMENDED: ["submit", "accept", "shortlist", "commend"],
    S.NOT_COMMENDED: ["submit", "accept", "shortlist", "not_commend"],
}
# The nominees' own answers (nominations.consent): a nominee who declined, and the other
# nominations still awaiting screening not yet confirmed; every other nominee agreed, and
# to publication where the nominator said so (so the published demo stories stay public).
DECLINED = {"District heating from mine water"}
# The screener (李娜) and the nominator (王芳) write in Chinese.
MESSAGES = {
    "return_for_amendment": "请补充佐证材料中提到的第三方检测报告。",
    "reject": "该产品于2019年上市，不在本次征集要求的近三年范围内。",
    "withdraw": "误报了类别，明年再重新提名。",
}
# The screener's internal note on the second of the possible duplicates.
NOTE = (
    "Fuel-cell buses on city routes",
    "与新技术类“Hydrogen fuel-cell city buses”为同一被提名单位、同一项目，疑似重复提名。已电话联系提名人，"
    "待其确认撤回其中一项后再作形式审查。",
)


def _photo(title, colour):
    picture = Image.new("RGB", (1200, 800), colour)
    draw = ImageDraw.Draw(picture)
    for x in range(0, 1200, 80):
        draw.rectangle([x, 500 - (x % 240), x + 60, 800], fill="white")
    buffer = BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return SimpleUploadedFile(f"{title[:30].lower().replace(' ', '-')}.jpg", buffer.getvalue())


def _report(title):
    page = Image.new("RGB", (595, 842), "white")
    ImageDraw.Draw(page).text((60, 80), f"Test report: {title}", fill="black")
    buffer = BytesIO()
    page.save(buffer, "PDF")
    return SimpleUploadedFile("test-report.pdf", buffer.getvalue())


def _actor(step, people):
    if step in {"submit", "withdraw"}:
        return people["nominator"]
    if step in {"return_for_amendment", "accept", "reject"}:
        return people["screener"]
    return people["awards_admin"]


# Where the demo innovations come from and who they worked with: (region, partner
# organisations, their regions), so that the public figures' shares are not empty.
PARTNERS = [
    ("datong", "清华大学（京津冀）", ["jing_jin_ji"]),
    ("datong", "太原理工大学（山西）", ["shanxi"]),
    ("shanxi", "上海交通大学（长三角）\n大同煤矿集团", ["yangtze_delta", "datong"]),
    ("datong", "", []),
    ("jing_jin_ji", "中国科学院深圳先进技术研究院（粤港澳大湾区）", ["greater_bay"]),
    ("datong", "山西大同大学（大同）", ["datong"]),
]


def make_demo_nomination(call, nominator, spec, people, now):
    code, title, nominee, nominee_type, state = spec
    # The partners' names as the demo nominator (who prefers Chinese) gave them: the
    # winners' pages show them as written, in either language.
    region, partners, partner_regions = PARTNERS[len(title) % len(PARTNERS)]
    nomination = Nomination.objects.create(
        call=call,
        nominator=nominator,
        nominee_type=nominee_type,
        nominee_name=nominee,
        nominee_organisation="" if nominee_type == "individual" else nominee,
        nominee_email=f"contact@{code.lower()}.nominee.example.com",
        nominee_phone="+86 352 555 0100",
        region=region,
        partner_organisations=partners,
        partner_regions=partner_regions,
        team_members="Li Ming, lead engineer\nZhao Hui, operations" if nominee_type == "team" else "",
        title=title,
        summary=f"{title}: built in Datong, already in use, with measured results.",
        description="What it is, how it works, and who built it. " * 5,
        novelty="The first of its kind in the province, developed with local partners.",
        results="Costs down 30%, emissions down 25%, 120 jobs created.",
        stage="in_market",
        evidence="Independent test report and two customer letters (attached).",
        relation="colleague",
        declaration_true=True,
        consent_processing=True,
        consent_public_name=code != "IND",
    )
    services.add_file(nomination=nomination, upload=validate_upload(_photo(title, call.category.colour)))
    services.add_file(nomination=nomination, upload=validate_upload(_report(title)))
    demo_questions.answer(nomination)  # when the call asks questions of its own
    # A past call is closed now; its nominations were submitted while it was open.
    call.closes_at, real_close = now + timedelta(days=1), call.closes_at
    for step in PATHS[state]:
        kwargs = {"by": _actor(step, people), "description": MESSAGES.get(step)}
        if step == "return_for_amendment":
            kwargs["deadline"] = now + timedelta(days=10)
        getattr(nomination, step)(**kwargs)
        if step == "submit":
            nomination.reference = services.next_reference(cycle=call.cycle, category=call.category)
        nomination.save()
    call.closes_at = real_close
    _spread_submission(nomination, now)
    _nominee_answers(nomination, state)
    return nomination


def _spread_submission(nomination, now):
    """Dates the submission some days before now (or before its call closed), so the
    office's dashboard draws submissions over many days, not all on the day of the demo."""
    if nomination.submitted_at is None:
        return

    days = 1 + sum(map(ord, nomination.title)) % 20
    submitted = min(now, nomination.call.closes_at) - timedelta(days=days, hours=days % 7)
    Nomination.objects.filter(pk=nomination.pk).update(submitted_at=submitted)
    StateLog.objects.for_(nomination).filter(transition="submit").update(timestamp=submitted)
    nomination.submitted_at = submitted


def _nominee_answers(nomination, state):
    if state == S.DRAFT or (state == S.SUBMITTED and nomination.title not in DECLINED):
        return
    agrees = nomination.title not in DECLINED
    consent.record_answers(
        nomination_id=nomination.pk,
        agrees=agrees,
        publication=agrees and nomination.consent_public_name,
        source=NomineeConsent.Source.DEMO,
        language="en",
    )


def demo_calls(cycle):
    """The cycle's calls in the site's first language (the home page's): the demo's
    nominations answer those; their translations are the same calls in the other language."""

    return CallPage.objects.filter(cycle=cycle, locale__language_code=languages()[0]).select_related(
        "category", "cycle"
    )


def load_nominations(*, past, current, now):
    nominator = User.objects.get(email="nominator@example.org")
    people = {
        "nominator": nominator,
        "screener": User.objects.get(email="screener@example.org"),
        "awards_admin": User.objects.get(email="awards-admin@example.org"),
    }
    made = 0
    for cycle, specs in ((current, CURRENT), (past, PAST)):
        calls = {c.category.code: c for c in demo_calls(cycle)}
        for spec in specs:
            if Nomination.objects.filter(call__cycle=cycle, call__category__code=spec[0], title=spec[1]).exists():
                continue
            nomination = make_demo_nomination(calls[spec[0]], nominator, spec, people, now)
            if cycle == past and nomination.state == S.DRAFT:
                # Last touched while last year's call was open.
                closed = past.nominations_close
                Nomination.objects.filter(pk=nomination.pk).update(
                    created_at=closed - timedelta(days=20), updated_at=closed - timedelta(days=5)
                )
            made += 1
    # A database an earlier demo made: its call's questions were added since (nominations.demo).
    for nomination in Nomination.objects.filter(call__cycle=current, title__in=demo_questions.ANSWERS):
        demo_questions.answer(nomination)
    _note(current, people["screener"])
    return made


def _note(cycle, screener):

    title, text = NOTE
    nomination = Nomination.objects.get(call__cycle=cycle, title=title)
    if not nomination.notes.exists():
        add_note(nomination=nomination, user=screener, text=text)
