"""Public media (/media/): the image library's originals and renditions, served only
after the embargo check (nominations.image_embargo). Nothing else under MEDIA_ROOT is
served: a path that is not a known image or rendition file is a 404, so documents go
through Wagtail's own view (/documents/, which applies collection privacy) and no file an
app keeps under MEDIA_ROOT leaks by its name."""

import mimetypes
import posixpath

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.views.decorators.http import require_safe

from wagtail.images import get_image_model

from nominations.image_embargo import image_status, status_annotations
from nominations.predicates import can_see_embargoed_image

# Site images never change under a name (a new file gets a new name); a story image's
# answer may change when the story is published, unpublished or loses its consent.
PUBLIC_CACHE = "public, max-age=86400"
STORY_CACHE = "public, max-age=300"


def _lookup(path):
    """(image, stored file, the embargo's flags) for a media path, or Nones; one query."""
    Image = get_image_model()
    if path.startswith("original_images/"):
        image = Image.objects.annotate(**status_annotations()).filter(file=path).first()
        return image, image.file if image else None, image
    if path.startswith("images/"):
        Rendition = Image.get_rendition_model()
        rendition = (
            Rendition.objects.select_related("image")
            .annotate(**status_annotations(prefix="image__"))
            .filter(file=path)
            .first()
        )
        return (rendition.image, rendition.file, rendition) if rendition else (None, None, None)
    return None, None, None


def _send(stored):
    content_type = mimetypes.guess_type(stored.name)[0] or "application/octet-stream"
    prefix = getattr(settings, "MEDIA_X_ACCEL_PREFIX", "")
    if prefix:
        # nginx sends the bytes from its internal location; Django only decided.
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + stored.name
    else:
        try:
            response = FileResponse(stored.open("rb"), content_type=content_type)
        except FileNotFoundError as error:
            raise Http404 from error
    response["X-Content-Type-Options"] = "nosniff"
    # An image opened on its own runs nothing (an SVG's script included).
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    return response


@require_safe
def serve_media(request, path):
    if posixpath.normpath(path) != path or path.startswith("/"):
        raise Http404  # no "..", "./" or "//" games: the name must be the stored one
    image, stored, flags = _lookup(path)
    if image is None:
        raise Http404
    status = image_status(image, flags)
    if status.embargoed and not can_see_embargoed_image(request.user, image):
        raise Http404  # the same answer as for a file that does not exist
    response = _send(stored)
    if status.embargoed:
        response["Cache-Control"] = "private, no-store"
    else:
        response["Cache-Control"] = STORY_CACHE if status.story_image else PUBLIC_CACHE
    return response
