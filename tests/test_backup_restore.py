"""`make backup` and `make restore` (issue 14, "Also"): a dump restored into a fresh database
holds every row of every table, and the uploaded files come back byte for byte."""

import os
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from audit.models import AccessLog
from tests.factories import MemberFactory

ROOT = Path(__file__).resolve().parent.parent


def database_url(name: str) -> str:
    info = connection.settings_dict
    host, port, user = info["HOST"] or "127.0.0.1", info["PORT"] or 5432, info["USER"]
    return f"postgres://{user}@{host}:{port}/{name}"


def run(script: str, **env: str) -> str:
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / script)],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def row_counts(url: str) -> dict[str, int]:
    """Every table of the public schema with its exact row count, read with psql."""
    query = (
        "SELECT format('SELECT %L, count(*) FROM %I', tablename, tablename) "
        "FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
    )
    statements = subprocess.run(
        ["psql", url, "-tAc", query], capture_output=True, text=True, check=True
    ).stdout
    union = " UNION ALL ".join(s for s in statements.splitlines() if s)
    out = subprocess.run(
        ["psql", url, "-tAF,", "-c", union], capture_output=True, text=True, check=True
    )
    return {name: int(count) for name, count in (line.split(",") for line in out.stdout.split())}


@pytest.fixture
def fresh_database():
    name = f"{connection.settings_dict['NAME']}_restored"
    server = database_url("postgres")
    subprocess.run(["psql", server, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)
    yield name
    subprocess.run(["psql", server, "-qc", f'DROP DATABASE IF EXISTS "{name}"'], check=True)


def test_a_backup_restores_every_row_and_every_upload(
    transactional_db, care_manager, tmp_path, fresh_database
):
    member = MemberFactory(care_manager=care_manager)
    AccessLog.objects.create(user=care_manager, member=member, viewed="member_page")
    media = tmp_path / "media"
    (media / "imports").mkdir(parents=True)
    (media / "imports" / "members.csv").write_bytes(b"cin,last_name\n12345678A,Garcia\n")
    source = database_url(connection.settings_dict["NAME"])

    folder = run(
        "backup.sh",
        DATABASE_URL=source,
        MEDIA_ROOT=str(media),
        BACKUP_ROOT=str(tmp_path / "backups"),
    ).strip()
    restored_media = tmp_path / "restored-media"
    run(
        "restore.sh",
        BACKUP=folder,
        DATABASE_URL=database_url(fresh_database),
        MEDIA_ROOT=str(restored_media),
    )

    before, after = row_counts(source), row_counts(database_url(fresh_database))
    assert after == before
    assert after["members_member"] == 1
    assert after["audit_accesslog"] == 1
    assert after["accounts_user"] >= 1
    assert (restored_media / "imports" / "members.csv").read_bytes() == (
        media / "imports" / "members.csv"
    ).read_bytes()


def test_restore_refuses_a_database_that_already_has_tables(transactional_db, tmp_path):
    source = database_url(connection.settings_dict["NAME"])
    folder = run(
        "backup.sh",
        DATABASE_URL=source,
        MEDIA_ROOT=str(tmp_path / "none"),
        BACKUP_ROOT=str(tmp_path),
    ).strip()

    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "restore.sh")],
        env={
            **os.environ,
            "BACKUP": folder,
            "DATABASE_URL": source,
            "MEDIA_ROOT": str(tmp_path / "m"),
        },
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert "refusing to restore" in result.stderr
