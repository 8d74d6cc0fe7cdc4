"""The private store for nomination files, with no public URL.

Which store holds them is STORAGES["private"]: by default PrivateStorage below, a folder
outside MEDIA_ROOT (PRIVATE_MEDIA_ROOT); with object storage configured, a private bucket
(settings.base). Files are served by nominations.views.files after a permission check: on
disk, the view sends the bytes or hands the sending to nginx (PRIVATE_MEDIA_X_ACCEL_PREFIX);
in a bucket, it redirects to a signed URL that expires within seconds (signed_url below)."""

import inspect
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.utils.deconstruct import deconstructible


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


@deconstructible(path="nominations.storage.PrivateStorage")
class ConfiguredPrivateStorage(Storage):
    """Hands every call to STORAGES["private"], looked up on each use (so tests and settings
    changes take effect). It deconstructs as PrivateStorage, so migrations do not depend on
    where a deployment keeps its files."""

    @property
    def backend(self):
        if "private" in settings.STORAGES:
            return storages["private"]
        return _fallback

    def signed_url(self, name, *, content_type, disposition, seconds=None):
        """A URL that gives this file for a few seconds, or None when the store cannot sign
        one (files on disk). The response's type and Content-Disposition are part of it."""
        backend = self.backend
        if "expire" not in inspect.signature(backend.url).parameters:
            return None
        parameters = {
            "ResponseContentType": content_type,
            "ResponseContentDisposition": disposition,
            "ResponseCacheControl": "private, no-store",
        }
        return backend.url(name, parameters=parameters, expire=seconds or settings.PRIVATE_MEDIA_URL_SECONDS)

    # Storage's API, all of it to the configured store.
    def open(self, name, mode="rb"):
        return self.backend.open(name, mode)

    def save(self, name, content, max_length=None):
        return self.backend.save(name, content, max_length=max_length)

    def get_valid_name(self, name):
        return self.backend.get_valid_name(name)

    def get_alternative_name(self, file_root, file_ext):
        return self.backend.get_alternative_name(file_root, file_ext)

    def get_available_name(self, name, max_length=None):
        return self.backend.get_available_name(name, max_length=max_length)

    def generate_filename(self, filename):
        return self.backend.generate_filename(filename)

    def path(self, name):
        return self.backend.path(name)

    def delete(self, name):
        return self.backend.delete(name)

    def exists(self, name):
        return self.backend.exists(name)

    def listdir(self, path):
        return self.backend.listdir(path)

    def size(self, name):
        return self.backend.size(name)

    def url(self, name):
        return self.backend.url(name)

    def get_accessed_time(self, name):
        return self.backend.get_accessed_time(name)

    def get_created_time(self, name):
        return self.backend.get_created_time(name)

    def get_modified_time(self, name):
        return self.backend.get_modified_time(name)


_fallback = PrivateStorage()
private_storage = ConfiguredPrivateStorage()
