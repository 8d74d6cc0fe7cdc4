"""backup --prune: which archives a retention of 30 days, then one a week for a year, drops."""

from datetime import UTC, datetime, timedelta

from operations import backups


def test_prune_keeps_a_month_of_archives_then_one_a_week_for_a_year(tmp_path):
    now = datetime(2026, 11, 29, 3, 0, tzinfo=UTC)
    for days in (0, 1, 29, 31, 32, 33, 100, 101, 400):
        stamp = (now - timedelta(days=days)).strftime(backups.STAMP)
        (tmp_path / f"awards-{stamp}.tar.gz").touch()
    (tmp_path / "notes.txt").touch()

    pruned = {path.name for path in backups.archives_to_prune(tmp_path, now=now)}

    # Within 30 days: all kept. 31, 32, 33 days ago (29, 28, 27 October): one week, its newest
    # kept; 100, 101 days ago (21, 20 August): one week, its newest kept; 400 days: past a year.
    assert pruned == {
        "awards-20261028-030000.tar.gz",
        "awards-20261027-030000.tar.gz",
        "awards-20260820-030000.tar.gz",
        "awards-20251025-030000.tar.gz",
    }


def test_the_scheduler_can_run_the_backup_job():
    from scheduling.schedule import Job, load_task

    task, kwargs = load_task(Job("backup", "15 2 * * *", "operations.backups.scheduled_backup"))

    assert task is not None and kwargs == {"path": "operations.backups.scheduled_backup"}
