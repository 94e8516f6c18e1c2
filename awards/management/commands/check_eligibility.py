"""Judge eligibility inputs from a JSON file and print the verdicts as JSON.

    manage.py check_eligibility --input FILE.json     (FILE "-" reads standard input)

The file holds one input object or a list of them (ELIGIBILITY.md, "Command line"); the
output is the output object or the list of them, in the same order. The command is a
thin shell around the pure ``awards.eligibility.evaluate``; it exists so the secretariat
and integrators can test a case without the web form, and so scripts can batch-check.

A malformed input writes one message naming the field to standard error and exits with
status 2, with nothing at all on standard output: a script piping the output into another
tool must never read half a result. So every object is judged before anything is printed.

An award code the catalogue does not know is a malformed input too (exit 2 naming
``award``): a typo such as "CSTD_TIHN" must not come back as ``needs_review``. The codes
the engine has rules for are known without the database; any other code is looked up in
the catalogue (``awards.Award``), where orders, medals and provincial titles the engine
cannot judge from records live and are answered ``needs_review`` as before.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from awards.eligibility import AWARD_CODES, InputError, evaluate

PROG = "check_eligibility"


class Command(BaseCommand):
    help = "Xét điều kiện khen thưởng cho một (hoặc một danh sách) đối tượng từ tệp JSON."
    # Pure computation: no database, so no system or migration checks to wait for.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--input",
            required=True,
            metavar="FILE",
            help="tệp JSON chứa một đối tượng hoặc một danh sách; '-' để đọc từ stdin",
        )

    def handle(self, *args: Any, input: str, **options: Any) -> None:
        data = self._load(input)
        if isinstance(data, dict):
            result: Any = self._evaluate(data, index=None)
            self._check_catalogue([(None, data)])
        elif isinstance(data, list):
            result = [self._evaluate(item, index=i) for i, item in enumerate(data)]
            self._check_catalogue(list(enumerate(data)))
        else:
            self._fail("dữ liệu vào phải là một đối tượng JSON hoặc một danh sách đối tượng")
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _check_catalogue(self, items: list[tuple[int | None, dict[str, Any]]]) -> None:
        """Refuse the first award code neither the engine nor the catalogue knows.

        Runs after every object was validated (so ``award`` is a non-empty string), with
        one query for all the codes the engine has no rules for, and none when it has."""
        unknown = {item["award"] for _, item in items} - set(AWARD_CODES)
        if not unknown:
            return
        known = catalogue_codes(unknown, fail=self._fail) | set(AWARD_CODES)
        for index, item in items:
            code = item["award"]
            if code in known:
                continue
            field = "award" if index is None else f"[{index}].award"
            self._fail(
                f'lỗi dữ liệu vào ở trường "{field}": mã danh hiệu, hình thức khen thưởng'
                f" “{code}” không có trong danh mục"
            )

    def _load(self, name: str) -> Any:
        label = "stdin" if name == "-" else name
        try:
            if name == "-":
                text = sys.stdin.buffer.read().decode("utf-8-sig")
            else:
                with open(name, encoding="utf-8-sig") as handle:
                    text = handle.read()
        except FileNotFoundError:
            self._fail(f"không tìm thấy tệp {label}")
        except (OSError, UnicodeDecodeError) as error:
            self._fail(f"không đọc được tệp {label}: {error}")
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            self._fail(
                f"tệp {label} không phải JSON hợp lệ: {error.msg}"
                f" (dòng {error.lineno}, cột {error.colno})"
            )

    def _evaluate(self, item: Any, *, index: int | None) -> dict[str, Any]:
        try:
            return evaluate(item)
        except InputError as error:
            if index is not None:
                error = error.within(index)
            if error.field:
                self._fail(f'lỗi dữ liệu vào ở trường "{error.field}": {error.message}')
            self._fail(f"lỗi dữ liệu vào: {error.message}")

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(f"{PROG}: {message}")
        sys.exit(2)


def catalogue_codes(codes: set[str], *, fail) -> set[str]:
    """Those of ``codes`` the catalogue holds (in use or not: a retired award is still
    an award the records may cite). A database that cannot be read is a clear failure."""
    from awards.models import Award

    try:
        return set(Award.objects.filter(code__in=codes).values_list("code", flat=True))
    except DatabaseError as error:
        fail(f"không đọc được danh mục danh hiệu, hình thức khen thưởng: {error}")
