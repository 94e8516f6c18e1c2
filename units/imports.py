"""Spreadsheet files waiting for an import's confirmation.

Every import (units and people, ``units.views.transfer``; award lists of past years,
``awards.legacy``) runs in two steps: the uploaded file is kept under a generated name in
the private media folder ``imports/`` while the user reads the dry run, and the
confirmation (a signed token bound to the user and to the file) imports it and deletes
it. A file nobody confirms would stay forever: the beat task ``units.purge_import_files``
deletes every file older than ``TDKT_IMPORT_MAX_AGE_MINUTES``, the same age after which
the token is refused, so no confirmable file is ever deleted.
"""

import hashlib
import time
import uuid
from pathlib import Path

from django.conf import settings

FOLDER = "imports"


def import_dir() -> Path:
    """The folder of the files waiting for a confirmation (created when missing)."""
    path = Path(settings.MEDIA_ROOT) / FOLDER
    path.mkdir(parents=True, exist_ok=True)
    return path


def import_max_age() -> int:
    """Seconds a confirmation token, and the file it names, stay valid."""
    return int(settings.TDKT_IMPORT_MAX_AGE_MINUTES) * 60


def import_file_save(upload, *, suffix: str = ".xlsx") -> Path:
    """Write an uploaded file under a generated name; the caller deletes it when done."""
    path = import_dir() / f"{uuid.uuid4().hex}{suffix}"
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path


def import_file_path(name: str) -> Path:
    """The waiting file of that name (any folder part of ``name`` is ignored)."""
    return import_dir() / Path(str(name)).name


def import_file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def import_files_purge(*, now: float | None = None) -> list[str]:
    """Delete the waiting files older than the confirmation window; their names."""
    folder = Path(settings.MEDIA_ROOT) / FOLDER
    if not folder.is_dir():
        return []
    cutoff = (time.time() if now is None else now) - import_max_age()
    purged = []
    for path in sorted(folder.iterdir()):
        try:
            if path.is_file() and path.stat().st_mtime < cutoff:
                path.unlink()
                purged.append(path.name)
        except FileNotFoundError:  # confirmed (and deleted) meanwhile
            continue
    return purged
