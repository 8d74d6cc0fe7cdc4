"""A store that signs links, as a bucket does: FileSystemStorage's files (so the tests need
no server) with S3Storage's url(name, parameters, expire) answering a signed-looking URL."""

from urllib.parse import urlencode

from django.core.files.storage import FileSystemStorage


class SigningStorage(FileSystemStorage):
    def url(self, name, parameters=None, expire=None, http_method=None):
        query = urlencode({**(parameters or {}), "expire": expire, "signature": "sig"})
        return f"https://files.example.net/private/{name}?{query}"
