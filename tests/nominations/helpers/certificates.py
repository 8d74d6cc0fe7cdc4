"""Commended nominations with an award level, in a cycle announced or not, for the
certificate tests (tests/nominations/test_certificates*.py, tests/e2e/test_certificate_journey.py)."""

from datetime import timedelta
from io import BytesIO

from PIL import Image as PILImage
from pypdf import PdfReader

from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Collection

from judging.models import Award, AwardLevel
from nominations.models import Category
from tests.factories import AwardCycleFactory, CallPageFactory, NominationFactory, UserFactory, advance


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def pdf_images(content):
    """The names of the image XObjects drawn on each page."""
    found = []
    for page in PdfReader(BytesIO(content)).pages:
        objects = page["/Resources"].get("/XObject") or {}
        found.append(sorted(name for name, obj in objects.items() if obj.get_object()["/Subtype"] == "/Image"))
    return found


def png_image(title="City emblem", colour=(185, 28, 28, 255), size=(240, 240)):
    buffer = BytesIO()
    PILImage.new("RGBA", size, colour).save(buffer, "PNG")
    return get_image_model().objects.create(
        title=title,
        file=ImageFile(BytesIO(buffer.getvalue()), name="emblem.png"),
        collection=Collection.get_first_root_node(),
    )


class CertificateWorld:
    """A cycle (announced an hour ago, or in a month) with its first prize, a call in new
    technologies, and commended nominations made by walking the real transitions."""

    def __init__(self, call_index, admin, *, announced=True, year=2031):
        self.admin = admin
        self.cycle = AwardCycleFactory(year=year, name_zh_hans=f"{year}年创新奖")
        self.announce(announced)
        self.call = CallPageFactory(parent=call_index, cycle=self.cycle, category=Category.objects.get(code="TEC"))
        self.level = AwardLevel.objects.create(cycle=self.cycle, name_zh_hans="一等奖", name_en="First prize", rank=1)
        self.nominator = UserFactory(email=f"winner-nominator-{year}@example.net")

    def announce(self, announced=True):
        self.cycle.announcement_at = timezone.now() + (timedelta(hours=-1) if announced else timedelta(days=30))
        self.cycle.save()

    def nomination(self, state="commended", level=True, nominator=None, **fields):
        steps = {
            "submitted": ["submit"],
            "shortlisted": ["submit", "accept", "shortlist"],
            "commended": ["submit", "accept", "shortlist", "commend"],
            "not_commended": ["submit", "accept", "shortlist", "not_commend"],
        }[state]
        made = NominationFactory(call=self.call, nominator=nominator or self.nominator, **fields)
        advance(made, *steps, by=self.admin)
        if state == "commended" and level:
            Award.objects.create(nomination=made, level=self.level, decided_by=self.admin)
        return made
