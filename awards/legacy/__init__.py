"""Legacy import: years of award lists kept in Excel, brought into the archive.

The file layout is documented (README, "Nhập danh sách khen thưởng cũ"; the import page
shows the same table from :data:`LEGACY_COLUMNS`): fixed Vietnamese headers in row 1, one
individual per row, required columns marked *.

=========================== =========================================================
Header                      Content
=========================== =========================================================
Họ và tên *                 full name, any case, with or without diacritics
Năm sinh                    year of birth (four digits)
Giới tính                   "Nam" or "Nữ"; when absent, see the gender rule below
Mã đơn vị *                 unit code; the unit's exact name is also accepted when it
                            matches exactly one unit (accent- and case-insensitive)
Chức vụ                     position, stored only on people created by the import
Danh hiệu/Hình thức *       award code (``LDTT``) or its exact name in the catalogue,
                            accent- and case-insensitive
Năm *                       year of the award
Loại hình                   kind of commendation: blank = "Công trạng", or one of
                            Công trạng, Phong trào, Đột xuất, Cống hiến, Niên hạn,
                            Đối ngoại (or the code, e.g. ``DOT_XUAT``)
Số quyết định *             decision number and symbol, e.g. "1234/QĐ-UBND"
Ngày quyết định *           dd/mm/yyyy text or a date cell
Người ký                    signer of the decision
Số bằng/giấy chứng nhận     certificate number
=========================== =========================================================

Rules, in the order they are applied to a row:

* **Unit**: by code (exact, then case-insensitive), else by name through
  ``Unit.search_name`` when exactly one unit (active or not: old lists name units that
  have since merged) carries it.
* **Award**: by code (case-insensitive) or by ``normalize(name)``; it must be awarded to
  individuals (subject "individual" or "any") and be given under the row's kind.
* **Person**: in the given unit, same ``search_name`` (``units.search.normalize`` of the
  name). With a year of birth: the person born that year; failing that, the one person
  of that name whose year of birth is unknown. Without a year of birth: the one person of
  that name in the unit (several is an error on "Năm sinh"). No match: the person is
  created through ``units.services.person_create``.
* **Gender** (the registry requires it, old lists rarely have it): the "Giới tính"
  column when given; otherwise "female" when a middle name is "Thị" (Nguyễn Thị Lan),
  else "male". The rule is a heuristic: clerks can correct the registry afterwards.
* **Decision**: found by (number, date), else created with authority "provincial
  chairman", the row's kind, the signer from "Người ký" or :data:`UNKNOWN_SIGNER`, and
  an empty signer's position (unknown in old lists; filled in later by the secretariat).
* **Grant**: the same record ``awards.services.grant_create`` makes: names snapshotted
  from the person and the unit, the cash amount from ``services.cash_amount`` on the
  decision date, the subject and kind checks, and local quotas (the rule of
  ``services._check_quota``: usage counted in the unit's subtree, quota rows locked).

Idempotency: every row has a ``legacy_key``, the SHA-256 of its normalised (name, year
of birth, unit code, award code, year, decision number, decision date). A row whose key
is already in the archive, or repeats an earlier row of the same file, is skipped; so
importing a file twice leaves the records of one import. The key is computed in
:meth:`LegacyAwardResource.before_import` and added to the dataset as a hidden column,
which ``import_id_fields`` and the instance loader use.

Why the grants are not written by ``grant_create`` row by row: measured at about 13
queries a row (``full_clean`` checks every foreign key and check constraint with a query,
then cash, quota, insert and history), 10,000 rows took three minutes on SQLite. So
import-export parses and validates every row in memory against lookups loaded once per
import (units, awards, the people of the file's units, the file's decisions, existing
keys, quotas), ``save_instance`` builds the unsaved person, decision and grant with the
service's rules, and import-export's bulk step (``use_bulk``; :meth:`bulk_create`)
writes them every 1,000 rows with their history rows through
``bulk_create_with_history``, only while no row has failed. ``tests/awards/test_legacy.py``
checks that an imported grant equals the one ``grant_create`` makes.

Everything runs in one transaction (``import_data(use_transactions=True,
rollback_on_validation_errors=True)``): one bad row and nothing is saved. A dry run does
the same work, writes included, and rolls back.

The package, along those seams:

- ``columns``: the documented layout, the kinds and genders as old lists write them;
- ``workbook``: reading the XLSX file, file-level problems, the row key, the gender rule;
- ``widgets``: each column's cell read and checked;
- ``matching``: units, awards, people, decisions, keys, quotas and cash, loaded once;
- ``resource``: the import-export resource that checks the rows and writes the batches;
- ``service``: preview (dry run) and confirmation, and the messages of a result.
"""

from .columns import (
    COL_AWARD,
    COL_BIRTH_YEAR,
    COL_CERTIFICATE,
    COL_DECISION_DATE,
    COL_DECISION_NUMBER,
    COL_GENDER,
    COL_KIND,
    COL_NAME,
    COL_POSITION,
    COL_SIGNER,
    COL_UNIT,
    COL_YEAR,
    HEADERS,
    KEY_COLUMN,
    KIND_LABELS,
    LEGACY_COLUMNS,
    PREVIEW_ROWS,
    REQUIRED_HEADERS,
    UNKNOWN_SIGNER,
    LegacyFileError,
)
from .resource import LegacyAwardResource
from .service import (
    ImportExpired,
    LegacyOutcome,
    LegacyPreview,
    file_errors,
    import_legacy,
    legacy_import_confirm,
    legacy_import_preview,
    row_errors,
)
from .workbook import file_problems, guess_gender, legacy_key, read_workbook

__all__ = [
    "COL_AWARD",
    "COL_BIRTH_YEAR",
    "COL_CERTIFICATE",
    "COL_DECISION_DATE",
    "COL_DECISION_NUMBER",
    "COL_GENDER",
    "COL_KIND",
    "COL_NAME",
    "COL_POSITION",
    "COL_SIGNER",
    "COL_UNIT",
    "COL_YEAR",
    "HEADERS",
    "KEY_COLUMN",
    "KIND_LABELS",
    "LEGACY_COLUMNS",
    "PREVIEW_ROWS",
    "REQUIRED_HEADERS",
    "UNKNOWN_SIGNER",
    "ImportExpired",
    "LegacyAwardResource",
    "LegacyFileError",
    "LegacyOutcome",
    "LegacyPreview",
    "file_errors",
    "file_problems",
    "guess_gender",
    "import_legacy",
    "legacy_import_confirm",
    "legacy_import_preview",
    "legacy_key",
    "read_workbook",
    "row_errors",
]
