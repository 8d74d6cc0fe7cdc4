"""The admin's nominations listing, its filters and its export at 2,000 and 20,000
nominations, in process, signed in as an awards administrator (two factors set up).

Per page: the server time's median, its ratio to the bare view (/bench/bare/, through the
same middleware, in the same run: bare time / page time, as in bench/server.py), and the
number of queries; per export: the time to stream it whole and the peak of Python memory
(tracemalloc) while it streams. The same page at both sizes should cost the same queries
and nearly the same time; the export's memory should not grow with the rows.

    .venv/bin/python -m bench admin
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/awards_admin_bench .venv/bin/python -m bench admin
"""

import cProfile
import os
import pstats
import random
import time
import tracemalloc
from datetime import timedelta

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone

SIZES = (2_000, 20_000)
LIST_URL = "/admin/snippets/nominations/nomination/"
# The states the grown nominations cycle through (names of NominationState members: this
# module is imported before Django is set up).
STATES = ["SUBMITTED", "RETURNED", "ELIGIBLE", "INELIGIBLE", "WITHDRAWN", "SHORTLISTED", "COMMENDED"]
REGIONS = ["datong", "shanxi", "jing_jin_ji", "yangtze_delta", "greater_bay", "other"]
TYPES = ["individual", "team", "enterprise", "university", "research_institute"]
SURNAMES = "王李张刘陈杨赵黄周吴"
WORDS = ["石墨烯", "煤矿", "智能", "氢能", "光伏", "Graphene", "Coal", "Solar", "Hydrogen", "Sensor"]
# Share of nominations with answers to the call's questions, and with a file.
ANSWERED = 0.4
WITH_FILE = 0.25


def _world():
    """Two cycles, a call per category in each (each call asks two questions), an awards
    administrator and 300 nominators."""
    from django.contrib.auth.models import Group

    from wagtail.models import Site

    from accounts.mfa import activate_totp
    from accounts.models import User
    from nominations.models import AwardCycle, CallIndexPage, CallPage, Category

    now = timezone.now()
    home = Site.objects.get(is_default_site=True).root_page
    index = home.add_child(instance=CallIndexPage(title="Calls", slug="bench-admin-calls"))
    calls = []
    for offset, year in enumerate((2098, 2099)):
        start = now - timedelta(days=400 * (2 - offset))
        cycle = AwardCycle.objects.create(
            name=f"Cycle {year}",
            slug=f"bench-{year}",
            year=year,
            nominations_open=start,
            nominations_close=start + timedelta(days=30),
            judging_open=start + timedelta(days=40),
            judging_close=start + timedelta(days=60),
            announcement_at=start + timedelta(days=90),
        )
        for category in Category.objects.order_by("sort_order"):
            call = CallPage(
                title=f"{category.code} {year}",
                slug=f"bench-{category.code.lower()}-{year}",
                cycle=cycle,
                category=category,
                opens_at=cycle.nominations_open,
                closes_at=cycle.nominations_close,
                intro="Bench.",
                questions=[
                    ("question", {"kind": "short_text", "label": "团队规模", "required": False, "choices": []}),
                    ("question", {"kind": "file", "label": "Test report", "required": False, "choices": []}),
                ],
            )
            index.add_child(instance=call)
            calls.append(call)
    admin = User.objects.create_user(email="bench-admin@bench.example.net", password=None)
    admin.groups.add(Group.objects.get(name="Awards administrators"))
    activate_totp(admin)
    nominators = User.objects.bulk_create(
        [User(email=f"nominator{i}@bench.example.net", first_name="N", last_name=str(i)) for i in range(300)]
    )
    return admin, calls, nominators


def _grow(calls, nominators, start, stop):
    """Nominations start..stop-1 (bulk inserts: the set-up is not what is measured)."""
    from nominations.models import Nomination, NominationAnswer, NominationFile, NominationState

    states = [NominationState[name] for name in STATES]
    rng = random.Random(start)
    now = timezone.now()
    rows = []
    for n in range(start, stop):
        call = calls[n % len(calls)]
        name = f"{SURNAMES[n % 10]}{rng.choice(WORDS)}{n % 700}"
        rows.append(
            Nomination(
                call=call,
                nominator=nominators[n % len(nominators)],
                reference=f"{call.cycle.year}-{call.category.code}-{n:05d}",
                state=states[n % len(states)],
                nominee_type=TYPES[n % len(TYPES)],
                nominee_name=name,
                nominee_organisation=f"大同{rng.choice(WORDS)}有限公司",
                nominee_email=f"nominee{n}@bench.example.com",
                nominee_phone="+86 352 000 0000",
                region=REGIONS[n % len(REGIONS)],
                title=f"{rng.choice(WORDS)}{rng.choice(WORDS)} {n}",
                summary="一种新型涂层。" * 5,
                description="What it is and how it works. " * 20,
                novelty="新颖之处。" * 20,
                results="Maintenance costs down 40%. " * 10,
                stage="pilot",
                evidence="Test reports from the provincial lab.",
                relation="colleague",
                declaration_true=True,
                consent_processing=True,
                submitted_at=now - timedelta(minutes=n),
            )
        )
    with transaction.atomic():
        created = Nomination.objects.bulk_create(rows, batch_size=500)
        if connection.vendor == "sqlite" or any(row.pk is None for row in created):
            created = list(Nomination.objects.filter(reference__in=[row.reference for row in rows]).order_by("pk"))
        by_call = {call.pk: call for call in calls}
        answers, files = [], []
        for nomination in created:
            short, upload = (block.id for block in by_call[nomination.call_id].questions)
            if rng.random() < ANSWERED:
                answers.append(NominationAnswer(nomination=nomination, question_id=short, value="十二人"))
            if rng.random() < WITH_FILE:
                files.append(
                    NominationFile(
                        nomination=nomination,
                        kind="document",
                        file=f"nominations/{nomination.pk}/bench.pdf",
                        original_name="检测报告.pdf",
                        content_type="application/pdf",
                        size=2048,
                        question_id=upload,
                    )
                )
        NominationAnswer.objects.bulk_create(answers, batch_size=1000)
        NominationFile.objects.bulk_create(files, batch_size=1000)


def _cases(calls):
    from nominations.models import AwardCycle, Category

    cycle = AwardCycle.objects.get(year=2099).pk
    category = Category.objects.get(code="TEC").pk
    return [
        ("listing, page 1", LIST_URL),
        ("listing, page 20", f"{LIST_URL}?p=20"),
        ("listing, by reference", f"{LIST_URL}?ordering=reference"),
        ("listing, by state", f"{LIST_URL}?ordering=-state"),
        ("filter: state", f"{LIST_URL}?state=eligible"),
        ("filter: category", f"{LIST_URL}?category={category}"),
        ("filter: cycle", f"{LIST_URL}?cycle={cycle}"),
        ("filter: region", f"{LIST_URL}?region=datong"),
        ("filter: nominee type", f"{LIST_URL}?nominee_type=team"),
        ("filter: 4 at once", f"{LIST_URL}?cycle={cycle}&category={category}&state=submitted&region=shanxi"),
        ("filter: duplicates", f"{LIST_URL}?possible_duplicates=yes"),
        ("search: Chinese", f"{LIST_URL}?q=石墨烯"),
        ("search: reference", f"{LIST_URL}?q=2099-TEC-0001"),
        ("search: no match", f"{LIST_URL}?q=nothing-like-this"),
        ("results fragment, filtered", f"{LIST_URL}results/?state=eligible&region=datong"),
    ]


EXPORTS = [("export CSV", f"{LIST_URL}?export=csv"), ("export XLSX", f"{LIST_URL}?export=xlsx")]


def _get(client, path):
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    elif hasattr(response, "file_to_stream"):
        size = len(b"".join(response))
    else:
        size = len(response.content)
    return response, size


def _median(client, path, repeat):
    _get(client, path)  # warm
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        _get(client, path)
        timings.append(time.perf_counter() - start)
    timings.sort()
    return timings[len(timings) // 2] * 1000


def _queries(client, path):
    with CaptureQueriesContext(connection) as captured:
        _get(client, path)
    return len(captured)


def _peak_kib(client, path):
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        response, size = _get(client, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return (peak - before) / 1024, size, response


def _profile(client, path, top=25):
    profile = cProfile.Profile()
    profile.enable()
    _get(client, path)
    profile.disable()
    pstats.Stats(profile).sort_stats("cumulative").print_stats(top)


def run(repeat=None):
    repeat = repeat or int(os.environ.get("BENCH_REPEAT", "7"))
    profile_label = os.environ.get("BENCH_PROFILE")  # e.g. "filter: duplicates"
    from nominations.models import Nomination

    with override_settings(ROOT_URLCONF="bench.urls", DEBUG=False):
        admin, calls, nominators = _world()
        client = Client()
        client.force_login(admin)
        results = {}
        done = 0
        for size in SIZES:
            start = time.perf_counter()
            _grow(calls, nominators, done, size)
            done = size
            grown = time.perf_counter() - start
            count = Nomination.objects.count()
            print(f"\n{connection.vendor}: {count} nominations (written in {grown:.1f} s), median of {repeat}")
            bare = _median(client, "/bench/bare/", repeat * 3)
            print(f"{'page':<30}{'median ms':>10}{'x bare':>9}{'queries':>9}")
            print(f"{'bare view':<30}{bare:>10.2f}{1:>9.3f}{_queries(client, '/bench/bare/'):>9}")
            for label, path in _cases(calls):
                median = _median(client, path, repeat)
                queries = _queries(client, path)
                results[(size, label)] = (median, queries)
                print(f"{label:<30}{median:>10.1f}{bare / median:>9.4f}{queries:>9}")
                if label == profile_label:
                    _profile(client, path)
            heading = f"{'export':<30}{'median ms':>10}{'x bare':>9}{'queries':>9}"
            print(f"{heading}{'peak KiB':>10}{'KiB out':>9}{'stream':>8}")
            bare_peak = _peak_kib(client, "/bench/bare/")[0]
            print(f"{'bare view':<30}{bare:>10.2f}{1:>9.3f}{'':>9}{bare_peak:>10.0f}")
            for label, path in EXPORTS:
                median = _median(client, path, max(3, repeat // 2))
                queries = _queries(client, path)
                peak, out, response = _peak_kib(client, path)
                results[(size, label)] = (median, queries, peak)
                print(
                    f"{label:<30}{median:>10.0f}{bare / median:>9.5f}{queries:>9}{peak:>10.0f}"
                    f"{out / 1024:>9.0f}{'yes' if response.streaming else 'no':>8}"
                )
                if label == profile_label:
                    _profile(client, path)
        small, large = SIZES
        print(f"\ngrowth from {small:,} to {large:,} nominations (x time, queries, export peak memory)")
        for (size, label), figures in results.items():
            if size != small:
                continue
            other = results[(large, label)]
            line = f"{label:<30}{other[0] / figures[0]:>8.2f}x{figures[1]:>6} -> {other[1]:<6}"
            if len(figures) > 2:
                line += f"{other[2] / max(figures[2], 1):>8.2f}x"
            print(line)
