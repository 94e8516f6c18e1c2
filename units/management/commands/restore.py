"""``manage.py restore``: a backup folder into an empty database and media folder."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from units.ops import pg
from units.ops.crypto import DecryptionError
from units.ops.files import BackupError, complete_backups
from units.ops.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Phục hồi / restore: a folder written by `manage.py backup` into an EMPTY database "
        "and an EMPTY media folder, checking every checksum of the manifest and every "
        "table's row count. Refuses a database or folder that already holds data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folder",
            nargs="?",
            type=Path,
            help="The backup folder (tdkt-<time>); --latest takes the newest in TDKT_BACKUP_DIR.",
        )
        parser.add_argument(
            "--latest", action="store_true", help="Restore the newest complete backup."
        )
        parser.add_argument(
            "--database-url",
            default=None,
            help="Restore into this PostgreSQL database (default: the --database alias).",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias.")
        parser.add_argument(
            "--media-root",
            type=Path,
            default=None,
            help="Restore the files into this folder (default: MEDIA_ROOT).",
        )

    def handle(self, *args, **options):
        folder = options["folder"]
        if options["latest"]:
            backups = complete_backups(Path(settings.TDKT_BACKUP_DIR))
            if not backups:
                raise CommandError(
                    f"Không có bản sao lưu nào trong {settings.TDKT_BACKUP_DIR} / no backup"
                )
            folder = backups[-1]
        if folder is None:
            raise CommandError("Chỉ rõ thư mục sao lưu hoặc --latest / give a folder or --latest")
        folder = Path(folder)
        media_root = Path(options["media_root"] or settings.MEDIA_ROOT)
        started = time.monotonic()
        try:
            if options["database_url"]:
                target = pg.Target.from_url(options["database_url"])
            else:
                target = pg.Target.from_settings(connections[options["database"]].settings_dict)
            manifest = restore_backup(
                folder=folder,
                target=target,
                media_root=media_root,
                key=settings.TDKT_BACKUP_KEY or None,
            )
        except (BackupError, pg.ToolError, DecryptionError) as error:
            raise CommandError(str(error)) from error
        elapsed = time.monotonic() - started
        tables = manifest["database"]["tables"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã phục hồi {folder.name} vào {target.name} và {media_root}: {len(tables)} "
                f"bảng, {sum(tables.values())} dòng, {len(manifest['media']['files'])} tệp, "
                f"mã kiểm tra khớp ({elapsed:.1f} giây) / restored and verified"
            )
        )
