# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""Demo judging: an expert pool, panels, award levels and rubrics in Chinese and English,
an open blind round in the current cycle with assignments in every state (a lenient and a
harsh judge, one declared and one detected conflict, some not yet confirmed free of
conflict) and last year's closed rounds with their awards, signed-off rankings and the record of each decision."""

from datetime import timedelta

from accounts.models import User
from judging import decisions, demo_experts, services
from judging.assignment import assign
from judging.models import (
    Assignment,
    AssignmentState,
    Award,
    AwardLevel,
    Criterion,
    Decision,
    JudgeProfile,
    Panel,
    RankingSignOff,
    Round,
    RoundKind,
)
from nominations.demo_nominations import demo_calls, make_demo_nomination
from nominations.models import AwardCycle, Category, Nomination, NominationState

# (account, organisation, title): the Chinese experts' in Chinese, as their profiles read.
EXPERTS = [
    ("judge1", "北京大学", "材料科学与工程学院教授"),
    ("judge2", "山西省科学院", "研究员"),
    ("judge3", "Datong Municipal Development Bank", "Chief Engineer"),
    # Works where one demo nominee works: assignment detects the conflict.
    ("judge4", "Datong Energy AI Lab", "Senior Engineer"),
    ("judge5", "太原理工大学", "副教授"),
    ("judge6", "中国铁道科学研究院", "研究员"),
    ("chair", "山西大学", "工程学院院长"),
]
# (name, guidance for judges, weight), in each language.
RUBRIC = [
    (
        {"zh_hans": "创新性", "en": "Novelty"},
        {
            "zh_hans": "与已有技术、方法或产品相比新在哪里，是否达到国内或省内领先水平。",
            "en": "How new is it compared with what existed before?",
        },
        3,
    ),
    (
        {"zh_hans": "实际成效", "en": "Impact"},
        {
            "zh_hans": "重点考察实测数据：新增产值、成本节约、节能减排、带动就业等。",
            "en": "Measured results: output, savings, emissions, jobs.",
        },
        3,
    ),
    (
        {"zh_hans": "成熟度", "en": "Maturity"},
        {
            "zh_hans": "处于研发、试点还是已推向市场，佐证材料是否充分。",
            "en": "Research, pilot or in the market, and the evidence for it.",
        },
        2,
    ),
    (
        {"zh_hans": "对城市的贡献", "en": "Contribution to the city"},
        {
            "zh_hans": "对大同经济社会发展及区域协同合作的带动作用。",
            "en": "How it strengthens Datong and its cooperation with other regions.",
        },
        2,
    ),
]
LEVELS = [
    ({"zh_hans": "一等奖", "en": "First prize"}, 1),
    ({"zh_hans": "二等奖", "en": "Second prize"}, 2),
    ({"zh_hans": "三等奖", "en": "Third prize"}, 3),
    ({"zh_hans": "优秀奖", "en": "Commendation"}, 4),
]
EXTRA_TEC = [
    ("TEC", "AI dispatch for the coal-to-hydrogen grid", "Datong Energy AI Lab", "enterprise"),
    ("TEC", "Cold-climate heat pumps", "Yungang Thermal Tech", "enterprise"),
    ("TEC", "Drone inspection of high-voltage lines", "Sky Patrol Team", "team"),
    ("TEC", "Digital twin of the ancient city wall", "Datong Heritage Digital", "enterprise"),
    ("TEC", "Low-cost soil sensors for oat farms", "Shanxi Agricultural University", "university"),
]
COMMENTS = {
    "zh-hans": ("佐证材料充分。", "成果扎实，应用前景良好。"),
    "en": ("Clear evidence.", "Solid work."),
}
# Each judge's habit: a lenient and a harsh judge, so the judge-effect model has work to do.
HABITS = {"judge1": 2, "judge2": -3, "judge5": 0, "judge6": 1, "chair": 0, "judge4": 0}


def _bio(organisation, title):
    # A Chinese profile reads organisation then title, with no comma: 北京大学材料科学与工程学院教授。
    if organisation[0] >= "\u2e80":
        return f"{organisation}{title}。"
    return f"{title}, {organisation}."


def _pool(now):
    categories = list(Category.objects.all())
    profiles = {}
    for local, organisation, title in EXPERTS:
        user = User.objects.get(email=f"{local}@example.org")
        profile, created = JudgeProfile.objects.get_or_create(
            user=user, defaults={"organisation": organisation, "title": title, "bio": _bio(organisation, title)}
        )
        if created:
            profile.expertise.set(categories)
        profiles[local] = profile
    return profiles


def _panels(cycle, profiles):
    for category in Category.objects.all():
        panel, created = Panel.objects.get_or_create(
            cycle=cycle, category=category, defaults={"chair": profiles["chair"]}
        )
        if created:
            panel.members.set(profiles.values())


def _columns(field, texts):
    return {f"{field}_{code}": text for code, text in texts.items()}


def _levels(cycle):
    for names, rank in LEVELS:
        level = AwardLevel.objects.filter(cycle=cycle, rank=rank).first()
        if level is None:
            AwardLevel.objects.create(cycle=cycle, rank=rank, **_columns("name", names))
        else:  # one an earlier demo made in one language gets both
            AwardLevel.objects.filter(pk=level.pk).update(**_columns("name", names))


def _round(cycle, number, stage, opens, closes, blind=True, judges=3):
    round_, created = Round.objects.get_or_create(
        cycle=cycle,
        number=number,
        defaults={
            "stage": stage,
            "opens_at": opens,
            "closes_at": closes,
            "judges_per_nomination": judges,
            "blind": blind,
        },
    )
    for order, (names, guidance, weight) in enumerate(RUBRIC):
        texts = {**_columns("name", names), **_columns("guidance", guidance)}
        if created:
            Criterion.objects.create(round=round_, weight=weight, scale_min=0, scale_max=10, sort_order=order, **texts)
        else:  # a rubric an earlier demo made in one language gets both
            Criterion.objects.filter(round=round_, sort_order=order).update(**texts)
    return round_


def _score(assignment, base, submit=True):
    user = assignment.judge.user
    habit = HABITS.get(user.email.split("@")[0], 0)
    criteria = assignment.round.criteria.all()
    # A judge's own reading of each nomination, beyond their habit: the noise of real scoring.
    noise = (assignment.nomination_id * 7 + assignment.judge_id * 5) % 3 - 1
    # Each judge comments in their own language.
    comment, overall = COMMENTS.get(user.preferred_language, COMMENTS["en"])
    scores = {c.pk: (max(0, min(10, base + habit + noise + (c.sort_order % 2))), comment) for c in criteria}
    services.declare_no_conflict(assignment_id=assignment.pk, user=user)
    services.save_scores(assignment_id=assignment.pk, user=user, scores=scores, overall_comment=overall)
    if submit:
        services.submit_assignment(assignment_id=assignment.pk, user=user)


def _current_round(cycle, profiles, people, now):
    # Four judges a nomination: enough shared work to estimate each judge's leniency.
    round_ = _round(cycle, 1, RoundKind.SHORTLISTING, now - timedelta(days=2), now + timedelta(days=14), judges=4)
    if round_.assignments.exists():
        return round_
    call = demo_calls(cycle).get(category__code="TEC")
    for code, title, nominee, kind in EXTRA_TEC:
        if not Nomination.objects.filter(call=call, title=title).exists():
            make_demo_nomination(
                call, people["nominator"], (code, title, nominee, kind, NominationState.ELIGIBLE), people, now
            )
    tec = Category.objects.get(code="TEC")
    assign(round_=round_, category=tec)
    assignments = list(
        round_.assignments.select_related("judge__user", "round").order_by("nomination__reference", "judge_id")
    )
    # Most work submitted, so the panel's judges are linked and the results show adjusted
    # scores with standard errors; judge5 has one left in progress and judge6 one not yet
    # confirmed free of conflict, and judge3 declares a conflict on their first.
    pending = {"judge5": AssignmentState.IN_PROGRESS, "judge6": AssignmentState.ASSIGNED, "judge3": "conflict"}
    for assignment in assignments:
        base = 4 + (assignment.nomination_id % 4)
        state = pending.pop(assignment.judge.user.email.split("@")[0], None)
        if state == "conflict":
            services.declare_conflict(
                assignment_id=assignment.pk,
                user=assignment.judge.user,
                reason="I sit on this company's advisory board.",
            )
        elif state != AssignmentState.ASSIGNED:
            _score(assignment, base, submit=state is None)
    return round_


# Last year's decisions, by the state each nomination ended in: (stage, outcome) in order.
PAST_DECISIONS = {
    NominationState.SHORTLISTED: [(RoundKind.SHORTLISTING, Decision.Outcome.SHORTLIST)],
    NominationState.NOT_SHORTLISTED: [(RoundKind.SHORTLISTING, Decision.Outcome.NOT_SHORTLIST)],
    NominationState.COMMENDED: [
        (RoundKind.SHORTLISTING, Decision.Outcome.SHORTLIST),
        (RoundKind.FINAL, Decision.Outcome.COMMEND),
    ],
    NominationState.NOT_COMMENDED: [
        (RoundKind.SHORTLISTING, Decision.Outcome.SHORTLIST),
        (RoundKind.FINAL, Decision.Outcome.NOT_COMMEND),
    ],
}
# The chair (陈静) and the awards administrator (张伟) write in Chinese.
PAPER = "上年度评审采用纸质评分，评审记录当时尚未在线保存。"


def _past(cycle, profiles):
    closed = cycle.judging_close
    rounds = {
        RoundKind.SHORTLISTING: _round(
            cycle, 1, RoundKind.SHORTLISTING, cycle.judging_open, closed - timedelta(days=10), blind=True
        ),
        RoundKind.FINAL: _round(cycle, 2, RoundKind.FINAL, closed - timedelta(days=9), closed, blind=False),
    }
    levels = list(AwardLevel.objects.filter(cycle=cycle).order_by("rank"))
    decider = User.objects.get(email="awards-admin@example.org")
    for index, nomination in enumerate(
        Nomination.objects.filter(call__cycle=cycle, state=NominationState.COMMENDED).order_by("reference")
    ):
        Award.objects.get_or_create(
            nomination=nomination, defaults={"level": levels[min(index, len(levels) - 1)], "decided_by": decider}
        )
    _past_record(cycle, rounds, profiles["chair"].user, decider)


def _past_record(cycle, rounds, chair, decider):
    """The chair's sign-offs and a Decision for each result, dated after each round closed."""
    decided = Nomination.objects.filter(call__cycle=cycle, state__in=PAST_DECISIONS).select_related("call", "award")
    for nomination in decided.order_by("reference"):
        if Decision.objects.filter(nomination=nomination).exists():
            continue
        for stage, outcome in PAST_DECISIONS[nomination.state]:
            round_ = rounds[stage]
            category = nomination.call.category
            if not RankingSignOff.objects.filter(round=round_, category=category).exists():
                signed = decisions.sign_off(round_=round_, category=category, user=chair, note=PAPER)
                RankingSignOff.objects.filter(pk=signed.pk).update(signed_at=round_.closes_at + timedelta(hours=1))
            award = getattr(nomination, "award", None) if outcome == Decision.Outcome.COMMEND else None
            decision = Decision.objects.create(
                round=round_,
                nomination=nomination,
                outcome=outcome,
                level=award.level if award else None,
                decided_by=decider,
                scores_submitted=decisions.counted_scores(round_, nomination.pk),
                scores_required=round_.judges_per_nomination,
                override_reason=PAPER,
            )
            Decision.objects.filter(pk=decision.pk).update(decided_at=round_.closes_at + timedelta(hours=2))


def load(*, stdout, now):
    past, current = AwardCycle.objects.order_by("year")
    profiles = _pool(now)
    people = {
        "nominator": User.objects.get(email="nominator@example.org"),
        "screener": User.objects.get(email="screener@example.org"),
        "awards_admin": User.objects.get(email="awards-admin@example.org"),
    }
    for cycle in (past, current):
        _panels(cycle, profiles)
        _levels(cycle)
    # Before the current round's automatic assignment, so the standing interests count.
    demo_experts.load(profiles=profiles, cycle=current, admin=people["awards_admin"], now=now)
    _past(past, profiles)
    round_ = _current_round(current, profiles, people, now)
    states = sorted(set(Assignment.objects.filter(round=round_).values_list("state", flat=True)))
    stdout.write(f"Judging: {len(profiles)} experts, panels, an open round with assignments ({', '.join(states)}).")
