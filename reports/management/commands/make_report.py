"""Run the report pipeline synchronously for scripts.

manage.py make_report KIND [--year Y] [--format pdf|docx|xlsx] --output PATH [--as USER]
manage.py make_report KIND --object ID [--format …] --output PATH [--as USER]
manage.py make_report --list

Kinds of one object (a session's minutes, a proposal's decision) take --object.
"""

import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand
from django.utils import timezone

from reports import kinds, services
from units.models import Role, User


class Command(BaseCommand):
    help = "Produce a report the way the portal does, without the queue."

    def add_arguments(self, parser):
        parser.add_argument("kind", nargs="?")
        parser.add_argument("--year", type=str)
        parser.add_argument("--format", dest="fmt")
        parser.add_argument("--output")
        parser.add_argument(
            "--as", dest="username", help="run as this user (default: a secretariat user)"
        )
        parser.add_argument("--object", dest="object_id", type=int, help="for kinds of one object")
        parser.add_argument("--list", action="store_true", help="print the kinds and their formats")

    def fail(self, message: str) -> None:
        self.stderr.write(f"make_report: {message}")
        sys.exit(2)

    def handle(self, *args, kind, year, fmt, output, username, list, object_id, **options):
        if list:
            for report in kinds.all_kinds():
                needs = "\t--object" if report.for_object else ""
                self.stdout.write(
                    f"{report.code}\t{','.join(report.formats)}\t{report.title}{needs}"
                )
            return
        if not kind:
            self.fail("give a report kind (see --list)")
        report = kinds.get(kind)
        if report is None:
            known = ", ".join(k.code for k in kinds.all_kinds())
            self.fail(f"unknown report kind {kind!r}; known: {known}")
        fmt = fmt or report.formats[0]
        if fmt not in report.formats:
            self.fail(f"{kind} comes as {', '.join(report.formats)}, not {fmt!r}")
        year_value = None
        if year is not None:
            if not year.isdigit() or not 2000 <= int(year) <= timezone.localdate().year + 1:
                self.fail(f"--year must be a year between 2000 and {timezone.localdate().year + 1}")
            year_value = int(year)
        if report.for_object and object_id is None:
            self.fail(f"{kind} is the document of one object: give --object ID")
        if not report.for_object and object_id is not None:
            self.fail(f"{kind} takes no --object")
        if not output:
            self.fail("give --output PATH")
        user = self._user(username)
        try:
            data, _name = services.build(
                user=user, kind=kind, fmt=fmt, year=year_value, object_id=object_id
            )
        except ValidationError as error:
            self.fail("; ".join(error.messages))
        except PermissionDenied:
            self.fail(f"user {user.username!r} may not produce {kind}")
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}\t{len(data)} bytes")

    def _user(self, username: str | None) -> User:
        users = User.objects.filter(is_active=True)
        user = (
            users.filter(username=username).first()
            if username
            else users.filter(roles__role=Role.SECRETARIAT).order_by("pk").first()
        )
        if user is None:
            self.fail("no such active user" if username else "no secretariat user: give --as USER")
        return user
