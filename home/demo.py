"""Demo content for the site's own pages, with images drawn by Pillow (no network)."""

from io import BytesIO

from PIL import Image as PILImage
from PIL import ImageDraw

from django.core.files.images import ImageFile

from wagtail.images import get_image_model
from wagtail.models import Collection, Site

from home.models import HomePage, StandardPage

PAGES = [
    (
        "about",
        "About the awards",
        True,
        "The city's innovation awards recognise the people and organisations whose new infrastructure, "
        "technologies, materials, equipment, products and industries make the city stronger.",
    ),
    ("faq", "Frequently asked questions", True, "How nominating, screening and judging work."),
    ("privacy", "Privacy", False, "What we collect when you nominate, why, and how long we keep it."),
]


BODY = (
    "Each year the awards office opens a call in every category. Members of the public nominate innovators, "
    "an expert pool scores the eligible nominations against published criteria, and the winners' stories are "
    "told on this site. Judges declare conflicts of interest, and every decision is on the record."
)


def demo_image(title, colour, size=(1200, 630)):
    """A banner drawn with Pillow, stored once in Wagtail's image library."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
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
    return Image.objects.create(
        title=title, collection=collection, file=ImageFile(buffer, name=f"{title.lower().replace(' ', '-')}.png")
    )


def load(*, stdout, now):
    home = Site.objects.get(is_default_site=True).root_page.specific
    if not isinstance(home, HomePage):
        raise TypeError("The default site's root page must be the HomePage (see home/migrations/0002).")
    HomePage.objects.filter(pk=home.pk).update(
        hero_heading="Celebrating the city's innovators",
        hero_text=(
            "Every year the city honours new infrastructure, technologies, materials, equipment, products "
            "and industries. Nominate an innovator, yourself included, before the calls close."
        ),
    )
    banner = demo_image("Awards banner", "#b91c1c")
    for slug, title, in_menu, intro in PAGES:
        if StandardPage.objects.filter(slug=slug).exists():
            continue
        body = [("heading", "What we do"), ("paragraph", f"<p>{BODY}</p>")]
        if slug == "privacy":
            from privacy.demo import privacy_body

            body = privacy_body()
        if slug == "about":
            body.append(("image", {"image": banner, "decorative": False, "alt_text": "The awards' banner"}))
        page = StandardPage(title=title, slug=slug, show_in_menus=in_menu, intro=intro, body=body)
        home.add_child(instance=page)
        page.save_revision().publish()
    stdout.write("Site pages: home, about, FAQ, privacy.")
