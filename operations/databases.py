"""The database's part of a backup: a consistent copy out, the copy back in, and row counts.

SQLite is copied with its online backup API (a read transaction: writers carry on, and what
sits in the write-ahead log is included). PostgreSQL is dumped with pg_dump's custom format
inside a REPEATABLE READ transaction whose snapshot pg_dump shares, so the row counts in the
manifest describe exactly the rows in the dump. Passwords reach pg_dump and pg_restore only
through their environment (PGPASSWORD), never on a command line."""

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connections

ENGINES = {
    "django.db.backends.sqlite3": "sqlite",
    "django.db.backends.postgresql": "postgresql",
}
DUMP_NAMES = {"sqlite": "db.sqlite3", "postgresql": "db.pgdump"}


class OperationsError(Exception):
    """Something the operator must fix; the message says what."""


def engine_of(settings_dict):
    engine = ENGINES.get(settings_dict["ENGINE"])
    if engine is None:
        raise OperationsError(f"Backups support SQLite and PostgreSQL, not {settings_dict['ENGINE']}.")
    return engine


def table_names(cursor, engine):
    if engine == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    else:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def row_counts(cursor, engine):
    """{table: rows} for every table of the database the cursor reads."""
    counts = {}
    for table in table_names(cursor, engine):
        quoted = '"' + table.replace('"', '""') + '"'
        cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 - a quoted name the database listed
        counts[table] = cursor.fetchone()[0]
    return counts


def latest_migrations(cursor, tables):
    """{app: name of its latest applied migration} from django_migrations."""
    if "django_migrations" not in tables:
        return {}
    cursor.execute("SELECT app, name FROM django_migrations")
    latest = {}
    for app, name in cursor.fetchall():
        latest[app] = max(latest.get(app, name), name)
    return dict(sorted(latest.items()))


def dump(connection, directory):
    """Writes a copy of the connection's database into directory.

    Returns (file path, {table: rows}, {app: latest migration}), all from one snapshot."""
    engine = engine_of(connection.settings_dict)
    target = Path(directory) / DUMP_NAMES[engine]
    if engine == "sqlite":
        return (target, *_dump_sqlite(connection.settings_dict, target))
    return (target, *_dump_postgresql(connection, target))


def _sqlite_path(settings_dict):
    name = str(settings_dict["NAME"])
    if not name or name == ":memory:" or "mode=memory" in name:
        raise OperationsError("An in-memory SQLite database cannot be backed up or restored.")
    return Path(name)


def _dump_sqlite(settings_dict, target):
    path = _sqlite_path(settings_dict)
    if not path.exists():
        raise OperationsError(f"The SQLite database {path} does not exist.")
    source = sqlite3.connect(path, timeout=settings_dict.get("OPTIONS", {}).get("timeout", 20))
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # all pages in one read transaction: one consistent state
        # One self-contained file in the archive, with no write-ahead log beside it.
        copy.execute("PRAGMA journal_mode=DELETE")
        cursor = copy.cursor()
        counts = row_counts(cursor, "sqlite")
        return counts, latest_migrations(cursor, counts)
    finally:
        copy.close()
        source.close()


def find_program(name):
    """The PostgreSQL client program: BACKUP_PG_BIN_DIR, else PATH, else the newest of
    Debian's /usr/lib/postgresql/<version>/bin."""
    configured = getattr(settings, "BACKUP_PG_BIN_DIR", "")
    if configured:
        candidate = Path(configured) / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
        raise OperationsError(f"{name} is not in BACKUP_PG_BIN_DIR ({configured}).")
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(Path(p).parts[-3]))
    if versions:
        return versions[-1]
    raise OperationsError(
        f"{name} was not found. Install PostgreSQL's client programs (Debian: apt-get install postgresql-client, "
        "the same major version as the server or newer) or set BACKUP_PG_BIN_DIR to the folder that holds them."
    )


def _pg_environment(settings_dict):
    env = dict(os.environ)
    for key, variable in (("NAME", "PGDATABASE"), ("USER", "PGUSER"), ("HOST", "PGHOST"), ("PORT", "PGPORT")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    options = settings_dict.get("OPTIONS") or {}
    for key, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("service", "PGSERVICE")):
        if options.get(key):
            env[variable] = str(options[key])
    return env


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise OperationsError(f"{Path(command[0]).name} failed: {result.stderr.strip() or result.returncode}")


def _dump_postgresql(connection, target):

    pg_dump = find_program("pg_dump")
    # A connection of its own, so that the snapshot's transaction is not the site's.
    own = connections.create_connection(connection.alias)
    try:
        with own.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = row_counts(cursor, "postgresql")
            migrations = latest_migrations(cursor, counts)
            env = _pg_environment(own.settings_dict)
            _run([pg_dump, "--format=custom", "--no-password", f"--snapshot={snapshot}", f"--file={target}"], env)
            cursor.execute("COMMIT")
    finally:
        own.close()
    return counts, migrations


def is_empty(connection):
    """No tables, or only an empty django_migrations."""
    engine = engine_of(connection.settings_dict)
    if engine == "sqlite" and not _sqlite_path(connection.settings_dict).exists():
        return True
    with connection.cursor() as cursor:
        tables = table_names(cursor, engine)
        if not tables:
            return True
        if tables == ["django_migrations"]:
            cursor.execute("SELECT COUNT(*) FROM django_migrations")
            return cursor.fetchone()[0] == 0
    return False


def load(connection, dump_file):
    """Replaces the connection's database with the dump's contents."""
    engine = engine_of(connection.settings_dict)
    connection.close()
    if engine == "sqlite":
        target = _sqlite_path(connection.settings_dict)
        target.parent.mkdir(parents=True, exist_ok=True)
        source = sqlite3.connect(dump_file)
        destination = sqlite3.connect(target, timeout=connection.settings_dict.get("OPTIONS", {}).get("timeout", 20))
        try:
            source.backup(destination)
        finally:
            destination.close()
            source.close()
        return
    pg_restore = find_program("pg_restore")
    env = _pg_environment(connection.settings_dict)
    # One transaction: a failure half-way leaves the database as it was.
    command = [pg_restore, "--no-owner", "--no-acl", "--clean", "--if-exists", "--single-transaction"]
    _run([*command, "--no-password", f"--dbname={env['PGDATABASE']}", str(dump_file)], env)


def current_row_counts(connection):
    engine = engine_of(connection.settings_dict)
    with connection.cursor() as cursor:
        return row_counts(cursor, engine)
