"""The winners' certificates (nominations.certificates, judging.certificates): what they say
in both languages, the emblem and signatures from the site settings, who may download one
and when, and the office's bulk download with its cost in queries."""

from datetime import UTC, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from django.urls import reverse

from wagtail.models import Site

from accounts.mfa import activate_totp
from home.models import SiteSettings
from nominations.certificates import Certificate, Decoration, Signatory, certificates_pdf
from nominations.pdf_text import Both
from tests.factories import UserFactory
from tests.nominations.helpers.certificates import CertificateWorld, pdf_images, pdf_text, png_image


@pytest.fixture
def world(call_index, awards_admin):
    return CertificateWorld(call_index, awards_admin)


def site_settings():
    return SiteSettings.for_site(Site.objects.get(is_default_site=True))


def certificate_url(nomination):
    return reverse("judging:certificate", args=[nomination.pk])


def plain_certificate(**overrides):
    fields = {
        "reference": "2031-TEC-0007",
        "nominee": "Shanxi Graphene Materials Co.",
        "organisation": "Taiyuan University of Technology",
        "title": "Graphene anti-corrosion coating",
        "award": Both("一等奖", "First prize"),
        "category": Both("新技术", "New technologies"),
        "cycle": Both("2031年创新奖", "2031 Innovation Awards"),
        "announced_at": datetime(2031, 11, 20, 2, tzinfo=UTC),
    }
    return Certificate(**(fields | overrides))


DECORATION = Decoration(
    awards_name=Both("大同市创新奖", "Datong Innovation Awards"),
    organiser=Both("大同市科学技术局", "Datong Science and Technology Bureau"),
    signatories=(Signatory(name=Both("张伟", "Zhang Wei"), title=Both("市长", "Mayor")),),
)


# The PDF itself -------------------------------------------------------------------------


def test_a_certificate_says_everything_in_chinese_then_english():
    content = certificates_pdf([plain_certificate()], DECORATION)
    reader = PdfReader(BytesIO(content))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # A4 landscape
    text = pdf_text(content)
    for words in (
        "大同市创新奖",
        "Datong Innovation Awards",
        "Shanxi Graphene Materials Co.",
        "Taiyuan University of Technology",
        "Graphene anti-corrosion coating",
        "一等奖",
        "First prize",
        "2031年创新奖",
        "2031 Innovation Awards",
        "新技术",
        "New technologies",
        "2031-TEC-0007",
        "2031年11月20日",
        "20 November 2031",
        "张伟",
        "Zhang Wei",
        "市长",
        "Mayor",
    ):
        assert words in text, words
    # Chinese first: each Chinese line comes before its English.
    assert text.index("一等奖") < text.index("First prize")
    assert text.index("2031年创新奖") < text.index("2031 Innovation Awards")
    fonts = {str(font["/BaseFont"]) for font in reader.pages[0]["/Resources"]["/Font"].values()}
    assert any("STSong-Light" in font for font in fonts), fonts


def test_a_name_in_one_language_is_printed_once_and_a_long_one_still_fits():
    long_name = "Professor Wang Jianguo and the Shanxi Coal Mine Materials Research Team " * 3
    decoration = Decoration(awards_name=Both("Datong Awards", "Datong Awards"), organiser=Both("", ""))
    content = certificates_pdf([plain_certificate(nominee=long_name)], decoration)
    text = pdf_text(content)
    assert text.count("Datong Awards") == 1
    assert "Professor Wang Jianguo" in text
    assert len(PdfReader(BytesIO(content)).pages) == 1


def test_no_signatory_leaves_a_line_above_the_organiser():
    content = certificates_pdf(
        [plain_certificate()], Decoration(awards_name=Both("", "Awards"), organiser=Both("主办单位", "The office"))
    )
    text = pdf_text(content)
    assert "主办单位" in text and "The office" in text


# The site settings' emblem and signatures -----------------------------------------------


@pytest.mark.django_db
def test_the_emblem_and_a_signature_from_the_site_settings_are_embedded(client, world):
    nomination = world.nomination()
    client.force_login(world.nominator)
    assert pdf_images(client.get(certificate_url(nomination)).content) == [[]]
    settings = site_settings()
    settings.certificate_emblem = png_image()
    settings.signatory_1_name_zh_hans, settings.signatory_1_name_en = "张伟", "Zhang Wei"
    settings.signatory_1_title_zh_hans, settings.signatory_1_title_en = "市长", "Mayor"
    settings.signatory_1_signature = png_image("Signature", colour=(20, 20, 80, 255), size=(400, 120))
    settings.signatory_2_name_en = "Li Na"  # a second signatory without a signature image
    settings.save()
    response = client.get(certificate_url(nomination))
    assert len(pdf_images(response.content)[0]) == 2  # the emblem and the one signature
    text = pdf_text(response.content)
    assert "张伟" in text and "Zhang Wei" in text and "Mayor" in text and "Li Na" in text


# Who may download it, and when ------------------------------------------------------------


@pytest.mark.django_db
def test_the_nominator_downloads_the_certificate_after_the_announcement(client, world):
    nomination = world.nomination(nominee_name="Lantern Bridge Sensors Ltd", title="Self-checking bridge bearings")
    client.force_login(world.nominator)
    response = client.get(certificate_url(nomination))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="certificate-{nomination.reference}.pdf"'
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    for words in ("Lantern Bridge Sensors Ltd", "Self-checking bridge bearings", "一等奖", "First prize", "新技术"):
        assert words in text, words
    assert nomination.reference in text


@pytest.mark.django_db
def test_without_an_award_level_the_certificate_reads_commended(client, world):
    nomination = world.nomination(level=False)
    client.force_login(world.nominator)
    text = pdf_text(client.get(certificate_url(nomination)).content)
    assert "Commended" in text and "First prize" not in text


@pytest.mark.django_db
def test_whatever_the_nominees_consent_to_publication(client, world):
    nomination = world.nomination(consent_public_name=False)
    assert nomination.nominee_publication_consent is False
    client.force_login(world.nominator)
    assert client.get(certificate_url(nomination)).status_code == 200


@pytest.mark.django_db
def test_nobody_else_and_not_before_the_announcement(client, world, screener):
    nomination = world.nomination()
    url = certificate_url(nomination)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    client.force_login(UserFactory(email="someone-else@example.net"))
    assert client.get(url).status_code == 404
    client.force_login(world.nominator)
    assert client.get(reverse("judging:certificate", args=[999999])).status_code == 404
    for state in ("shortlisted", "not_commended", "submitted"):
        assert client.get(certificate_url(world.nomination(state))).status_code == 404, state
    world.announce(False)
    assert client.get(url).status_code == 404
    # The awards office prints them before the ceremony.
    client.force_login(screener)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_link_shows_on_my_nominations_and_the_nominations_page_only_after_the_announcement(client, world):
    nomination = world.nomination()
    other = world.nomination("not_commended")
    client.force_login(world.nominator)
    mine = client.get(reverse("nominations:mine")).content.decode()
    page = client.get(reverse("nominations:detail", args=[nomination.pk])).content.decode()
    assert certificate_url(nomination) in mine and certificate_url(nomination) in page
    assert certificate_url(other) not in mine
    world.announce(False)
    mine = client.get(reverse("nominations:mine")).content.decode()
    page = client.get(reverse("nominations:detail", args=[nomination.pk])).content.decode()
    assert "Download certificate" not in mine and "Download certificate" not in page


# The office's bulk download ---------------------------------------------------------------


def bulk_url(world):
    return reverse("judging_cycle_certificates", args=[world.cycle.pk])


@pytest.mark.django_db
def test_the_office_downloads_a_cycles_certificates_one_page_each(client, world, awards_admin):
    first = world.nomination(nominee_name="First Winner Co.")
    second = world.nomination(nominee_name="Second Winner Co.", level=False)
    world.nomination("not_commended", nominee_name="Not A Winner Co.")
    client.force_login(awards_admin)
    listing = client.get(reverse("judging_certificates"))
    assert listing.status_code == 200
    assert bulk_url(world) in listing.content.decode()
    response = client.get(bulk_url(world))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="certificates-2031-innovation-awards.pdf"'
    reader = PdfReader(BytesIO(response.content))
    assert len(reader.pages) == 2
    pages = [page.extract_text() for page in reader.pages]
    assert ("First Winner Co." in pages[0], "Second Winner Co." in pages[1]) == (True, True)
    assert first.reference in pages[0] and second.reference in pages[1]
    assert "Not A Winner Co." not in "".join(pages)


@pytest.mark.django_db
def test_the_bulk_download_is_for_awards_administrators_only(client, world, screener):
    world.nomination()
    client.force_login(screener)
    for url in (reverse("judging_certificates"), bulk_url(world)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home"), url
    client.force_login(world.nominator)
    response = client.get(bulk_url(world))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_a_cycle_without_winners_has_nothing_to_download(client, world, awards_admin):
    client.force_login(awards_admin)
    response = client.get(bulk_url(world))
    assert response.status_code == 302 and response["Location"] == reverse("judging_certificates")


@pytest.mark.django_db
# 18: the session, the user, its permissions, two factors, its admin profile and groups (7);
# the cycle and the commended nominations with their calls, categories, cycles and award
# levels, in one (2); the site, its settings and the emblem (3); the emblem's rendition
# through the cache (6). The same whatever the number of winners.
@pytest.mark.parametrize("winners", [1, 4])
def test_the_bulk_download_costs_a_fixed_number_of_queries(
    client, world, awards_admin, django_assert_num_queries, winners
):
    for _ in range(winners):
        world.nomination()
    settings = site_settings()
    settings.certificate_emblem = png_image()
    settings.save()
    client.force_login(awards_admin)
    client.get(bulk_url(world))  # the emblem's rendition is made once, on the first
    with django_assert_num_queries(QUERIES):
        response = client.get(bulk_url(world))
    assert len(PdfReader(BytesIO(response.content)).pages) == winners


QUERIES = 18


# The settings' editor ---------------------------------------------------------------------


@pytest.mark.django_db
def test_the_emblem_and_signatories_are_set_in_the_site_settings_editor(client, world):
    root = UserFactory(email="root@example.net", is_superuser=True, is_staff=True)
    activate_totp(root)
    client.force_login(root)
    url = f"/admin/settings/home/sitesettings/{Site.objects.get(is_default_site=True).pk}/"
    form = client.get(url).content.decode()
    for name in ("certificate_emblem", "signatory_1_name_zh_hans", "signatory_1_title_en", "signatory_2_signature"):
        assert f'name="{name}"' in form, name
    emblem = png_image()
    response = client.post(
        url,
        {
            "site_name_zh_hans": "城市创新奖",
            "site_name_en": "City Innovation Awards",
            "certificate_emblem": emblem.pk,
            "signatory_1_name_zh_hans": "张伟",
            "signatory_1_name_en": "Zhang Wei",
            "signatory_1_title_zh_hans": "市长",
            "signatory_1_title_en": "Mayor",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    saved = site_settings()
    assert (saved.certificate_emblem_id, saved.signatory_1_name_en, saved.signatory_2_name_en) == (
        emblem.pk,
        "Zhang Wei",
        None,
    )
    client.force_login(world.nominator)
    content = client.get(certificate_url(world.nomination())).content
    assert len(pdf_images(content)[0]) == 1
    assert "城市创新奖" in pdf_text(content) and "Zhang Wei" in pdf_text(content)


@pytest.mark.django_db
# 13: the session, the user, its permissions, two factors, its admin profile and groups (7);
# the admin menu's locales and page, collection and site permissions and the explorer's root
# page (5); the cycles with their counts, in one (1). The same whatever the number of cycles.
@pytest.mark.parametrize("cycles", [1, 3])
def test_the_certificates_page_costs_a_fixed_number_of_queries(
    client, call_index, awards_admin, django_assert_num_queries, cycles
):
    for year in range(2031, 2031 + cycles):
        CertificateWorld(call_index, awards_admin, year=year).nomination()
    client.force_login(awards_admin)
    with django_assert_num_queries(LISTING_QUERIES):
        response = client.get(reverse("judging_certificates"))
    assert response.content.decode().count('href="/admin/certificates/') == cycles


LISTING_QUERIES = 13
