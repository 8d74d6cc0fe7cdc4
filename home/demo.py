# ruff: noqa: RUF001 - Chinese text uses full-width punctuation.
"""Demo content for the site's own pages in Chinese and English, linked as translations,
the site settings in both languages (with the certificates' emblem and signatories), and
images drawn by Pillow (no network)."""

import math
from io import BytesIO

from PIL import Image as PILImage
from PIL import ImageDraw

from django.conf import settings
from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Site

from home.models import HomePage, SiteSettings, StandardPage
from nominations.storage import delete_unless_committed
from privacy.demo import CHINESE as PRIVACY_ZH
from privacy.demo import ENGLISH as PRIVACY_EN

ZH, EN = "zh-hans", "en"

HOME = {
    ZH: {
        "title": "城市创新奖",
        "hero_heading": "致敬城市创新者",
        "hero_text": "城市创新奖每年评选新基建、新技术、新材料、新装备、新产品、新业态六大类别的优秀成果。"
        "欢迎在征集截止前提名身边的创新者，也欢迎自荐。",
        "body": [
            ("heading", "评选怎样进行"),
            (
                "paragraph",
                "<p>提名征集结束后，评选办公室先对提名材料进行形式审查，再由专家库中的评审专家按照公布的标准独立评分，"
                "最后经评审委员会审定、公示后揭晓获奖名单。</p>",
            ),
        ],
    },
    EN: {
        "title": "City Innovation Awards",
        "hero_heading": "Celebrating the city's innovators",
        "hero_text": "Every year the city honours new infrastructure, technologies, materials, equipment, products "
        "and industries. Nominate an innovator, yourself included, before the calls close.",
        "body": [
            ("heading", "How the awards work"),
            (
                "paragraph",
                "<p>When a call closes, the awards office checks every nomination is complete and eligible. "
                "Experts from the judging pool then score them on their own against the published criteria, "
                "and the panel confirms the winners before they are announced.</p>",
            ),
        ],
    },
}

STANDARD = {
    "about": {
        ZH: {
            "title": "关于城市创新奖",
            "intro": "城市创新奖由市人民政府设立，表彰在新基建、新技术、新材料、新装备、新产品、新业态等领域"
            "作出突出贡献、助力城市高质量发展的个人和单位。",
            "body": [
                ("heading", "我们做什么"),
                (
                    "paragraph",
                    "<p>评选办公室每年按类别发布提名征集公告。社会各界均可提名，专家库评审专家依据公开的标准对符合条件的提名进行评审，"
                    "获奖者的创新故事将在本网站展示。评审专家须主动申报利益冲突，每一项评审决定均有据可查。</p>",
                ),
            ],
        },
        EN: {
            "title": "About the awards",
            "intro": "The city's innovation awards recognise the people and organisations whose new infrastructure, "
            "technologies, materials, equipment, products and industries make the city stronger.",
            "body": [
                ("heading", "What we do"),
                (
                    "paragraph",
                    "<p>Each year the awards office opens a call in every category. Members of the public "
                    "nominate innovators, an expert pool scores the eligible nominations against published "
                    "criteria, and the winners' stories are told on this site. Judges declare conflicts of "
                    "interest, and every decision is on the record.</p>",
                ),
            ],
        },
    },
    "faq": {
        ZH: {
            "title": "常见问题",
            "intro": "关于提名、形式审查和专家评审的常见问题解答。",
            "body": [
                ("heading", "谁可以提名？"),
                ("paragraph", "<p>任何人注册账户后均可提名，也可以自荐。</p>"),
                ("heading", "评审结果什么时候公布？"),
                ("paragraph", "<p>每年的评审日程在首页公布，获奖名单经公示后在本网站发布。</p>"),
            ],
        },
        EN: {
            "title": "Frequently asked questions",
            "intro": "How nominating, screening and judging work.",
            "body": [
                ("heading", "Who can nominate?"),
                ("paragraph", "<p>Anyone with an account, and you may nominate yourself.</p>"),
                ("heading", "When are the results announced?"),
                ("paragraph", "<p>Each year's dates are on the home page; the winners are published here.</p>"),
            ],
        },
    },
    "privacy": {
        ZH: {"title": "隐私政策", "intro": "我们在您提名时收集哪些信息、为什么收集、保存多长时间。"},
        EN: {"title": "Privacy", "intro": "What we collect when you nominate, why, and how long we keep it."},
    },
}
IN_MENUS = {"about": True, "faq": True, "privacy": False}
ALT_TEXT = {ZH: "城市创新奖宣传图", EN: "The awards' banner"}

SETTINGS = {
    "site_name_zh_hans": "城市创新奖",
    "site_name_en": "City Innovation Awards",
    "tagline_zh_hans": "发现创新力量，服务城市发展",
    "tagline_en": "Finding the innovators who build the city",
    "organiser_zh_hans": "市科学技术局 城市创新奖评选办公室",
    "organiser_en": "Awards Office, Municipal Bureau of Science and Technology",
    "address_zh_hans": "山西省大同市平城区御河西路1号 市民服务中心3层",
    "address_en": "3rd floor, Citizen Service Centre, 1 Yuhe West Road, Pingcheng District, Datong, Shanxi",
    "contact_email": "awards@example.org",
    "contact_phone": "0352-5550100",
    # The certificates' signatories (nominations.certificates): the emblem and the signature
    # images are drawn below.
    "signatory_1_name_zh_hans": "刘卫东",
    "signatory_1_name_en": "Liu Weidong",
    "signatory_1_title_zh_hans": "大同市人民政府副市长",
    "signatory_1_title_en": "Deputy Mayor of Datong",
    "signatory_2_name_zh_hans": "陈静",
    "signatory_2_name_en": "Chen Jing",
    "signatory_2_title_zh_hans": "城市创新奖评审委员会主任",
    "signatory_2_title_en": "Chair of the Awards Panel",
}


def demo_image(title, colour, size=(1200, 630), draw_picture=None):
    """A banner drawn with Pillow (or by `draw_picture()`, which returns a Pillow image),
    stored once in Wagtail's image library."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    if draw_picture is not None:
        picture = draw_picture()
    else:
        picture = PILImage.new("RGB", size, colour)
        draw = ImageDraw.Draw(picture)
        width, height = size
        for step in range(0, width, 60):
            draw.line([(step, height), (step + height // 2, 0)], fill=(255, 255, 255), width=3)
        draw.ellipse([width * 0.6, height * 0.2, width * 0.6 + height * 0.6, height * 0.8], outline="white", width=12)
    buffer = BytesIO()
    picture.save(buffer, "PNG")
    collection = Collection.get_first_root_node().get_children().filter(name="Demo images").first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name="Demo images")
    image = Image.objects.create(
        title=title, collection=collection, file=ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.png")
    )
    # load_demo_data runs in one transaction: if it fails, the images' files go with it.
    delete_unless_committed(image.file.storage, image.file.name)
    return image


def _publish(page, fields):
    for name, value in fields.items():
        setattr(page, name, value)
    page.save_revision().publish()


def languages():
    """The home page's language first (the one the site was made in), then the other."""
    home = Site.objects.get(is_default_site=True).root_page
    return [home.locale.language_code, *[code for code in (ZH, EN) if code != home.locale.language_code]]


def home_pages():
    """The home page in each language: the translation is made the first time, with its
    own text. Returns {language code: HomePage}."""
    home = Site.objects.get(is_default_site=True).root_page.specific
    if not isinstance(home, HomePage):
        raise TypeError("The default site's root page must be the HomePage (see home/migrations/0002).")
    pages = {home.locale.language_code: home}
    for code in languages()[1:]:
        locale = Locale.objects.get(language_code=code)
        translation = home.get_translation_or_none(locale)
        if translation is None:
            translation = home.copy_for_translation(locale)
            _publish(translation, HOME[code])
        pages[code] = translation.specific
    return pages


def bilingual_page(parents, page_class, slug, texts, **shared):
    """A page in each language under `parents` ({code: parent}), made once: the first in
    the home page's language, the other as its translation (same translation_key) with its
    own text. `texts` is {code: {field: value}}; `shared` are fields both have. Returns
    {code: page}."""
    first, *others = languages()
    page = page_class.objects.child_of(parents[first]).filter(slug=slug).first()
    if page is None:
        page = page_class(slug=slug, **shared)
        for name, value in texts[first].items():
            setattr(page, name, value)
        parents[first].add_child(instance=page)
        page.save_revision().publish()
    pages = {first: page}
    for code in others:
        translation = page.get_translation_or_none(Locale.objects.get(language_code=code))
        if translation is None:
            translation = page.copy_for_translation(Locale.objects.get(language_code=code))
            _publish(translation, texts[code])
        pages[code] = translation.specific
    return pages


def _emblem():
    """A round seal on a transparent ground: a red disc in a gold ring, a five-pointed star
    over the battlements of a city wall."""
    size = 600
    picture = PILImage.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    draw.ellipse([10, 10, size - 10, size - 10], fill="#a16207")
    draw.ellipse([40, 40, size - 40, size - 40], fill="#b91c1c")
    draw.ellipse([70, 70, size - 70, size - 70], outline="#facc15", width=6)
    centre, outer, inner = size / 2, 130, 52
    points = []
    for index in range(10):
        radius = outer if index % 2 == 0 else inner
        angle = math.radians(-90 + index * 36)
        points.append((centre + radius * math.cos(angle), 230 + radius * math.sin(angle)))
    draw.polygon(points, fill="#facc15")
    draw.rectangle([150, 400, 450, 460], fill="#facc15")  # the wall
    for x in range(150, 450, 60):
        draw.rectangle([x, 370, x + 30, 400], fill="#facc15")  # its battlements
    draw.pieslice([265, 420, 335, 500], 180, 360, fill="#b91c1c")  # the gate
    return picture


def _signature(seed):
    """A signature's flourish in dark blue ink on a transparent ground: loops along a
    line, each person's own (seed)."""
    width, height = 600, 200
    picture = PILImage.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(picture)
    # Each person's hand: how many loops, how wide they run and how the height swells.
    loops, reach, swell = ((5, 32, 0.0), (3, 55, 2.0))[seed % 2]
    points = []
    for step in range(600):
        t = step / 600
        turn = 2 * math.pi * loops * t
        # A slanted prolate cycloid: the pen runs forward and loops back, taller at first.
        height_now = 55 * (1.2 - t) * (1 + 0.3 * math.sin(3 * turn / loops + swell))
        x = 50 + 470 * t - reach * math.sin(turn) + 0.35 * height_now * math.cos(turn)
        y = 115 - height_now * math.cos(turn) + 20 * t
        points.append((x, y))
    draw.line(points, fill="#1e3a8a", width=6, joint="curve")
    draw.line([(60, 170), (560, 150)], fill="#1e3a8a", width=4)  # the underline
    return picture


def _settings():
    site = Site.objects.get(is_default_site=True)
    images = {
        "certificate_emblem": demo_image("City emblem", None, draw_picture=_emblem),
        "signatory_1_signature": demo_image("Signature: Liu Weidong", None, draw_picture=lambda: _signature(0)),
        "signatory_2_signature": demo_image("Signature: Chen Jing", None, draw_picture=lambda: _signature(1)),
    }
    SiteSettings.objects.update_or_create(site=site, defaults={**SETTINGS, **images})


def _privacy(blocks):
    return [(kind, value.format(months=settings.PRIVACY_RETENTION_MONTHS)) for kind, value in blocks]


def load(*, stdout, now):
    homes = home_pages()
    first = languages()[0]
    if homes[first].hero_heading != HOME[first]["hero_heading"] or not homes[first].body:
        # The page the migration made has an English heading and no body: the demo's text, once.
        _publish(homes[first], HOME[first])
    banner = demo_image("Awards banner", "#b91c1c")
    for slug, texts in STANDARD.items():
        texts = {code: dict(fields) for code, fields in texts.items()}
        if slug == "privacy":
            texts[ZH]["body"], texts[EN]["body"] = _privacy(PRIVACY_ZH), _privacy(PRIVACY_EN)
        if slug == "about":
            for code in (ZH, EN):
                image = {"image": banner, "decorative": False, "alt_text": ALT_TEXT[code]}
                texts[code]["body"] = [*texts[code]["body"], ("image", image)]
        bilingual_page(homes, StandardPage, slug, texts, show_in_menus=IN_MENUS[slug])
    _settings()
    stdout.write("Site pages in Chinese and English: home, about, FAQ, privacy; site settings.")
