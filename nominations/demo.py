"""Demo cycles and calls in Chinese and English: the current cycle with six open calls (one
closing soon) and last year's cycle with its calls closed. Dates are set relative to the
first run."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from home.demo import bilingual_page, home_pages
from nominations import demo_questions
from nominations.demo_nominations import load_nominations
from nominations.demo_texts import CALL_INDEX, CATEGORIES, EN, ZH, call_texts, cycle_names
from nominations.models import AwardCycle, CallIndexPage, CallPage, Category, Nomination


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
        names = cycle_names(cycle_year)
        cycle, _ = AwardCycle.objects.get_or_create(
            year=cycle_year,
            defaults={
                "name_zh_hans": names[ZH],
                "name_en": names[EN],
                "slug": f"{cycle_year}-innovation-awards",
                **dates,
            },
        )
        # A cycle an earlier demo made with one language gets the other.
        AwardCycle.objects.filter(pk=cycle.pk).update(name_zh_hans=names[ZH], name_en=names[EN])
        made.append(AwardCycle.objects.get(pk=cycle.pk))
    return made


def _categories():
    for code, (name, description) in CATEGORIES.items():
        Category.objects.filter(code=code).update(name_zh_hans=name, description_zh_hans=description)
    # The English the migration stored stays; a category without it falls back to its base text.
    for category in Category.objects.filter(name_en=None):
        Category.objects.filter(pk=category.pk).update(name_en=category.name)
    return list(Category.objects.all())


def _call_index():
    texts = {code: dict(fields) for code, fields in CALL_INDEX.items()}
    return bilingual_page(home_pages(), CallIndexPage, "calls", texts, show_in_menus=True)


def _call(indexes, cycle, category, now, closes_soon=False, asks=False):
    closes_at = _at(now, 4, 17) if closes_soon else cycle.nominations_close
    names = {ZH: category.name_zh_hans, EN: category.name_en}
    texts = {code: call_texts(code, cycle.year, names[code], category.code) for code in (ZH, EN)}
    if asks:  # the call's own questions, the same block ids in both languages
        for code in (ZH, EN):
            texts[code]["questions"] = demo_questions.question_stream(code)
    pages = bilingual_page(
        indexes,
        CallPage,
        f"{cycle.year}-{category.slug}",
        texts,
        cycle=cycle,
        category=category,
        opens_at=cycle.nominations_open,
        closes_at=closes_at,
    )
    if asks:
        demo_questions.add_to_call(pages)


def load(*, stdout, now):
    past, current = _cycles(now)
    indexes = _call_index()
    categories = _categories()
    for category in categories:
        _call(indexes, past, category, now)
        # One call closes within days, so the demo shows "closing soon" too.
        _call(
            indexes,
            current,
            category,
            now,
            closes_soon=category.code == "EQP",
            asks=category.code == demo_questions.CATEGORY,
        )
    stdout.write(f"Cycles: {past.name} (closed), {current.name} ({len(categories)} calls open in each language).")
    made = load_nominations(past=past, current=current, now=now)
    stdout.write(f"Nominations: {Nomination.objects.count()} in every state ({made} new), with photos and PDFs.")
