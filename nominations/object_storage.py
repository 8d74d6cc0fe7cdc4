"""Object storage (S3 or a compatible server) for the site's files, used when
AWS_STORAGE_BUCKET_NAME is set (settings.base). Imported only then.

Public media keep their /media/ URLs: every request still goes through
nominations.views.media (the image embargo), which reads the object from the bucket, so the
bucket itself stays private. Private nomination files use django-storages' S3Storage as it
is, with signed URLs (nominations.storage.ConfiguredPrivateStorage.signed_url)."""

from storages.backends.s3 import S3Storage

from django.conf import settings
from django.utils.encoding import filepath_to_uri


class AppServedS3Storage(S3Storage):
    """A bucket whose files are linked through this site's MEDIA_URL, not the bucket's."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return settings.MEDIA_URL + filepath_to_uri(name).lstrip("/")
