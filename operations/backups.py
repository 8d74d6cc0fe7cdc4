"""One archive holds everything the site keeps: the database, the public media (MEDIA_ROOT)
and the private nomination files (PRIVATE_MEDIA_ROOT), with a manifest.json that lists every
file's size and SHA-256, the row count of every table, the applied migrations and the
product's version.

A restore checks every file of the archive against the manifest before it touches the
database or a file store, and refuses a database that already holds data unless forced."""

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
import tomllib
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection

from operations import databases
from operations.databases import OperationsError

FORMAT = 1
MANIFEST = "manifest.json"
ARCHIVE_PREFIX = "awards-"
ARCHIVE_SUFFIX = ".tar.gz"
STAMP = "%Y%m%d-%H%M%S"
CHUNK = 1024 * 1024


def _folder_of(alias, default_root):
    """The folder a store keeps its files in, or None when they live elsewhere (a bucket)."""
    if alias not in settings.STORAGES:
        return Path(default_root)
    storage = storages[alias]
    return Path(storage.location) if isinstance(storage, FileSystemStorage) else None


def stores():
    """{folder in the archive: folder on disk, or None for a store not on disk} for the
    public media (STORAGES["default"], MEDIA_ROOT) and the private files (STORAGES["private"],
    PRIVATE_MEDIA_ROOT)."""
    return {
        "media": _folder_of("default", settings.MEDIA_ROOT),
        "private-media": _folder_of("private", settings.PRIVATE_MEDIA_ROOT),
    }


class _HashingReader:
    """Reads a file for tarfile while hashing exactly the bytes that go into the archive."""

    def __init__(self, fileobj):
        self.fileobj = fileobj
        self.sha256 = hashlib.sha256()

    def read(self, size=-1):
        data = self.fileobj.read(size)
        self.sha256.update(data)
        return data


def _add_file(tar, path, name):
    with open(path, "rb") as handle:
        info = tar.gettarinfo(fileobj=handle, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return {"path": name, "size": info.size, "sha256": reader.sha256.hexdigest()}


def _files_of(root, skip):
    """Regular files under root, as (path, name relative to root), leaving out the folders in
    skip (the other store, when one lies inside the other)."""
    root = root.resolve()
    if not root.is_dir():
        return
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        subfolders[:] = sorted(d for d in subfolders if (here / d).resolve() not in skip)
        for name in sorted(files):
            path = here / name
            if path.is_file() and not path.is_symlink():
                yield path, path.relative_to(root).as_posix()


def _product():
    product = {"name": "innovation-awards", "version": None, "git_commit": None}
    try:
        with open(settings.BASE_DIR / "pyproject.toml", "rb") as handle:
            project = tomllib.load(handle).get("project", {})
        product.update(name=project.get("name", product["name"]), version=project.get("version"))
    except (OSError, tomllib.TOMLDecodeError):
        pass
    git = shutil.which("git")
    if git:
        result = subprocess.run(  # noqa: S603 - fixed arguments
            [git, "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"], capture_output=True, text=True, check=False
        )
        if result.returncode == 0:
            product["git_commit"] = result.stdout.strip()
    return product


def _archive_path(directory, now):
    base = f"{ARCHIVE_PREFIX}{now.strftime(STAMP)}"
    path, n = directory / f"{base}{ARCHIVE_SUFFIX}", 1
    while path.exists():
        n += 1
        path = directory / f"{base}-{n}{ARCHIVE_SUFFIX}"
    return path


def create_backup(directory=None, *, now=None):
    """Writes one archive into directory (BACKUP_DIR by default) and returns its path and
    manifest. The archive appears under its final name only once complete."""
    directory = Path(directory or settings.BACKUP_DIR)
    # Archives hold personal data (accounts, nominations, their files): readable by the
    # site's user only.
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    now = now or datetime.now(UTC)
    path = _archive_path(directory, now)
    partial = path.with_name(path.name + ".partial")
    roots = {prefix: root.resolve() for prefix, root in stores().items() if root is not None}
    elsewhere = sorted(prefix for prefix, root in stores().items() if root is None)
    try:
        with tempfile.TemporaryDirectory(prefix="awards-backup-") as work:
            dump_file, counts, migrations = databases.dump(connection, work)
            descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with open(descriptor, "wb") as out, tarfile.open(fileobj=out, mode="w:gz", compresslevel=6) as tar:
                files = [_add_file(tar, dump_file, f"database/{dump_file.name}")]
                for prefix, root in roots.items():
                    skip = {other for other in roots.values() if other != root} | {directory.resolve()}
                    for file_path, relative in _files_of(root, skip):
                        files.append(_add_file(tar, file_path, f"{prefix}/{relative}"))
                manifest = {
                    "format": FORMAT,
                    "created_at": now.isoformat(),
                    "product": _product(),
                    "database": {
                        "engine": databases.engine_of(connection.settings_dict),
                        "file": f"database/{dump_file.name}",
                    },
                    "migrations": migrations,
                    "row_counts": counts,
                    "files": files,
                    # Stores in object storage are not in the archive: the bucket keeps them.
                    "stores_not_included": elsewhere,
                }
                data = json.dumps(manifest, indent=2, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(data), int(now.timestamp())
                tar.addfile(info, io.BytesIO(data))
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path, manifest


def _checked_name(member):
    name = PurePosixPath(member.name)
    if name.as_posix() == MANIFEST:
        return name
    if (
        not member.isfile()
        or name.is_absolute()
        or ".." in name.parts
        or len(name.parts) < 2
        or name.parts[0] not in {"database", *stores()}
    ):
        raise OperationsError(f"The archive holds an unexpected entry: {member.name!r}.")
    return name


def unpack_verified(archive, staging):
    """Unpacks the archive into staging and checks every file against the manifest.
    Returns the manifest; raises OperationsError on any difference."""
    staging = Path(staging)
    manifest, found = None, {}
    try:
        with tarfile.open(archive, "r:gz") as tar:
            for member in tar:
                name = _checked_name(member)
                source = tar.extractfile(member)
                if name.as_posix() == MANIFEST:
                    manifest = json.loads(source.read())
                    continue
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                sha256, size = hashlib.sha256(), 0
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        sha256.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                found[name.as_posix()] = (size, sha256.hexdigest())
    except (tarfile.TarError, zlib.error, EOFError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise OperationsError(f"The archive {archive} is damaged or not a backup: {error}") from error
    try:
        if manifest["format"] != FORMAT:
            raise TypeError(manifest["format"])
        expected = {entry["path"]: (entry["size"], entry["sha256"]) for entry in manifest["files"]}
        database_file = manifest["database"]["file"]
    except (KeyError, TypeError) as error:
        raise OperationsError(f"The archive {archive} has no manifest this version can read.") from error
    problems = [f"{path}: missing" for path in expected if path not in found]
    problems += [f"{path}: not in the manifest" for path in found if path not in expected]
    problems += [
        f"{path}: {'size' if found[path][0] != want[0] else 'checksum'} differs"
        for path, want in expected.items()
        if path in found and found[path] != want
    ]
    if database_file not in expected:
        problems.append(f"{database_file}: the database is missing")
    if problems:
        listed = "\n  ".join(sorted(problems)[:20])
        raise OperationsError(f"The archive {archive} does not match its manifest; nothing was restored.\n  {listed}")
    return manifest


@dataclass
class RestoreResult:
    manifest: dict
    counts: dict  # {table: rows} after the restore

    def comparison(self):
        """[(table, rows in the manifest, rows now)] for every table in either."""
        expected = self.manifest["row_counts"]
        tables = sorted(set(expected) | set(self.counts))
        return [(table, expected.get(table), self.counts.get(table)) for table in tables]

    def differences(self):
        """The tables of the backup whose row count differs now. Tables the backup does not
        hold (left in a database restored over with --force) are listed but not counted."""
        return [row for row in self.comparison() if row[1] is not None and row[1] != row[2]]


def restore_backup(archive, *, force=False):
    """Restores the archive into the default database and the two file stores."""
    archive = Path(archive)
    if not archive.is_file():
        raise OperationsError(f"No archive at {archive}.")
    engine = databases.engine_of(connection.settings_dict)
    with tempfile.TemporaryDirectory(prefix="awards-restore-") as staging:
        manifest = unpack_verified(archive, staging)
        made_from = manifest["database"]["engine"]
        if made_from != engine:
            raise OperationsError(
                f"The archive was made from a {made_from} database and this site uses {engine}; "
                f"restore it into a {made_from} database (DATABASE_URL)."
            )
        roots = stores()
        needed = {entry["path"].partition("/")[0] for entry in manifest["files"]} - {"database"}
        if missing := sorted(prefix for prefix in needed if roots.get(prefix) is None):
            raise OperationsError(
                f"The archive holds files for {', '.join(missing)}, which this site keeps in object storage; "
                "nothing was restored. Restore with the stores on disk, then copy the files into the bucket."
            )
        if not force and not databases.is_empty(connection):
            raise OperationsError(
                "The target database already holds data; nothing was restored. Restore into an empty "
                "database, or add --force to replace what it holds."
            )
        databases.load(connection, Path(staging) / manifest["database"]["file"])
        for entry in manifest["files"]:
            prefix, _, relative = entry["path"].partition("/")
            if prefix in roots:
                target = roots[prefix] / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(Path(staging) / entry["path"], target)
    return RestoreResult(manifest=manifest, counts=databases.current_row_counts(connection))


def archive_time(path):
    """When an archive was made, from its name (None for other files)."""
    name = Path(path).name
    if not (name.startswith(ARCHIVE_PREFIX) and name.endswith(ARCHIVE_SUFFIX)):
        return None
    stamp = name[len(ARCHIVE_PREFIX) : -len(ARCHIVE_SUFFIX)][: len("YYYYmmdd-HHMMSS")]
    try:
        return datetime.strptime(stamp, STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def archives_to_prune(directory=None, *, now=None, daily_days=30, weekly_days=365):
    """The archives a retention of daily_days of every archive, then the newest archive of
    each week up to weekly_days, no longer keeps. Files not named like archives are left."""
    directory = Path(directory or settings.BACKUP_DIR)
    now = now or datetime.now(UTC)
    dated = sorted((t, p) for p in directory.glob(f"{ARCHIVE_PREFIX}*{ARCHIVE_SUFFIX}") if (t := archive_time(p)))
    prune, weeks_kept = [], set()
    for when, path in reversed(dated):  # newest first: the first of a week is its newest
        age = (now - when).days
        week = when.isocalendar()[:2]
        if age < daily_days:
            continue
        if age < weekly_days and week not in weeks_kept:
            weeks_kept.add(week)
            continue
        prune.append(path)
    return sorted(prune)


def prune(directory=None, *, now=None):
    """Deletes the archives past retention (BACKUP_KEEP_DAILY_DAYS, BACKUP_KEEP_WEEKLY_DAYS)
    and returns their paths."""
    old = archives_to_prune(
        directory,
        now=now,
        daily_days=settings.BACKUP_KEEP_DAILY_DAYS,
        weekly_days=settings.BACKUP_KEEP_WEEKLY_DAYS,
    )
    for path in old:
        path.unlink()
    return old


def scheduled_backup():
    """The scheduler's job (settings.BACKUP_CRON): an archive into BACKUP_DIR, then pruning."""
    path, manifest = create_backup()
    deleted = prune()
    return {"archive": str(path), "files": len(manifest["files"]), "pruned": [str(p) for p in deleted]}
