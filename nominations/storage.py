"""The private store for nomination files, with no public URL.

Which store holds them is STORAGES["private"]: by default PrivateStorage below, a folder
outside MEDIA_ROOT (PRIVATE_MEDIA_ROOT); with object storage configured, a private bucket
(settings.base). Files are served by nominations.views.files after a permission check: on
disk, the view sends the bytes or hands the sending to nginx (PRIVATE_MEDIA_X_ACCEL_PREFIX);
in a bucket, it redirects to a signed URL that expires within seconds (signed_url below).

Files written inside a transaction are removed if it does not commit: delete_unless_committed
below."""

import inspect
import logging
import os
import weakref

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.db import transaction
from django.db.transaction import TransactionManagementError
from django.utils.deconstruct import deconstructible

logger = logging.getLogger(__name__)


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


# --- files written inside a transaction ------------------------------------------------------


def delete_unless_committed(storage, *names, using=None):
    """Deletes the stored files `names` from `storage` unless the transaction that is open
    now commits. Call it inside transaction.atomic(), right after writing each file and
    before the row that names it is saved.

    A file is written before its row (a row must never name a file that is not there), so a
    transaction that rolls back would leave the file with no row: a database error, a
    connection killed mid-request, a later failure in the same service, or any OUTER atomic
    block rolling back after the service returned. Django has transaction.on_commit but no
    on_rollback; what it does have is a rule for the callbacks it holds: it calls them after
    the outermost block commits, and it drops them, uncalled, when the transaction rolls
    back, when the savepoint they were registered in rolls back, or when the connection is
    closed in the middle. So a small object is registered with on_commit: called, it marks
    the files as kept; dropped uncalled, it is freed at that moment (CPython frees it as the
    last reference goes) and its weakref.finalize deletes the files. No block of ours has to
    be the outermost one, and nothing is written before the commit (writing on commit instead
    would let a row commit whose file then failed to write: lost evidence, worse than litter).

    When in doubt, the files are kept: if the object is freed while Django is running the
    commit's callbacks (one registered before ours raised, so ours was never called, though
    the rows did commit), a warning is logged and nothing is deleted. A process killed
    outright (SIGKILL) runs nothing: its files stay."""
    names = [name for name in names if name]
    if not names:
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        # In autocommit the row's INSERT is not tied to anything: nothing to undo.
        raise TransactionManagementError("delete_unless_committed() needs an open transaction.atomic() block.")
    kept = _KeepOnCommit(names)
    weakref.finalize(kept, _delete_uncommitted, storage, names, connection)
    transaction.on_commit(kept, using=using, robust=True)


class _KeepOnCommit:
    def __init__(self, names):
        self.names = names  # the same list the finalizer reads
        self.__qualname__ = "delete_unless_committed"  # how Django would log a failed callback

    def __call__(self):
        self.names.clear()


def _delete_uncommitted(storage, names, connection):
    if not names:
        return  # committed
    if getattr(connection, "run_commit_hooks_on_set_autocommit_on", False):
        # Freed while the commit's callbacks were being run: one of them raised before ours.
        logger.warning("Stored files kept after a commit whose callbacks failed: %s", ", ".join(names))
        return
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            logger.exception("Could not delete %s, written in a transaction that rolled back", name)
