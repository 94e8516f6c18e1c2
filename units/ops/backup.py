"""Write a backup folder: the database (pg_dump custom format), the media folder (tar) and
a manifest of SHA-256 checksums, each file optionally encrypted as it is written.

The row counts in the manifest and the dump come from one exported snapshot, so they agree
even while the portal keeps writing. The database is dumped before the media folder: files
are only ever added or purged as orphans, so the tar holds every file the dump refers to.
"""

import os
import shutil
import subprocess
import tarfile
from datetime import UTC, datetime
from pathlib import Path

from . import pg
from .crypto import EncryptingWriter
from .files import (
    DATABASE_FILE,
    ENCRYPTED_SUFFIX,
    ENCRYPTION,
    FORMAT,
    MEDIA_FILE,
    READ_SIZE,
    VERSION,
    BackupError,
    HashingReader,
    HashingWriter,
    complete_backups,
    fsync_file,
    write_manifest,
)


class _Artefact:
    """One output file: plaintext hashed, then encrypted or not, then hashed as stored."""

    def __init__(self, path: Path, key: str | None) -> None:
        self.path = path
        self.handle = open(path, "wb")  # noqa: SIM115 (closed in finish())
        self.stored = HashingWriter(self.handle)
        self.cipher = EncryptingWriter(self.stored, key) if key else None
        self.plain = HashingWriter(self.cipher or self.stored)

    def write(self, data) -> int:
        return self.plain.write(data)

    def flush(self) -> None:
        pass

    def finish(self) -> dict:
        if self.cipher:
            self.cipher.close()
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        return {
            "file": self.path.name,
            "size": self.stored.size,
            "sha256": self.stored.sha256.hexdigest(),
            "plain_size": self.plain.size,
            "plain_sha256": self.plain.sha256.hexdigest(),
        }


def _dump_database(target: pg.Target, folder: Path, key: str | None) -> dict:
    with target.connect() as connection:
        tool_versions = pg.check_versions("pg_dump", connection)
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        snapshot = connection.execute("SELECT pg_export_snapshot()").fetchone()[0]
        counts = pg.row_counts(connection)
        artefact = _Artefact(folder / (DATABASE_FILE + (ENCRYPTED_SUFFIX if key else "")), key)
        process = subprocess.Popen(
            [pg.tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", "--no-sync"],
            env=target.environ(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        while chunk := process.stdout.read(READ_SIZE):
            artefact.write(chunk)
        stderr = process.stderr.read().decode("utf-8", "replace")
        if process.wait() != 0:
            artefact.finish()
            raise BackupError(f"pg_dump thất bại / failed:\n{stderr.strip()}")
        connection.rollback()
    return {
        **artefact.finish(),
        "name": target.name,
        "tools": tool_versions,
        "tables": counts,
    }


def _archive_media(media_root: Path, folder: Path, key: str | None) -> dict:
    artefact = _Artefact(folder / (MEDIA_FILE + (ENCRYPTED_SUFFIX if key else "")), key)
    files = {}
    with tarfile.open(fileobj=artefact, mode="w|", format=tarfile.PAX_FORMAT) as tar:
        if media_root.is_dir():
            for directory, subdirs, names in os.walk(media_root):
                subdirs.sort()
                for name in sorted(names):
                    path = Path(directory) / name
                    if path.is_symlink() or not path.is_file():
                        continue  # only regular files: a link could point anywhere
                    arcname = path.relative_to(media_root).as_posix()
                    info = tar.gettarinfo(str(path), arcname)
                    with open(path, "rb") as handle:
                        reader = HashingReader(handle)
                        tar.addfile(info, reader)
                    files[arcname] = {"size": reader.size, "sha256": reader.sha256.hexdigest()}
    return {**artefact.finish(), "files": files}


def create_backup(
    *,
    target: pg.Target,
    media_root: Path,
    output_dir: Path,
    key: str | None = None,
    now: datetime | None = None,
) -> Path:
    """Write a complete backup folder under ``output_dir`` and return it. The folder is
    named ``.partial`` while being written: a crash never leaves what looks like a backup."""
    now = (now or datetime.now(UTC)).astimezone(UTC)
    name = f"tdkt-{now:%Y%m%dT%H%M%SZ}"
    final = output_dir / name
    if final.exists():
        raise BackupError(f"Đã có bản sao lưu {final} / backup folder already exists")
    partial = output_dir / f"{name}.partial"
    output_dir.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(mode=0o700)
    try:
        database = _dump_database(target, partial, key)
        media = _archive_media(media_root, partial, key)
        write_manifest(
            partial,
            {
                "format": FORMAT,
                "version": VERSION,
                "created_at": now.isoformat(),
                "encryption": ENCRYPTION if key else None,
                "database": database,
                "media": media,
            },
        )
        os.rename(partial, final)
        fsync_file(output_dir)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    return final


def prune(output_dir: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest complete backups; return what was deleted."""
    if keep < 1:
        return []
    backups = complete_backups(output_dir)
    doomed = backups[:-keep]
    for folder in doomed:
        shutil.rmtree(folder)
    return doomed
