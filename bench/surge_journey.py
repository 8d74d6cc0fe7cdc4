"""One nominator's journey over HTTP, as a browser behind nginx makes it (bench/surge.py):
sign in, start a nomination on the open call, fill every step (the call's own questions
too), upload a photo, review, submit. Each client connects from an address of its own
(127.0.1.N: on Linux all of 127/8 is this machine), so the site sees 100 people, not one
machine. Requests say X-Forwarded-Proto: https, as nginx does, so production's secure
cookies and CSRF checks apply; the cookies are kept here (a browser would not send secure
cookies over plain HTTP, and neither would http.cookiejar)."""

import http.client
import io
import random
import re
import secrets
import time
import uuid
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

PASSWORD = "surge-pass-phrase-2026"  # noqa: S105 - the benchmark accounts' password
TIMEOUT = 180  # seconds a request may wait in the queue before it counts as lost

NOMINEE = {
    "nominee_type": "enterprise",
    "nominee_name": "Datong Graphene Co.",
    "nominee_organisation": "Datong Graphene Co.",
    "nominee_email": "info@graphene.example.com",
    "nominee_phone": "+86 352 123 4567",
    "region": "datong",
    "partner_organisations": "Tsinghua University (Beijing)",
    "team_members": "Li Wei, Zhang Min",
}
INNOVATION = {
    "title": "Graphene coating for coal-mine conveyor belts",
    "summary": "A coating that halves belt wear.",
    "description": "How it works, in detail. " * 40,
    "novelty": "No coating before lasted a full season underground. " * 10,
}
IMPACT = {"results": "Belt changes down from six to two a year. " * 10, "stage": "pilot", "evidence": "Audit 2025."}
DECLARATIONS = {
    "relation": "colleague",
    "declaration_true": "on",
    "consent_processing": "on",
    "consent_public_name": "on",
}
STEP_DATA = {"nominee": NOMINEE, "innovation": INNOVATION, "impact": IMPACT, "declarations": DECLARATIONS}


def address(n):
    """The client address of nominator n (0-based): 127.0.1.1, 127.0.1.2, ..."""
    return f"127.0.{1 + n // 250}.{1 + n % 250}"


def make_photo(target=2 * 1024 * 1024):
    """A real JPEG of about `target` bytes: a 3000x2000 picture (a phone's 6 megapixels),
    a gradient with enough grain that it does not compress below the target."""
    from PIL import Image, ImageChops

    width, height = 3000, 2000
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    noise = Image.frombytes("RGB", (width, height), random.Random(13).randbytes(width * height * 3))
    best = None
    for alpha in (0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5):
        picture = ImageChops.blend(gradient, noise, alpha)
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=85)
        best = buffer.getvalue()
        if len(best) >= target:
            break
    return best


class FormParser(HTMLParser):
    """The inputs of a page: [(tag, attrs)] for input, textarea and select's options."""

    def __init__(self):
        super().__init__()
        self.fields = []
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select:
            self.fields.append(("option", {"name": self._select, "value": attrs.get("value", "")}))
        elif tag in {"input", "textarea"}:
            self.fields.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def parse_fields(html):
    parser = FormParser()
    parser.feed(html)
    return parser.fields


def csrf_token(html):
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else ""


def question_answers(html):
    """Answers to every question the questions step shows (fields named question_<id>):
    the first choice, a number, a date, text; a file question is left for the files step."""
    answers = {}
    for tag, attrs in parse_fields(html):
        name = attrs.get("name", "")
        if not name.startswith("question_") or name.startswith("question_base") or name in answers:
            continue
        kind = attrs.get("type", "text") if tag == "input" else tag
        if kind == "file":
            continue
        if kind in {"radio", "option"}:
            if attrs.get("value"):
                answers[name] = attrs["value"]
        elif kind == "number":
            answers[name] = "42"
        elif kind == "date":
            answers[name] = "2026-05-01"
        elif kind in {"text", "textarea"}:
            answers[name] = "An answer to the call's own question."
    return answers


class Failure(Exception):
    timings = ()  # the journey's timings up to the failure (journey sets them)


class Browser:
    """One person's connection and cookies, from one source address."""

    def __init__(self, port, source):
        self.port, self.source = port, source
        self.cookies = {}
        self.conn = None
        self.timings = []  # (step, seconds, status)

    def _connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=TIMEOUT, source_address=(self.source, 0)
            )
        return self.conn

    def request(self, step, method, path, body=None, content_type=None, expect=200):
        headers = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",
            "Accept-Language": "en",
            "User-Agent": "surge-bench",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            headers["Origin"] = f"https://127.0.0.1:{self.port}"
            headers["Referer"] = f"https://127.0.0.1:{self.port}{path}"
            headers["Content-Type"] = content_type or "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            conn = self._connection()
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            self.timings.append((step, time.perf_counter() - start, "error"))
            raise Failure(f"{step}: {method} {path}: {error!r}") from error
        self.timings.append((step, time.perf_counter() - start, response.status))
        if response.will_close:
            self.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        text = content.decode("utf-8", "replace")
        if response.status != expect:
            detail = re.findall(r'class="[^"]*(?:errorlist|message)[^"]*"[^>]*>(.*?)</', text, re.S)[:3]
            raise Failure(f"{step}: {method} {path}: {response.status}, expected {expect} {detail}")
        location = urlsplit(response.getheader("Location") or "")
        return text, location.path + (f"?{location.query}" if location.query else "")

    def post_form(self, step, path, data, expect=302):
        return self.request(step, "POST", path, body=urlencode(data, doseq=True), expect=expect)

    def post_multipart(self, step, path, data, files, expect=302):
        boundary = uuid.uuid4().hex
        parts = []
        for name, value in data.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        for name, (filename, content, mime) in files.items():
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            parts.append(f"{head}Content-Type: {mime}\r\n\r\n".encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        content_type = f"multipart/form-data; boundary={boundary}"
        return self.request(step, "POST", path, b"".join(parts), content_type, expect)

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def journey(port, n, email, call_id, photo):
    """Nominator n's whole journey; returns the browser (its timings). Raises Failure at
    the first unexpected answer."""
    browser = Browser(port, address(n))
    start = f"/nominate/{call_id}/"
    try:
        html, _ = browser.request("sign-in page", "GET", f"/accounts/login/?next={start}")
        sign_in = {"csrfmiddlewaretoken": csrf_token(html), "login": email, "password": PASSWORD, "next": start}
        _, location = browser.post_form("sign in", "/accounts/login/", sign_in)
        if location != start:
            raise Failure(f"sign in: redirected to {location}, expected {start}")
        html, _ = browser.request("start page", "GET", start)
        data = {"csrfmiddlewaretoken": csrf_token(html), "form_token": secrets.token_hex(16), "continue": "1"}
        _, location = browser.post_form("step nominee", start, data | NOMINEE)
        while "/edit/" in location:
            step = location.rstrip("/").rsplit("/", 1)[-1]
            html, _ = browser.request(f"page {step}", "GET", location)
            data = {"csrfmiddlewaretoken": csrf_token(html), "continue": "1"}
            if step == "files":
                upload = {"files": ("photo.jpg", photo, "image/jpeg")}
                _, location = browser.post_multipart("step files (2 MB photo)", location, data, upload)
            elif step == "questions":
                _, location = browser.post_form("step questions", location, data | question_answers(html))
            else:
                _, location = browser.post_form(f"step {step}", location, data | STEP_DATA[step])
        if not location.endswith("/review/"):
            raise Failure(f"after the last step: redirected to {location}, expected the review page")
        html, _ = browser.request("review", "GET", location)
        submit = re.search(r'action="(/nominations/\d+/submit/)"', html)
        if not submit:
            raise Failure(f"review: no submit button on {location} (something is missing)")
        _, location = browser.post_form("submit", submit.group(1), {"csrfmiddlewaretoken": csrf_token(html)})
        if not re.fullmatch(r"/nominations/\d+/", location):
            raise Failure(f"submit: redirected to {location}, expected the nomination's page")
        browser.request("submitted page", "GET", location)
    except Failure as failure:
        failure.timings = browser.timings
        raise
    finally:
        browser.close()
    return browser
