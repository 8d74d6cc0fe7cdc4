# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""The site in Chinese from end to end, for a browser that asks for Chinese (zh-CN): a
visitor lands on / and arrives at /zh-hans/, reads a call, signs in and nominates; a judge
scores against a Chinese rubric; a visitor reads a winner's story. Every heading, label and
button on the way is Chinese, and the English text of the same pages never shows."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from playwright.sync_api import expect

from django.utils import timezone

from wagtail.models import Site

from accounts.models import CJK
from nominations.models import Category, Nomination
from tests.e2e.helpers import code_on_a_still_clock
from tests.factories import (
    AssignmentFactory,
    AwardCycleFactory,
    CallIndexPageFactory,
    CallPageFactory,
    JudgeProfileFactory,
    NominationFactory,
    PanelFactory,
    RoundFactory,
    UserFactory,
    advance,
    translate_page,
)
from tests.nominations.helpers.winners import announce, make_winner, winners_index_page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
PASSWORD = "correct horse battery staple"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# The English of the pages made below: none of it may show on a Chinese page.
ENGLISH = [
    "Calls for nominations",
    "New technologies 2026",
    "Nominate an innovator in new technologies.",
    "2026 Innovation Awards",
    "A coating that halves corrosion",
]
CRITERIA = [
    ("Novelty", "创新性", "与国内外同类技术相比，创新程度如何？"),
    ("Impact", "实际成效", "经济效益和社会效益是否有数据支撑？"),
    ("Maturity", "成熟度", "技术处于哪个阶段：试验、示范还是规模应用？"),
]


@pytest.fixture
def site():
    """A call, a judging round and a winner's story, each in English and Chinese."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    translate_page(home, title="首页", hero_heading="表彰创新者，推动城市发展")
    index = CallIndexPageFactory(parent=home, show_in_menus=True, title="Calls for nominations")
    translate_page(index, title="征集通知")
    cycle = AwardCycleFactory(
        year=2026,
        name_en="2026 Innovation Awards",
        name_zh_hans="2026年度创新奖",
        nominations_open=timezone.now() - timedelta(days=3),
    )
    call = CallPageFactory(
        parent=index,
        cycle=cycle,
        category=Category.objects.get(code="TEC"),
        title="New technologies 2026",
        intro="Nominate an innovator in new technologies.",
    )
    chinese_call = translate_page(call, title="2026年度新技术奖提名", intro="推荐在新技术领域作出突出贡献的创新者。")

    judge = JudgeProfileFactory(user__first_name="伟", user__last_name="张")
    PanelFactory(cycle=cycle, members=[judge], chair=judge)
    round_ = RoundFactory(cycle=cycle, judges_per_nomination=1)
    for criterion, (english, name, guidance) in zip(round_.criteria.order_by("sort_order"), CRITERIA, strict=True):
        criterion.name_en, criterion.guidance_en = english, f"How strong is the {english.lower()}?"
        criterion.name_zh_hans, criterion.guidance_zh_hans = name, guidance
        criterion.save()
    nomination = NominationFactory(call=call, title="石墨烯防腐涂层", summary="A coating that halves corrosion.")
    advance(nomination, "submit", "accept", by=nomination.nominator)
    assignment = AssignmentFactory(  # with the judge's statement for the cycle, confirmed
        round=round_, nomination=nomination, judge=judge, declared_no_conflict_at=timezone.now()
    )

    past = AwardCycleFactory(year=2025, name_en="2025 Innovation Awards", name_zh_hans="2025年度创新奖")
    past_call = CallPageFactory(parent=index, cycle=past, category=Category.objects.get(code="TEC"))
    winners = winners_index_page(home)
    translate_page(winners, title="获奖者", intro="本市表彰的创新者。")
    story = make_winner(past_call, UserFactory(), title="Graphene coating", nominee_name="Datong Graphene Ltd")
    announce(past)
    chinese_story = translate_page(
        story, title="大同石墨烯：让矿山设备远离腐蚀", summary="一种涂层让煤矿设备的腐蚀减半。"
    )
    return {"call": chinese_call, "assignment": assignment, "story": chinese_story, "judge": judge}


@pytest.fixture
def chinese(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def chinese_only(texts):
    """The texts that are not Chinese (an empty list when all are)."""
    return [text for text in texts if text.strip() and not CJK.search(text)]


def sign_in(page, base, email):
    page.goto(base + "/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_a_chinese_browser_reads_nominates_judges_and_reads_a_story_in_chinese(live_server, chinese, site):
    base = live_server.url

    # A visitor lands on / and is sent to the Chinese site.
    chinese.goto(base + "/")
    chinese.wait_for_url(base + "/zh-hans/")
    assert chinese.locator("html").get_attribute("lang") == "zh-hans"
    expect(chinese.locator("h1").first).to_have_text("表彰创新者，推动城市发展")
    home_text = chinese.locator("body").inner_text()
    assert [sentence for sentence in ENGLISH if sentence in home_text] == []

    # The call, in Chinese.
    chinese.goto(base + site["call"].url)
    expect(chinese.locator("h1")).to_have_text("2026年度新技术奖提名")
    assert "推荐在新技术领域作出突出贡献的创新者。" in chinese.locator(".lead").inner_text()
    assert chinese_only(chinese.locator(".call-facts dt").all_inner_texts()) == []
    assert [sentence for sentence in ENGLISH if sentence in chinese.locator("body").inner_text()] == []

    # A nominator signs in and nominates: every step's labels and buttons are Chinese.
    UserFactory(email="nominator@example.net", first_name="梅", last_name="林")
    sign_in(chinese, base, "nominator@example.net")
    chinese.wait_for_url(re.compile(r"^(?!.*/accounts/login/)"))
    chinese.goto(base + site["call"].url)
    chinese.get_by_role("link", name="提名", exact=True).click()
    answers = {
        "nominee": {
            "nominee_name": "大同新材料有限公司",
            "nominee_organisation": "大同新材料有限公司",
            "nominee_email": "info@xincailiao.example.cn",
        },
        "innovation": {
            "title": "煤矿设备石墨烯防腐涂层",
            "summary": "让设备腐蚀减半。",
            "description": "以喷涂方式施工的石墨烯涂层。",
            "novelty": "省内首个同类产品。",
        },
        "impact": {"results": "两座煤矿维护成本下降四成。", "evidence": "省级检测机构出具的检测报告。"},
    }
    step_urls = {
        "nominee": rf"/nominate/{site['call'].pk}/$",
        "innovation": r"/edit/innovation/$",
        "impact": r"/edit/impact/$",
        "files": r"/edit/files/$",
        "declarations": r"/edit/declarations/$",
    }
    for slug, url in step_urls.items():
        chinese.wait_for_url(re.compile(url))
        form = chinese.locator("main form.nomination-form")
        labels = form.locator("label, legend").all_inner_texts()
        assert labels and chinese_only(labels) == [], slug
        assert chinese_only(form.locator("button").all_inner_texts()) == [], slug
        for name, value in answers.get(slug, {}).items():
            form.locator(f"[name={name}]").fill(value)
        if slug == "nominee":
            form.locator("[name=nominee_type]").first.check()
            form.locator("[name=region]").select_option("datong")
        if slug == "impact":
            form.locator("[name=stage]").last.check()
        if slug == "declarations":
            form.locator("[name=relation]").first.check()
            form.locator("[name=declaration_true]").check()
            form.locator("[name=consent_processing]").check()
        form.locator("button[name=continue]").click()
    chinese.wait_for_url(re.compile(r"/review/$"))
    assert chinese_only(chinese.locator("main h1, main h2").all_inner_texts()) == []
    chinese.get_by_role("button", name="提交提名").click()
    chinese.wait_for_url(re.compile(r"/nominations/\d+/$"))
    nomination = Nomination.objects.get(nominator__email="nominator@example.net")
    assert (nomination.state, nomination.nominee_name, nomination.title) == (
        "submitted",
        "大同新材料有限公司",
        "煤矿设备石墨烯防腐涂层",
    )
    expect(chinese.locator("body")).to_contain_text(f"您的提名编号为 {nomination.reference}")

    # A judge scores against the Chinese rubric.
    judge = site["judge"]
    judge_page = chinese.context.browser.new_context(locale="zh-CN").new_page()
    Authenticator.objects.filter(user=judge.user).delete()
    TOTP.activate(judge.user, SECRET)
    sign_in(judge_page, base, judge.user.email)
    judge_page.wait_for_url(re.compile(r"/accounts/2fa/authenticate/$"))
    with code_on_a_still_clock(SECRET) as code:
        judge_page.fill("input[name=code]", code)
        judge_page.get_by_role("button", name="登录").click()
        judge_page.wait_for_url(re.compile(r"^(?!.*/accounts/2fa/)"))
    assignment = site["assignment"]
    judge_page.goto(f"{base}/judging/assignments/{assignment.pk}/")
    page_text = judge_page.locator("main").inner_text()
    for _english, name, guidance in CRITERIA:
        assert name in page_text and guidance in page_text
    assert [english for english, _name, _guidance in CRITERIA if english in page_text] == []
    for criterion in assignment.round.criteria.all():
        score = judge_page.locator(f"[name='score-{criterion.pk}']")
        if score.first.get_attribute("type") == "radio":
            judge_page.locator(f"[name='score-{criterion.pk}'][value='{criterion.scale_max}']").check()
        else:
            score.fill(str(criterion.scale_max))
    judge_page.get_by_role("button", name="提交评分").click()
    judge_page.locator("#confirm-submit-scores [data-confirm-yes]").click()  # the confirmation dialog
    expect(judge_page.locator("li.message--success")).to_have_text("您的评分已提交，谢谢。")
    assignment.refresh_from_db()
    assert assignment.state == "submitted"
    judge_page.context.close()

    # A visitor reads a winner's story in Chinese.
    chinese.goto(base + site["story"].url)
    expect(chinese.locator("h1")).to_have_text("大同石墨烯：让矿山设备远离腐蚀")
    assert "一种涂层让煤矿设备的腐蚀减半。" in chinese.locator("main").inner_text()
    assert "Graphene coating" not in chinese.locator("main").inner_text()
