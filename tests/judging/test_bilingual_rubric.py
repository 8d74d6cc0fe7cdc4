# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""The rubric in two languages: a judge reads the criteria in their own language, a missing
translation falls back to the other language marked with its lang attribute, and the
rubric's record keeps both languages' names for an appeal."""

import io

import pytest
from openpyxl import load_workbook

from django.conf import settings
from django.template import Context, Template
from django.utils import translation

from judging import audit, audit_export, services
from judging.models import Criterion, RubricVersion
from nominations.models import Category
from tests.factories import RoundFactory
from tests.judging.helpers import assign, score_as_judge, url

RUBRIC = [
    # zh name, en name, zh guidance, en guidance
    ("新颖性", "Novelty", "与已有做法相比，新在哪里？", "What is new compared with what exists?"),
    ("实际成效", "Impact", "有哪些可以衡量的成效？", ""),
]


@pytest.fixture
def bilingual_round(call):
    round_ = RoundFactory(cycle=call.cycle, blind=True, criteria=[])
    for order, (zh, en, zh_guidance, en_guidance) in enumerate(RUBRIC):
        Criterion.objects.create(
            round=round_,
            name_zh_hans=zh,
            name_en=en,
            guidance_zh_hans=zh_guidance,
            guidance_en=en_guidance or None,
            weight=1,
            scale_min=0,
            scale_max=10,
            sort_order=order,
        )
    return round_


def scoring_page(client, judge, assignment, language):
    client.force_login(judge.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url(assignment))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_a_chinese_judge_reads_the_rubric_in_chinese(client, judge, bilingual_round, make_eligible):
    assignment = assign(bilingual_round, make_eligible(), judge)
    body = scoring_page(client, judge, assignment, "zh-hans")
    assert f'id="criterion-{bilingual_round.criteria.get(name_en="Novelty").pk}">1. 新颖性</h3>' in body
    assert '<p class="criterion__guidance">与已有做法相比，新在哪里？</p>' in body
    assert '<p class="criterion__guidance">有哪些可以衡量的成效？</p>' in body
    assert "What is new compared with what exists?" not in body
    assert 'lang="en"' not in body.split('class="scoring-form')[1]


@pytest.mark.django_db
def test_an_english_judge_reads_english_and_a_missing_guidance_in_marked_chinese(
    client, judge, bilingual_round, make_eligible
):
    assignment = assign(bilingual_round, make_eligible(), judge)
    body = scoring_page(client, judge, assignment, "en")
    novelty, impact = bilingual_round.criteria.order_by("sort_order")
    assert f'id="criterion-{novelty.pk}">1. Novelty</h3>' in body
    assert f'id="criterion-{impact.pk}">2. Impact</h3>' in body
    assert '<p class="criterion__guidance">What is new compared with what exists?</p>' in body
    # Impact has no English guidance: the Chinese stands in, marked as Chinese.
    assert '<p class="criterion__guidance"><span lang="zh-hans">有哪些可以衡量的成效？</span></p>' in body


@pytest.mark.django_db
def test_submitted_scores_read_back_in_the_judges_language(client, judge, bilingual_round, make_eligible):
    Criterion.objects.filter(round=bilingual_round, name_en="Impact").update(name_en=None)
    assignment = assign(bilingual_round, make_eligible(), judge)
    score_as_judge(assignment, judge.user)
    body = scoring_page(client, judge, assignment, "en")
    assert "<dt>1. Novelty</dt>" in body
    assert '<dt>2. <span lang="zh-hans">实际成效</span></dt>' in body


@pytest.mark.django_db
def test_the_rubric_version_keeps_both_languages(judge, bilingual_round, make_eligible):
    assignment = assign(bilingual_round, make_eligible(), judge)
    with translation.override("en"):
        score_as_judge(assignment, judge.user)  # the first submission takes version 1
    version = RubricVersion.objects.get(round=bilingual_round)
    novelty, impact = bilingual_round.criteria.order_by("sort_order")
    assert [
        {key: entry[key] for key in ("id", "name", "names", "guidance", "weight", "scale_min", "scale_max")}
        for entry in version.criteria
    ] == [
        {
            "id": novelty.pk,
            "name": "新颖性",
            "names": {"zh-hans": "新颖性", "en": "Novelty"},
            "guidance": {"zh-hans": "与已有做法相比，新在哪里？", "en": "What is new compared with what exists?"},
            "weight": "1.00",
            "scale_min": 0,
            "scale_max": 10,
        },
        {
            "id": impact.pk,
            "name": "实际成效",
            "names": {"zh-hans": "实际成效", "en": "Impact"},
            "guidance": {"zh-hans": "有哪些可以衡量的成效？", "en": ""},
            "weight": "1.00",
            "scale_min": 0,
            "scale_max": 10,
        },
    ]


def test_a_recorded_criterion_is_named_in_the_asked_language_first():
    entry = {"name": "新颖性", "names": {"zh-hans": "新颖性", "en": "Novelty"}}
    assert audit.rubric_criterion_names(entry, "en") == "Novelty / 新颖性"
    assert audit.rubric_criterion_names(entry, "zh-hans") == "新颖性 / Novelty"
    assert audit.rubric_criterion_names({"name": "Novelty", "names": {"zh-hans": "", "en": "Novelty"}}, "zh-hans") == (
        "Novelty"
    )
    # A version recorded before both languages were kept.
    assert audit.rubric_criterion_names({"name": "Novelty"}, "zh-hans") == "Novelty"


@pytest.mark.django_db
def test_the_audit_workbook_names_the_rubric_in_both_languages(judge, bilingual_round, make_eligible):
    assignment = assign(bilingual_round, make_eligible(), judge)
    score_as_judge(assignment, judge.user)
    with translation.override("en"):
        workbook = load_workbook(io.BytesIO(audit_export.workbook_bytes(bilingual_round)))
        rows = list(workbook["Rubric versions"].iter_rows(values_only=True))
        scores = list(workbook["Scores"].iter_rows(values_only=True))
    assert rows[1][4] == (
        "Novelty / 新颖性 (weight 1.00, scale 0 to 10); Impact / 实际成效 (weight 1.00, scale 0 to 10)"
    )
    assert [row[3] for row in scores[1:]] == ["Novelty", "Impact"]
    with translation.override("zh-hans"):
        workbook = load_workbook(io.BytesIO(audit_export.workbook_bytes(bilingual_round)))
        scores = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert [row[3] for row in scores[1:]] == ["新颖性", "实际成效"]


@pytest.mark.django_db
def test_the_translated_tag_marks_only_a_fallback():
    category = Category.objects.get(code="TEC")
    category.name_en = None
    template = Template('{% load translated %}{% translated category "name" %}|{% translated missing "name" %}')
    with translation.override("zh-hans"):
        assert template.render(Context({"category": category})) == "新技术|"
    with translation.override("en"):
        assert template.render(Context({"category": category})) == '<span lang="zh-hans">新技术</span>|'
        category.name_en = "New <technologies>"
        assert template.render(Context({"category": category})) == "New &lt;technologies&gt;|"


@pytest.mark.django_db
def test_changing_a_criterion_with_a_reason_records_both_languages(judge, bilingual_round, make_eligible):
    assignment = assign(bilingual_round, make_eligible(), judge)
    score_as_judge(assignment, judge.user)
    Criterion.objects.filter(round=bilingual_round, name_en="Impact").update(name_en="Measured impact")
    services.change_rubric(round_id=bilingual_round.pk, user=judge.user, reason="Clearer name.", criteria_added=False)
    latest = RubricVersion.objects.get(round=bilingual_round, number=2)
    assert [entry["names"] for entry in latest.criteria] == [
        {"zh-hans": "新颖性", "en": "Novelty"},
        {"zh-hans": "实际成效", "en": "Measured impact"},
    ]
