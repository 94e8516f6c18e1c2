"""``manage.py backup``: the database and the media folder into a checked backup folder."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from units.ops import pg
from units.ops.backup import create_backup, prune
from units.ops.crypto import DecryptionError, generate_key
from units.ops.files import BackupError


class Command(BaseCommand):
    help = (
        "Sao lưu / back up: a PostgreSQL dump (custom format) and a tar of MEDIA_ROOT with a "
        "manifest of SHA-256 checksums, in a new folder tdkt-<UTC time> under --output-dir; "
        "encrypted when TDKT_BACKUP_KEY is set; then keeps only the --keep newest backups."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir",
            type=Path,
            default=None,
            help="Folder of the backups (default: TDKT_BACKUP_DIR).",
        )
        parser.add_argument(
            "--keep",
            type=int,
            default=None,
            help="Keep this many newest backups, delete older ones; 0 keeps all "
            "(default: TDKT_BACKUP_KEEP).",
        )
        parser.add_argument(
            "--no-encrypt",
            action="store_true",
            help="Write plain files even when TDKT_BACKUP_KEY is set.",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="Database alias to back up (default: default).",
        )
        parser.add_argument(
            "--generate-key",
            action="store_true",
            help="Print a new key for TDKT_BACKUP_KEY and exit.",
        )

    def handle(self, *args, **options):
        if options["generate_key"]:
            self.stdout.write(generate_key())
            return
        output_dir = Path(options["output_dir"] or settings.TDKT_BACKUP_DIR)
        keep = settings.TDKT_BACKUP_KEEP if options["keep"] is None else options["keep"]
        if keep < 0:
            raise CommandError("--keep phải là số không âm / --keep must be 0 or more")
        key = None if options["no_encrypt"] else (settings.TDKT_BACKUP_KEY or None)
        started = time.monotonic()
        try:
            target = pg.Target.from_settings(connections[options["database"]].settings_dict)
            folder = create_backup(
                target=target,
                media_root=Path(settings.MEDIA_ROOT),
                output_dir=output_dir,
                key=key,
            )
            deleted = prune(output_dir, keep)
        except (BackupError, pg.ToolError, DecryptionError) as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        size = sum(path.stat().st_size for path in folder.iterdir())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu vào {folder} ({size / 1_048_576:.1f} MB, "
                f"{'mã hoá' if key else 'không mã hoá'}, {elapsed:.1f} giây) / backed up"
            )
        )
        for old in deleted:
            self.stdout.write(f"Đã xoá bản sao lưu cũ / deleted old backup: {old.name}")
