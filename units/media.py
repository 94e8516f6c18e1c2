"""Media files that no row references: found by looking at every FileField of every
installed model (``apps.get_models()``, so a new app's files are covered without a
change here) and purged once older than a grace period.

The files waiting for an import's confirmation (``imports/``, never referenced by a row)
are left to ``units.imports.import_files_purge``, with its own age; the one beat task
``units.purge_import_files`` runs both.
"""

import logging
import os
import time
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models

from .imports import FOLDER as IMPORTS_FOLDER

logger = logging.getLogger(__name__)


def file_fields() -> list[tuple[type[models.Model], str]]:
    """(model, field name) of every concrete FileField (ImageField included)."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                found.append((model, field.name))
    return found


def referenced_media_names() -> set[str]:
    """Every file name a row points to, relative to MEDIA_ROOT."""
    names: set[str] = set()
    for model, name in file_fields():
        rows = model._base_manager.exclude(**{f"{name}__isnull": True}).exclude(**{name: ""})
        names.update(os.path.normpath(value) for value in rows.values_list(name, flat=True))
    return names


def media_purge_orphans(*, now: float | None = None) -> list[str]:
    """Delete the files under MEDIA_ROOT that no row references and that are older than
    TDKT_MEDIA_ORPHAN_GRACE_HOURS (a file being uploaded, or an import waiting for its
    confirmation, is younger); returns their names, relative to MEDIA_ROOT.

    The names referenced are read before the folder is walked, so a file saved during
    the walk is younger than the grace period and kept."""
    now = time.time() if now is None else now
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    cutoff = now - settings.TDKT_MEDIA_ORPHAN_GRACE_HOURS * 3600
    referenced = referenced_media_names()
    removed = []
    for folder, dirs, files in os.walk(root):
        if Path(folder) == root and IMPORTS_FOLDER in dirs:
            dirs.remove(IMPORTS_FOLDER)  # the import purge's own
        for filename in files:
            path = Path(folder) / filename
            name = os.path.normpath(path.relative_to(root).as_posix())
            if name in referenced:
                continue
            try:
                if path.is_symlink() or path.stat().st_mtime > cutoff:
                    continue
                path.unlink()
            except FileNotFoundError:
                continue
            removed.append(name)
    if removed:
        logger.info("purged %s media files no row references", len(removed))
    return sorted(removed)
