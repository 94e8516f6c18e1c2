"""Shared pieces of a backup folder: names, the manifest, hashing readers and writers."""

import hashlib
import json
import os
import re
from pathlib import Path

FORMAT = "tdkt-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar"
ENCRYPTED_SUFFIX = ".enc"
ENCRYPTION = "fernet-stream-v1"
# tdkt-20260609T020000Z: sorts by time; a folder still being written ends in ".partial"
NAME = re.compile(r"^tdkt-\d{8}T\d{6}Z$")
READ_SIZE = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be written, or a backup folder cannot be restored: the message says
    why, in Vietnamese first."""


class HashingWriter:
    """Counts and hashes what passes through to ``raw``."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data) -> int:
        self.sha256.update(data)
        self.size += len(data)
        return self.raw.write(data)

    def flush(self) -> None:
        self.raw.flush()


class HashingReader:
    """Counts and hashes what is read from ``raw`` (a file added to a tar)."""

    def __init__(self, raw) -> None:
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def file_sha256(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(READ_SIZE):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_manifest(folder: Path, manifest: dict) -> None:
    path = folder / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
    fsync_file(path)


def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError as exc:
        raise BackupError(
            f"Không có {MANIFEST} trong {folder}: bản sao lưu chưa hoàn tất hoặc sai thư mục / "
            "no manifest: incomplete backup or wrong folder"
        ) from exc
    except ValueError as exc:
        raise BackupError(f"{MANIFEST} hỏng / manifest is not valid JSON: {exc}") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(
            f"{folder} không phải bản sao lưu Cổng TĐKT phiên bản {VERSION} / "
            "not a TĐKT portal backup of a known version"
        )
    return manifest


def complete_backups(folder: Path) -> list[Path]:
    """The finished backups in ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(
        entry
        for entry in folder.iterdir()
        if entry.is_dir() and NAME.match(entry.name) and (entry / MANIFEST).is_file()
    )
