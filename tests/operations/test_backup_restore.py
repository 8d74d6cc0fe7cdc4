"""manage.py backup and restore: a small world backed up, restored into an empty database of
the same engine in another process, compared table by table and file by file; archives that
do not match their manifest, or a database that holds data, are refused before anything changes."""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from wagtail.images import get_image_model
from wagtail.models import Collection

from accounts.models import User
from nominations.models import NominationFile
from operations import databases
from tests.factories import CallPageFactory, NominationFactory, UserFactory
from tests.nominations.helpers.winners import photo

ROOT = Path(__file__).resolve().parents[2]
# Data the restoring process reads is committed; serialized_rollback puts back the rows the
# migrations made (the site, the categories) for the tests after these.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def world(call_index):
    people = [UserFactory() for _ in range(3)]
    call = CallPageFactory(parent=call_index)
    nominations = [NominationFactory(call=call, nominator=person) for person in people[:2]]
    for number, nomination in enumerate(nominations):
        content = PDF + f"% evidence {number}\n".encode()
        NominationFile.objects.create(
            nomination=nomination,
            kind=NominationFile.Kind.DOCUMENT,
            file=ContentFile(content, name="evidence.pdf"),
            original_name="evidence.pdf",
            content_type="application/pdf",
            size=len(content),
        )
    get_image_model().objects.create(
        title="City skyline",
        file=ImageFile(BytesIO(photo()), name="skyline.jpg"),
        collection=Collection.get_first_root_node(),
    )
    return nominations


def checksums(root):
    root = Path(root)
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in root.rglob("*")
        if path.is_file()
    }


def backup_into(tmp_path):
    call_command("backup", dir=str(tmp_path / "backups"), stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").glob("awards-*.tar.gz")
    return archive


def read_manifest(archive):
    with tarfile.open(archive, "r:gz") as tar:
        return json.loads(tar.extractfile("manifest.json").read())


def rewrite(archive, target, change):
    """A copy of the archive with change(name, bytes) -> bytes applied to every entry."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(target, "w:gz") as out:
        for member in source:
            data = change(member.name, source.extractfile(member).read())
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    return target


def url_for(settings_dict, name):
    user = quote(settings_dict["USER"] or "", safe="")
    if settings_dict["PASSWORD"]:
        user += ":" + quote(settings_dict["PASSWORD"], safe="")
    return f"postgres://{user}@{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/{name}"


def pg_admin(settings_dict):
    return psycopg.connect(
        dbname=settings_dict["NAME"],
        user=settings_dict["USER"],
        password=settings_dict["PASSWORD"] or None,
        host=settings_dict["HOST"] or "127.0.0.1",
        port=settings_dict["PORT"] or 5432,
        autocommit=True,
    )


@pytest.fixture
def empty_database(tmp_path):
    """(DATABASE_URL, a function giving {table: rows}) for a new empty database of the
    test database's engine; dropped afterwards."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        path = tmp_path / "restored.sqlite3"

        def counts():
            with sqlite3.connect(path) as restored:
                return databases.row_counts(restored.cursor(), "sqlite")

        yield f"sqlite:///{path}", counts
        return
    name = f"awards_restore_test_{os.getpid()}"
    with pg_admin(settings_dict) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')

    def counts():
        with pg_admin({**settings_dict, "NAME": name}) as restored:
            return databases.row_counts(restored.cursor(), "postgresql")

    try:
        yield url_for(settings_dict, name), counts
    finally:
        with pg_admin(settings_dict) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_an_empty_database_with_every_row_and_file(world, settings, tmp_path, empty_database):
    database_url, restored_counts = empty_database
    source_counts = databases.current_row_counts(connection)
    public, private = checksums(settings.MEDIA_ROOT), checksums(settings.PRIVATE_MEDIA_ROOT)
    assert len(private) == 2 and any(name.endswith("skyline.jpg") for name in public)

    archive = backup_into(tmp_path)

    assert archive.stat().st_mode & 0o777 == 0o600  # personal data: the site's user only
    manifest = read_manifest(archive)
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["row_counts"] == source_counts
    assert manifest["row_counts"]["nominations_nominationfile"] == 2
    latest = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        latest[app] = max(latest.get(app, name), name)
    assert manifest["migrations"] == latest
    listed = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    assert {f"private-media/{name}": digest for name, digest in private.items()}.items() <= listed.items()
    assert {f"media/{name}": digest for name, digest in public.items()}.items() <= listed.items()

    restored_media = tmp_path / "restored"
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k != "CACHE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="awards_site.settings.dev",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(restored_media / "media"),
        PRIVATE_MEDIA_ROOT=str(restored_media / "private"),
        LOG_LEVEL="WARNING",
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "restore", str(archive)], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.returncode == 0, result.stderr
    assert "Every table has the row count the backup recorded." in result.stdout
    assert restored_counts() == source_counts
    assert checksums(restored_media / "media") == public
    assert checksums(restored_media / "private") == private


def test_a_damaged_archive_a_database_with_data_or_another_engine_is_refused_and_nothing_changes(
    world, settings, tmp_path
):
    archive = backup_into(tmp_path)
    later = UserFactory(email="after-the-backup@example.net")  # gone if the database were restored
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / "new-media", tmp_path / "new-private"
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"

    def flip_a_byte(name, data):
        if name.startswith("private-media/"):
            return data[:-2] + bytes([data[-2] ^ 1]) + data[-1:]
        return data

    def other_engine(name, data):
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["database"]["engine"] = other
        return json.dumps(manifest).encode()

    tampered = rewrite(archive, tmp_path / "tampered.tar.gz", flip_a_byte)
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    refusals = [
        (tampered, True, r"does not match its manifest(.|\n)*private-media/.*checksum differs"),
        (truncated, True, "damaged"),
        (archive, False, "already holds data; nothing was restored"),
        (rewrite(archive, tmp_path / "other.tar.gz", other_engine), True, f"made from a {other} database"),
    ]

    for path, force, message in refusals:
        with pytest.raises(CommandError, match=message):
            call_command("restore", str(path), force=force, stdout=io.StringIO())

    assert User.objects.filter(pk=later.pk).exists()
    assert not (tmp_path / "new-media").exists() and not (tmp_path / "new-private").exists()
