"""Plain helpers for the privacy tests (fixtures are in tests/privacy/conftest.py)."""

from nominations.services import add_file
from nominations.uploads import validate_upload
from tests.factories import NominationFactory, advance
from tests.nominations.helpers.access import jpeg


def make_nomination(call, nominator, *steps, by=None, photo=True, **fields):
    nomination = NominationFactory(call=call, nominator=nominator, team_members="Zhang San, engineer", **fields)
    if photo:
        add_file(nomination=nomination, upload=validate_upload(jpeg("site-photo.jpg")))
    return advance(nomination, *steps, by=by or nominator)
