"""Demo cycles and calls: the current cycle with six open calls (one closing soon) and
last year's cycle with its calls closed. Dates are set relative to the first run."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from wagtail.models import Site

from nominations.demo_nominations import load_nominations
from nominations.models import AwardCycle, CallIndexPage, CallPage, Category, Nomination

CRITERIA = [
    ("Novelty", "How new is the idea, method or product, compared with what existed before?"),
    ("Impact", "Measurable results: jobs, output, savings, emissions, lives improved."),
    ("Maturity", "How far along it is: research, pilot, or in the market, and what proves it."),
    ("Contribution to the city", "How it strengthens the city's economy, people and cooperation with other regions."),
]
FAQ = [
    ("Can I nominate myself?", "Yes. Self-nominations are welcome and judged the same way."),
    (
        "Who can be nominated?",
        "A person, a team, an enterprise, a university, a research institute or another organisation.",
    ),
    (
        "Can I change a nomination after submitting it?",
        "You can withdraw it. If the awards office returns it for amendment, you can edit and resubmit it.",
    ),
]
ELIGIBILITY = (
    "<p>Innovations developed, made or first used in the city or with its partners in the last three years.</p>"
    "<ul><li>The nominee agrees to take part if shortlisted.</li>"
    "<li>Evidence of results: reports, certificates, photographs or press coverage.</li>"
    "<li>One nomination per innovation in each cycle.</li></ul>"
)


def _at(now, days, hour):
    local = timezone.localtime(now) + timedelta(days=days)
    return timezone.make_aware(datetime.combine(local.date(), time(hour, 0)))


def _cycles(now):
    year = timezone.localtime(now).year
    current = {
        "nominations_open": _at(now, -30, 9),
        "nominations_close": _at(now, 45, 17),
        "judging_open": _at(now, 52, 9),
        "judging_close": _at(now, 90, 17),
        "announcement_at": _at(now, 120, 10),
    }
    past = {
        "nominations_open": _at(now, -400, 9),
        "nominations_close": _at(now, -330, 17),
        "judging_open": _at(now, -320, 9),
        "judging_close": _at(now, -280, 17),
        "announcement_at": _at(now, -250, 10),
    }
    made = []
    for cycle_year, dates in ((year - 1, past), (year, current)):
        cycle, _ = AwardCycle.objects.get_or_create(
            year=cycle_year,
            defaults={"name": f"{cycle_year} Innovation Awards", "slug": f"{cycle_year}-innovation-awards", **dates},
        )
        made.append(cycle)
    return made


def _call_index():
    index = CallIndexPage.objects.first()
    if index:
        return index
    home = Site.objects.get(is_default_site=True).root_page
    index = CallIndexPage(
        title="Calls for nominations",
        slug="calls",
        show_in_menus=True,
        intro="Each year the awards open a call in every category. Read what each call asks for, then nominate.",
    )
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def _call(index, cycle, category, now, closes_soon=False):
    slug = f"{cycle.year}-{category.slug}"
    if CallPage.objects.filter(slug=slug).exists():
        return
    closes_at = cycle.nominations_close
    if closes_soon:
        closes_at = _at(now, 4, 17)
    call = CallPage(
        title=f"{category.name} {cycle.year}",
        slug=slug,
        cycle=cycle,
        category=category,
        opens_at=cycle.nominations_open,
        closes_at=closes_at,
        intro=f"Nominate the {category.name.lower()} that changed the city this year. {category.description}",
        eligibility=ELIGIBILITY,
        criteria=[("criterion", {"name": n, "description": d}) for n, d in CRITERIA],
        faq=[("question", {"question": q, "answer": f"<p>{a}</p>"}) for q, a in FAQ],
    )
    index.add_child(instance=call)
    call.save_revision().publish()


def load(*, stdout, now):
    past, current = _cycles(now)
    index = _call_index()
    categories = list(Category.objects.all())
    for category in categories:
        _call(index, past, category, now)
        # One call closes within days, so the demo shows "closing soon" too.
        _call(index, current, category, now, closes_soon=category.code == "EQP")
    stdout.write(f"Cycles: {past.name} (closed), {current.name} ({len(categories)} calls open).")
    made = load_nominations(past=past, current=current, now=now)
    stdout.write(f"Nominations: {Nomination.objects.count()} in every state ({made} new), with photos and PDFs.")
