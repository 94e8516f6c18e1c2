"""Bring a backup folder back into an EMPTY database and an EMPTY media folder.

Order, so that a failure leaves nothing half-restored: check the manifest and both files'
checksums; unpack the media into a hidden folder inside the target and check every file's
checksum; restore the database in one transaction; compare every table's row count; only
then move the media files into place.
"""

import contextlib
import hashlib
import os
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

import psycopg
import psycopg.errors
import psycopg.sql

from . import pg
from .crypto import decrypt_chunks
from .files import READ_SIZE, BackupError, file_sha256, read_manifest

STAGING = ".tdkt-restore"
# Archive entries pg_restore must leave alone: extensions are created once by the
# administrator (deploy/postgres/extensions.sql), and the app role may not comment on them.
SKIPPED_ENTRIES = (" EXTENSION - ", " COMMENT - EXTENSION ", " SCHEMA - public ")


def _check_stored(folder: Path, entry: dict) -> Path:
    path = folder / entry["file"]
    if not path.is_file():
        raise BackupError(f"Thiếu tệp {path} / missing file")
    sha256, size = file_sha256(path)
    if sha256 != entry["sha256"] or size != entry["size"]:
        raise BackupError(
            f"Tệp {path.name} không khớp mã kiểm tra trong manifest (hỏng hoặc bị sửa) / "
            "checksum mismatch"
        )
    return path


def _plain_chunks(path: Path, key: str | None, encrypted: bool):
    with open(path, "rb") as handle:
        if encrypted:
            yield from decrypt_chunks(handle, key)
        else:
            while chunk := handle.read(READ_SIZE):
                yield chunk


class _ChunkReader:
    """A file-like reader over an iterator of byte chunks (for tarfile's stream mode); each
    byte is copied a bounded number of times, so large archives read in linear time."""

    def __init__(self, chunks) -> None:
        self.chunks = iter(chunks)
        self.pending = b""
        self.offset = 0
        self.sha256 = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        while size < 0 or len(self.pending) - self.offset < size:
            chunk = next(self.chunks, None)
            if chunk is None:
                break
            self.sha256.update(chunk)
            self.pending = self.pending[self.offset :] + chunk
            self.offset = 0
        end = len(self.pending) if size < 0 else min(len(self.pending), self.offset + size)
        data = self.pending[self.offset : end]
        self.offset = end
        return data


def check_database_empty(target: pg.Target) -> None:
    try:
        with target.connect(connect_timeout=10) as connection:
            tables = pg.user_tables(connection)
    except psycopg.OperationalError as exc:
        raise BackupError(
            f"Không kết nối được cơ sở dữ liệu đích {target} / cannot connect: {exc}"
        ) from exc
    if tables:
        raise BackupError(
            f"Cơ sở dữ liệu đích {target.name} không trống (đã có {len(tables)} bảng): chỉ "
            "phục hồi vào cơ sở dữ liệu mới, trống. Tạo cơ sở dữ liệu mới hoặc xoá hẳn cơ sở "
            "dữ liệu cũ trước khi phục hồi. / the target database is not empty"
        )


def check_media_empty(media_root: Path) -> None:
    if media_root.exists() and (not media_root.is_dir() or any(media_root.iterdir())):
        raise BackupError(
            f"Thư mục tệp đính kèm đích {media_root} không trống: chỉ phục hồi vào thư mục "
            "trống. Chọn thư mục khác (--media-root) hoặc dọn thư mục cũ trước. / the target "
            "media folder is not empty"
        )


def _unpack_media(folder: Path, manifest: dict, key: str | None, staging: Path) -> None:
    media = manifest["media"]
    path = _check_stored(folder, media)
    expected = media["files"]
    reader = _ChunkReader(_plain_chunks(path, key, bool(manifest.get("encryption"))))
    seen = set()
    with tarfile.open(fileobj=reader, mode="r|") as tar:
        for member in tar:
            name = PurePosixPath(member.name)
            if (
                not member.isfile()
                or name.is_absolute()
                or ".." in name.parts
                or member.name not in expected
            ):
                raise BackupError(
                    f"Tệp lạ trong kho tệp: {member.name} / unexpected entry in the media archive"
                )
            destination = staging / name
            destination.parent.mkdir(parents=True, exist_ok=True)
            digest = hashlib.sha256()
            source = tar.extractfile(member)
            with open(destination, "xb") as out:
                while chunk := source.read(READ_SIZE):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != expected[member.name]["sha256"]:
                raise BackupError(f"Tệp {member.name} sai mã kiểm tra / checksum mismatch")
            os.utime(destination, (member.mtime, member.mtime))
            seen.add(member.name)
        reader.read()  # the rest of the stream (tar padding), so the whole is hashed
    if reader.sha256.hexdigest() != media["plain_sha256"]:
        raise BackupError("Kho tệp đính kèm sai mã kiểm tra / media archive checksum mismatch")
    missing = set(expected) - seen
    if missing:
        raise BackupError(
            f"Thiếu {len(missing)} tệp so với manifest, ví dụ {sorted(missing)[0]} / "
            "files missing from the media archive"
        )


def _create_extensions(target: pg.Target, names: set[str]) -> set[str]:
    """Create what a privileged role may (a superuser restoring by hand); return the rest."""
    with target.connect(autocommit=True) as connection:
        for name in sorted(names):
            with contextlib.suppress(psycopg.errors.InsufficientPrivilege):
                connection.execute(
                    psycopg.sql.SQL("CREATE EXTENSION IF NOT EXISTS {}").format(
                        psycopg.sql.Identifier(name)
                    )
                )
        return names - pg.extensions(connection)


def _restore_database(folder: Path, manifest: dict, key: str | None, target: pg.Target) -> None:
    database = manifest["database"]
    path = _check_stored(folder, database)
    with tempfile.TemporaryDirectory(prefix="tdkt-restore-") as scratch:
        dump = Path(scratch) / "database.dump"
        digest = hashlib.sha256()
        with open(dump, "wb") as out:
            for chunk in _plain_chunks(path, key, bool(manifest.get("encryption"))):
                digest.update(chunk)
                out.write(chunk)
        if digest.hexdigest() != database["plain_sha256"]:
            raise BackupError("Bản kết xuất CSDL sai mã kiểm tra / database dump checksum mismatch")
        with target.connect() as connection:
            pg.check_versions("pg_restore", connection)
            present = pg.extensions(connection)
        listing = pg.run([pg.tool("pg_restore"), "--list", str(dump)], target).stdout
        entries, needed = [], set()
        for line in listing.decode("utf-8", "replace").splitlines():
            if " EXTENSION - " in line:
                needed.add(line.split(" EXTENSION - ", 1)[1].split()[0])
            if any(skipped in line for skipped in SKIPPED_ENTRIES):
                line = ";" + line  # commented out: pg_restore skips it
            entries.append(line)
        missing = needed - present
        if missing:
            missing = _create_extensions(target, missing)
        if missing:
            raise BackupError(
                f"Cơ sở dữ liệu đích chưa có extension {', '.join(sorted(missing))}: quản trị "
                "viên PostgreSQL chạy deploy/postgres/extensions.sql trên cơ sở dữ liệu này "
                "trước (xem README) / the administrator must create the extensions first"
            )
        toc = Path(scratch) / "toc.list"
        toc.write_text("\n".join(entries) + "\n")
        pg.run(
            [
                pg.tool("pg_restore"),
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--use-list={toc}",
                f"--dbname={target.name}",
                str(dump),
            ],
            target,
        )
    with target.connect() as connection:
        connection.execute("ANALYZE")
        counts = pg.row_counts(connection)
    if counts != database["tables"]:
        differing = sorted(
            name
            for name in set(counts) | set(database["tables"])
            if counts.get(name) != database["tables"].get(name)
        )
        raise BackupError(
            f"Số dòng sau phục hồi khác manifest ở {len(differing)} bảng, ví dụ {differing[0]} / "
            "row counts differ from the manifest"
        )


def restore_backup(*, folder: Path, target: pg.Target, media_root: Path, key: str | None) -> dict:
    manifest = read_manifest(folder)
    if manifest.get("encryption") and not key:
        raise BackupError(
            "Bản sao lưu đã mã hoá: đặt TDKT_BACKUP_KEY (khoá dùng khi sao lưu) / the backup "
            "is encrypted: set TDKT_BACKUP_KEY"
        )
    check_database_empty(target)
    check_media_empty(media_root)
    media_root.mkdir(parents=True, exist_ok=True)
    staging = media_root / STAGING
    staging.mkdir()
    try:
        _unpack_media(folder, manifest, key, staging)
        _restore_database(folder, manifest, key, target)
        for entry in staging.iterdir():
            os.replace(entry, media_root / entry.name)
    finally:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(staging)
    for name, expected in manifest["media"]["files"].items():
        sha256, _size = file_sha256(media_root / name)
        if sha256 != expected["sha256"]:  # pragma: no cover - moved within one file system
            raise BackupError(f"Tệp {name} sai mã kiểm tra sau khi chuyển / checksum mismatch")
    return manifest
