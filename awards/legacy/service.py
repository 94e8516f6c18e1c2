"""The import service: a dry run to preview, a confirmation to import, and the messages
of a result.

The steps are those of the units and people import (``units.views.transfer``): the
uploaded file (already checked by ``SafeFileField``) is kept under a generated name
among the files waiting for a confirmation (``units.imports``) and run as a dry run whose
totals, first rows and errors are shown; nothing is saved. Only a confirmation with a
signed token, bound to the user and to the file's content, imports it, in one
transaction; any row error rolls everything back. The file is deleted after the
confirmation, so a token works once; one never confirmed is purged by the beat task
``units.purge_import_files``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import tablib
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext as _

from units.imports import (
    import_file_digest,
    import_file_path,
    import_file_save,
    import_max_age,
)

from .columns import (
    COL_AWARD,
    COL_DECISION_NUMBER,
    COL_NAME,
    COL_UNIT,
    COL_YEAR,
    HEADERS,
    PREVIEW_ROWS,
    LegacyFileError,
)
from .resource import LegacyAwardResource
from .workbook import read_workbook

logger = logging.getLogger("awards.legacy")

SALT = "awards.legacy_import"


class ImportExpired(Exception):
    """The confirmation's token is stale, forged, someone else's, or its file is gone."""


@dataclass
class LegacyPreview:
    """What the dry run found. ``problems`` are file-level (nothing else is shown);
    ``token`` is set only when the file may be imported as it is."""

    problems: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    totals: dict = field(default_factory=dict)
    total_rows: int = 0
    rows: list[dict] = field(default_factory=list)
    token: str = ""


@dataclass
class LegacyOutcome:
    """What the confirmed import did: totals, or the errors that saved nothing."""

    problems: list[str] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    totals: dict = field(default_factory=dict)

    @property
    def saved(self) -> bool:
        return not (self.problems or self.errors)


def import_legacy(dataset: tablib.Dataset, *, dry_run: bool, user=None):
    """Run the import in one transaction; any row error rolls back everything."""
    return LegacyAwardResource().import_data(
        dataset,
        dry_run=dry_run,
        use_transactions=True,
        rollback_on_validation_errors=True,
        raise_errors=False,
        user=user,
    )


def legacy_import_preview(*, upload, user) -> LegacyPreview:
    """Keep the upload, run the dry run and say what an import would do. The file stays
    (for the confirmation) only when a token is given."""
    path = import_file_save(upload)
    keep = False
    try:
        try:
            dataset = read_workbook(path)
        except LegacyFileError as error:
            return LegacyPreview(problems=[str(error)])
        result = import_legacy(dataset, dry_run=True, user=user)
        problems = file_errors(result)
        if problems:
            return LegacyPreview(problems=problems)
        preview = LegacyPreview(
            errors=row_errors(result),
            totals=result.totals,
            total_rows=result.total_rows,
            rows=preview_rows(result),
        )
        if not preview.errors and result.totals["new"]:
            preview.token = signing.dumps(
                {"file": path.name, "user": user.pk, "sha256": import_file_digest(path)},
                salt=SALT,
            )
            keep = True
        return preview
    finally:
        if not keep:
            path.unlink(missing_ok=True)


def legacy_import_confirm(*, token: str, user) -> LegacyOutcome:
    """Import the file the token names, once. Raises ImportExpired when the token is
    older than ``TDKT_IMPORT_MAX_AGE_MINUTES``, forged, another user's, or its file was
    changed, used or purged."""
    try:
        data = signing.loads(token, salt=SALT, max_age=import_max_age())
    except signing.BadSignature:
        raise ImportExpired from None
    path = import_file_path(data.get("file", ""))
    if data.get("user") != user.pk or not path.is_file():
        raise ImportExpired
    try:
        if import_file_digest(path) != data.get("sha256"):
            raise ImportExpired
        result = import_legacy(read_workbook(path), dry_run=False, user=user)
    except LegacyFileError:
        raise ImportExpired from None
    finally:
        path.unlink(missing_ok=True)
    return LegacyOutcome(
        problems=file_errors(result), errors=row_errors(result), totals=result.totals
    )


def preview_rows(result) -> list[dict]:
    """The first rows as read, for the preview table (sheet row numbers)."""
    rows = []
    for number, row in enumerate(result.rows[:PREVIEW_ROWS], start=2):
        values = row.row_values or {}
        rows.append(
            {
                "number": number,
                "type": row.import_type,
                "name": values.get(COL_NAME) or "",
                "unit": values.get(COL_UNIT) or "",
                "award": values.get(COL_AWARD) or "",
                "year": values.get(COL_YEAR) or "",
                "decision": values.get(COL_DECISION_NUMBER) or "",
            }
        )
    return rows


def file_errors(result) -> list[str]:
    """Messages of the file-level errors (base errors) of a result."""
    messages = []
    for error in result.base_errors:
        if isinstance(error.error, LegacyFileError):
            messages.append(str(error.error))
        else:
            logger.error("Legacy import failed", exc_info=error.error)
            messages.append(_("The file could not be imported."))
    return messages


def row_errors(result) -> list[dict]:
    """Every error with its sheet row (header = row 1), column header and messages."""
    order = {header: index for index, header in enumerate(HEADERS)}
    rows = []
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            column = (
                "" if attribute == NON_FIELD_ERRORS else LegacyAwardResource.column_for(attribute)
            )
            rows.append({"row": invalid.number + 1, "column": column, "errors": list(messages)})
    for number, errors in result.row_errors():
        for error in errors:
            logger.error("Legacy import: row %s failed", number + 1, exc_info=error.error)
        rows.append(
            {"row": number + 1, "column": "", "errors": [_("This row could not be saved.")]}
        )
    return sorted(rows, key=lambda item: (item["row"], order.get(item["column"], -1)))
