"""The private store for nomination files: outside MEDIA_ROOT, with no public URL.

Files are served by nominations.views.files after a permission check; in production the
view can hand the sending to the web server (PRIVATE_MEDIA_X_ACCEL_PREFIX)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    # Read the setting on every use (not once) so a changed setting takes effect.
    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no public URL; link to the file view instead.")


private_storage = PrivateStorage()
