"""Score one bloc (or a list of blocs) from a JSON file and print the result as JSON.

    manage.py score_bloc --input FILE.json     (FILE "-" reads standard input)

The file holds one input object or a list of them (``SCORING.md``, "Command line"); the
output is the output object or the list of them, in the same order. The command is a thin
shell around the pure ``clusters.engine.score``.

A malformed input writes one message naming the field as a path (``sheets[3].lines.A1``;
``[1].sheets[3].lines.A1`` in the second object of a list) to standard error and exits
with status 2, with nothing at all on standard output: every object is validated and
scored before anything is printed.
"""

from __future__ import annotations

import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand

from clusters.engine import InputError, score

PROG = "score_bloc"


class Command(BaseCommand):
    help = "Chấm điểm, xếp hạng một (hoặc một danh sách) cụm, khối thi đua từ tệp JSON."
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
            result: Any = self._score(data, index=None)
        elif isinstance(data, list):
            result = [self._score(item, index=i) for i, item in enumerate(data)]
        else:
            self._fail(
                "input", "dữ liệu vào phải là một đối tượng JSON hoặc một danh sách đối tượng"
            )
        self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))

    def _load(self, name: str) -> Any:
        label = "stdin" if name == "-" else name
        try:
            if name == "-":
                text = sys.stdin.buffer.read().decode("utf-8-sig")
            else:
                with open(name, encoding="utf-8-sig") as handle:
                    text = handle.read()
        except FileNotFoundError:
            self._fail("input", f"không tìm thấy tệp {label}")
        except (OSError, UnicodeDecodeError) as error:
            self._fail("input", f"không đọc được tệp {label}: {error}")
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            self._fail(
                "input",
                f"tệp {label} không phải JSON hợp lệ: {error.msg}"
                f" (dòng {error.lineno}, cột {error.colno})",
            )

    def _score(self, item: Any, *, index: int | None) -> dict[str, Any]:
        try:
            return score(item)
        except InputError as error:
            if index is not None:
                error = error.within(index)
            self._fail(error.field, f"{error.message} — {error.message_vi}")

    def _fail(self, field: str, message: str) -> NoReturn:
        self.stderr.write(f"{PROG}: {field}: {message}")
        sys.exit(2)
