"""Request bodies: refused from their Content-Length before they are read, or while they are
read when the length is missing or lies (awards_site.request_limits)."""

import io

import pytest

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import close_old_connections
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from awards_site.request_limits import admin_upload_limit, body_limit, nomination_step_limit
from nominations.models import NominationFile
from nominations.uploads import validate_upload
from tests.factories import CallPageFactory, NominationFactory, UserFactory
from tests.nominations.helpers.uploads import image_bytes, upload

SIGN_IN = "/accounts/login/"
MB = 1024 * 1024


@pytest.fixture
def nominator(db):
    return UserFactory(email="nominator@example.net")


@pytest.fixture
def small_limits(settings):
    """Limits small enough for real bodies in a test; the arithmetic is the production one."""
    settings.REQUEST_MAX_BODY_BYTES = 1000
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.REQUEST_FORM_OVERHEAD_BYTES = 500
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 2000
    return settings


def _form_body(size):
    """An urlencoded body of exactly `size` bytes."""
    return b"login=" + b"x" * (size - len(b"login="))


def _post(client, path, body, **extra):
    return client.post(path, body, content_type="application/x-www-form-urlencoded", **extra)


class ExplodingInput:
    """A wsgi.input that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


def _call_wsgi(environ):
    # As Django's test client does: the request_started signal would close the test's
    # database connection, which holds the test's transaction.
    request_started.disconnect(close_old_connections)
    try:
        status = []
        body = WSGIHandler()(environ, lambda s, headers, exc_info=None: status.append(s))
        return int(status[0].split()[0]), b"".join(body).decode()
    finally:
        request_started.connect(close_old_connections)


def _environ(path, **overrides):
    return {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "HTTP_HOST": "testserver",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "wsgi.url_scheme": "http",
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
        **overrides,
    }


@pytest.mark.django_db
def test_a_400_mb_declared_body_gets_413_and_is_never_read():
    status, html = _call_wsgi(_environ(SIGN_IN, CONTENT_LENGTH=str(400 * MB), **{"wsgi.input": ExplodingInput()}))
    assert status == 413
    assert "Too large to send" in html
    assert "1.0\xa0MB" in html  # the limit, said in the page


@pytest.mark.django_db
def test_the_files_step_refuses_a_declared_body_over_its_own_limit_unread(nominator, call_index):
    nomination = NominationFactory(call=CallPageFactory(parent=call_index), nominator=nominator)
    path = f"/nominations/{nomination.pk}/edit/files/"
    too_big = str(nomination_step_limit() + 1)
    environ = _environ(path, CONTENT_TYPE=MULTIPART_CONTENT, CONTENT_LENGTH=too_big, **{"wsgi.input": ExplodingInput()})
    assert _call_wsgi(environ)[0] == 413


@pytest.mark.django_db
def test_anonymous_sign_in_post_of_200_mb_is_refused(client):
    response = _post(client, SIGN_IN, b"email=a", CONTENT_LENGTH=str(200 * MB))
    assert response.status_code == 413
    assert response.templates[0].name == "413.html"


@pytest.mark.django_db
def test_body_at_the_limit_is_read_and_one_byte_more_is_refused(client, small_limits):
    at_limit = _post(client, SIGN_IN, _form_body(1000))
    over = _post(client, SIGN_IN, _form_body(1001))
    assert at_limit.status_code == 200  # the sign-in form, with its errors
    assert over.status_code == 413


@pytest.mark.django_db
def test_malformed_content_length_is_a_branded_400(client):
    for length in ("abc", "-1", "\uff11\uff10"):  # the last: full-width digits
        response = _post(client, SIGN_IN, b"email=a", CONTENT_LENGTH=length)
        assert response.status_code == 400
        assert "Bad request" in response.content.decode()


@pytest.mark.django_db
def test_chunked_body_is_counted_while_read(client, small_limits):
    """No Content-Length (Transfer-Encoding: chunked under gunicorn, which ends the input
    itself): the body is read up to the limit, and one byte more is a 413."""

    def chunked(size):
        return {
            "CONTENT_LENGTH": "",
            "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "HTTP_TRANSFER_ENCODING": "chunked",
            "wsgi.input_terminated": True,
            "wsgi.input": io.BytesIO(_form_body(size)),
        }

    at_limit = _post(client, SIGN_IN, b"", **chunked(1000))
    over = _post(client, SIGN_IN, b"", **chunked(1001))
    assert at_limit.status_code == 200
    assert at_limit.context["form"].data["login"] == "x" * 994  # the body was read
    assert over.status_code == 413
    assert "Too large to send" in over.content.decode()


@pytest.mark.django_db
def test_a_content_length_that_understates_reads_no_further(client, small_limits):
    stream = io.BytesIO(_form_body(5 * MB))
    response = _post(
        client,
        SIGN_IN,
        b"",
        CONTENT_LENGTH="10",
        CONTENT_TYPE="application/x-www-form-urlencoded",
        **{"wsgi.input": stream},
    )
    assert response.status_code == 200
    assert response.context["form"].data["login"] == "xxxx"
    assert stream.tell() == 10


def _files_step_body(*files):
    return encode_multipart(BOUNDARY, {"files": list(files), "save": "1"})


@pytest.mark.django_db
def test_files_step_takes_what_one_step_may_upload(client, nominator, call_index, small_limits):
    nomination = NominationFactory(call=CallPageFactory(parent=call_index), nominator=nominator)
    path = f"/nominations/{nomination.pk}/edit/files/"
    photo = image_bytes("PNG", size=(40, 40))
    body = _files_step_body(upload("a.png", photo), upload("b.png", photo))
    small_limits.REQUEST_MAX_BODY_BYTES = 300
    assert len(body) > 300  # more than any other URL takes
    # Two files of their stored size fill the step exactly; the rest of the body is the
    # form around them, so the step's limit is exactly this body.
    stored = len(validate_upload(upload("a.png", photo)).content)
    small_limits.NOMINATION_MAX_FILES = 2
    small_limits.NOMINATION_MAX_FILE_BYTES = stored
    small_limits.NOMINATION_MAX_TOTAL_BYTES = 2 * stored
    small_limits.REQUEST_FORM_OVERHEAD_BYTES = len(body) - 2 * stored
    assert nomination_step_limit() == len(body)
    client.force_login(nominator)

    accepted = client.generic("POST", path, body, content_type=MULTIPART_CONTENT)
    assert NominationFile.objects.filter(nomination=nomination).count() == 2
    NominationFile.objects.all().delete()
    small_limits.REQUEST_FORM_OVERHEAD_BYTES -= 1
    refused = client.generic("POST", path, body, content_type=MULTIPART_CONTENT)

    assert accepted.status_code == 302
    assert refused.status_code == 413
    assert refused.templates[0].name == "413.html"


@pytest.mark.django_db
def test_other_steps_keep_the_small_limit(client, nominator, call_index, small_limits):
    nomination = NominationFactory(call=CallPageFactory(parent=call_index), nominator=nominator)
    client.force_login(nominator)
    response = _post(client, f"/nominations/{nomination.pk}/edit/innovation/", _form_body(1001))
    assert response.status_code == 413
    nomination.refresh_from_db()
    assert nomination.title.startswith("Graphene coating")  # nothing saved was lost


@pytest.mark.django_db
def test_form_fields_beside_the_files_are_held_to_the_memory_limit(client, nominator, call_index, small_limits):
    """Django's DATA_UPLOAD_MAX_MEMORY_SIZE counts the non-file fields of a multipart body:
    a body within the step's limit but with 1,500 bytes of text is refused, with the 413 page."""
    nomination = NominationFactory(call=CallPageFactory(parent=call_index), nominator=nominator)
    client.force_login(nominator)
    response = client.post(f"/nominations/{nomination.pk}/edit/files/", {"save": "1", "note": "x" * 1500})
    assert response.status_code == 413
    assert "Too large to send" in response.content.decode()


@pytest.mark.django_db
def test_admin_uploads_have_their_own_limit(client, small_limits):
    assert admin_upload_limit() == 2500
    # Anonymous, so the admin sends the visitor to sign in: the middleware let it through.
    within = _post(client, "/admin/images/multiple/add/", _form_body(2500))
    over = _post(client, "/admin/documents/multiple/add/", _form_body(2501))
    elsewhere = _post(client, "/admin/pages/add/", _form_body(1001))
    assert within.status_code == 302
    assert over.status_code == 413
    assert elsewhere.status_code == 413


def test_limits_per_url(settings):
    settings.REQUEST_MAX_BODY_BYTES = MB
    settings.REQUEST_FORM_OVERHEAD_BYTES = 256 * 1024
    settings.NOMINATION_MAX_FILES = 10
    settings.NOMINATION_MAX_FILE_BYTES = 10 * MB
    settings.NOMINATION_MAX_TOTAL_BYTES = 50 * MB
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * MB
    assert body_limit(SIGN_IN) == MB
    assert body_limit("/nominations/7/edit/files/") == 50 * MB + 256 * 1024
    assert body_limit("/nominations/7/edit/innovation/") == MB
    assert body_limit("/admin/images/multiple/add/") == 10 * MB + 256 * 1024


@pytest.mark.django_db
def test_a_refused_host_with_a_big_body_is_refused_for_its_size_not_a_500(client):
    # The size is checked before the host: the page renders without asking for the host
    # (Wagtail finds the site from the raw host), so it is the 413 page, never a 500.
    response = _post(client, SIGN_IN, b"email=a", CONTENT_LENGTH=str(200 * MB), HTTP_HOST="evil.example.com")
    assert response.status_code == 413
