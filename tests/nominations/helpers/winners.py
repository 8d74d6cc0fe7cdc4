"""Helpers and fixtures for the winners' tests (pages, index, search and feed)."""

from datetime import timedelta
from io import BytesIO

from bs4 import BeautifulSoup
from PIL import Image as PILImage

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from judging.models import Award
from nominations.models import NominationFile, WinnersIndexPage
from nominations.services import add_file
from nominations.uploads import validate_upload
from nominations.winners import create_story
from tests.factories import NominationFactory, advance

COMMEND = ("submit", "accept", "shortlist", "commend")


# Helpers shared with tests/home/test_search_feed.py ------------------------------------


def photo(size=(800, 500), colour="#b91c1c"):
    buffer = BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "JPEG")
    return buffer.getvalue()


def add_photos(nomination, count=1, size=(800, 500)):
    """Image evidence on a nomination; create_story copies it into the image library (the
    first becomes the hero image, the rest the gallery) when the nominee consented."""
    for number in range(count):
        data = photo(size, colour=f"#{(number * 40) % 256:02x}1c1c")
        NominationFile.objects.create(
            nomination=nomination,
            kind=NominationFile.Kind.IMAGE,
            file=SimpleUploadedFile(f"photo{number}.jpg", data, content_type="image/jpeg"),
            original_name=f"photo{number}.jpg",
            content_type="image/jpeg",
            size=len(data),
            width=size[0],
            height=size[1],
        )


def announce(cycle, *, announced=True):
    """The embargo is the cycle's announcement time: in the past, the winners are public."""
    cycle.announcement_at = timezone.now() + (timedelta(hours=-1) if announced else timedelta(days=30))
    cycle.save()
    return cycle


def publish(nomination, user, *, live=True):
    story, _created = create_story(nomination=nomination, user=user)
    if live:
        story.save_revision(user=user).publish()
        story.refresh_from_db()
    return story


def make_winner(call, user, *, photos=0, level=None, **fields):
    """A commended nomination moved through the real transitions, with a published story.
    Fast enough to make a hundred (no fixtures, one nominator)."""
    nomination = NominationFactory(call=call, nominator=user, **fields)
    advance(nomination, *COMMEND, by=user)
    if photos:
        add_photos(nomination, photos)
    if level:
        Award.objects.create(nomination=nomination, level=level, decided_by=user)
    return publish(nomination, user)


def winners_index_page(home_page):
    index = WinnersIndexPage(title="Winners", slug="winners", intro="The innovators the city commended.")
    home_page.add_child(instance=index)
    return index


def card_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [card.select_one(".card__title").get_text(strip=True) for card in soup.select(".winner-card")]


def search_result_titles(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".search-result__title a")]


def add_photo(nomination):
    """A JPEG among the nomination's files, as the nominator uploads it."""
    buffer = BytesIO()
    PILImage.new("RGB", (800, 600), "#0f766e").save(buffer, "JPEG")
    add_file(nomination=nomination, upload=validate_upload(SimpleUploadedFile("p.jpg", buffer.getvalue())))
