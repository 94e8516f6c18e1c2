"""Issue 13 point 5: `manage.py backup` of the seeded demo, `manage.py restore` into a NEW
database (the portal's ordinary role, prepared by the administrator's scripts) and a NEW
media folder; every table's row count and every file's checksum compared."""

import hashlib
import os
from io import StringIO
from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from tests.utils.pgroles import app_database
from units.ops.crypto import generate_key

pytestmark = [pytest.mark.postgres]

FILES = {
    "dossiers/2026/to-trinh-khen-thuong.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 400,
    "dossiers/2026/bao-cao-thanh-tich.docx": os.urandom(70_000),
    "reports/tong-hop-nam-2026.xlsx": os.urandom(5_000_000),
    "evidence/Xã Bình Sơn/ảnh hiện trường.jpg": os.urandom(12_345),
    "empty.txt": b"",
}


def _checksums(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            table: db.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }


def _source_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def media_files(transactional_db, settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore need PostgreSQL (DATABASE_URL)")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    for name, content in FILES.items():
        path = tmp_path / "media" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return tmp_path


@pytest.fixture
def seeded(media_files):
    call_command("seed_demo", seed=2026, stdout=StringIO())
    return media_files


def test_backup_restores_into_a_new_database_and_folder(seeded, settings):
    for encrypted in (False, True):
        _backup_and_restore(seeded, settings, encrypted=encrypted)


def _backup_and_restore(seeded, settings, *, encrypted):
    settings.TDKT_BACKUP_KEY = generate_key() if encrypted else ""
    backups = seeded / f"backups-{encrypted}"
    call_command("backup", output_dir=backups, keep=0, stdout=StringIO())
    (folder,) = backups.iterdir()
    restored = seeded / f"restored-{encrypted}"
    names = sorted(path.name for path in folder.iterdir())
    suffix = ".enc" if encrypted else ""
    assert names == [f"database.dump{suffix}", "manifest.json", f"media.tar{suffix}"]
    if encrypted:  # nothing readable in the files: not the dump's magic, not a file name
        assert not (folder / "database.dump.enc").read_bytes()[:200].count(b"PGDMP")
        assert b"tong-hop" not in (folder / "media.tar.enc").read_bytes()

    source_counts = _row_counts(_source_url())
    assert source_counts["units_person"] > 100  # the demo is there
    with app_database() as (url, role, name):
        call_command(
            "restore",
            str(folder),
            database_url=url,
            media_root=str(restored),
            stdout=StringIO(),
        )

        assert _row_counts(url) == source_counts
        assert _checksums(restored) == _checksums(seeded / "media")
        assert set(_checksums(restored)) == set(FILES)
        with psycopg.connect(url) as db:  # restored as the app role, which owns its tables
            owners = {
                row[0]
                for row in db.execute(
                    "SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'"
                )
            }
            assert owners == {role}
            person = db.execute(
                "SELECT count(*) FROM units_person WHERE search_name IS NOT NULL"
            ).fetchone()[0]
            assert person == source_counts["units_person"]

        # the same backup again into the now full database: refused, nothing touched
        with pytest.raises(CommandError) as refused:
            call_command("restore", str(folder), database_url=url, media_root=str(seeded / "other"))
        assert "không trống" in str(refused.value) and name in str(refused.value)
        assert not (seeded / "other").exists() or not any((seeded / "other").iterdir())
        assert _row_counts(url) == source_counts


def test_restore_refuses_a_folder_that_is_not_empty_and_a_damaged_file(media_files, settings):
    seeded = media_files
    settings.TDKT_BACKUP_KEY = ""
    call_command("backup", output_dir=seeded / "backups", keep=0, stdout=StringIO())
    (folder,) = (seeded / "backups").iterdir()
    with app_database() as (url, _role, _name):
        with pytest.raises(CommandError) as refused:
            call_command("restore", str(folder), database_url=url, media_root=str(seeded / "media"))
        assert "Thư mục tệp đính kèm đích" in str(refused.value)
        assert "không trống" in str(refused.value)

        tar = folder / "media.tar"
        damaged = bytearray(tar.read_bytes())
        damaged[len(damaged) // 2] ^= 0xFF
        tar.write_bytes(bytes(damaged))
        with pytest.raises(CommandError) as broken:
            call_command("restore", str(folder), database_url=url, media_root=str(seeded / "new"))
        assert "không khớp mã kiểm tra" in str(broken.value)
        assert _row_counts(url) == {}  # nothing restored
        assert not any((seeded / "new").iterdir())
