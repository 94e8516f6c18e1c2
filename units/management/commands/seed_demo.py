"""``manage.py seed_demo``: build the Quảng Ngãi demo province (units/demo/)."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from units.demo import LOGINS, ROOT_CODE, seed_demo
from units.models import Unit, User


class Command(BaseCommand):
    help = (
        "Create the demo data: the post-2025 Quảng Ngãi unit tree, a registry of invented "
        "people and the demo logins. Refuses to run twice unless --if-empty is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=None,
            help="Password of every demo login (default: the TDKT_DEMO_PASSWORD setting).",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing (and succeed) when the demo data already exists.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2026,
            help="Seed of the random generator; the same seed gives the same data.",
        )

    def handle(self, *args, **options):
        password = options["password"] or settings.TDKT_DEMO_PASSWORD
        if options["if_empty"] and Unit.objects.filter(code=ROOT_CODE).exists():
            self.stdout.write("Dữ liệu demo đã có sẵn; không tạo thêm.")
            return
        started = time.monotonic()
        try:
            counts = seed_demo(password=password, seed=options["seed"])
        except RuntimeError as error:
            raise CommandError(
                "Dữ liệu demo đã có sẵn (dùng --if-empty để bỏ qua bước này)."
            ) from error
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã tạo dữ liệu demo: {counts['units']} đơn vị, {counts['people']} người, "
                f"{counts['users']} tài khoản ({elapsed:.1f} giây)."
            )
        )
        self.stdout.write("Tài khoản (mật khẩu: giá trị --password hoặc TDKT_DEMO_PASSWORD):")
        users = User.objects.filter(username__in=[login.username for login in LOGINS])
        by_name = {user.username: user for user in users.prefetch_related("roles__unit")}
        for login in LOGINS:
            user = by_name[login.username]
            roles = ", ".join(
                "/".join(
                    part
                    for part in (role.role, role.council_position, getattr(role.unit, "code", ""))
                    if part
                )
                for role in sorted(user.roles.all(), key=lambda role: role.role)
            )
            self.stdout.write(f"  {user.username:<18} {user.full_name} — {roles}")
