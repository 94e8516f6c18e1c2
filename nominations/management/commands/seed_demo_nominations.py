"""Give the demo dossiers at each stage of the nominations path (`make run` calls this
after `seed_demo`; it does nothing once any dossier exists)."""

from django.core.management.base import BaseCommand
from django.test.utils import override_settings
from django.utils import timezone

from nominations.demo import seed_demo_nominations


class Command(BaseCommand):
    help = "Create the demo nomination dossiers, a consultation and a session (once)."

    def handle(self, *args, **options):
        # The demo's notices go to the inboxes; their e-mails are not printed to the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            counts = seed_demo_nominations(today=timezone.localdate())
        if counts:
            self.stdout.write(
                f"Hồ sơ demo: {counts['dossiers']} hồ sơ, 1 đợt lấy ý kiến, 1 phiên họp"
            )
        else:
            self.stdout.write("Hồ sơ demo: đã có, bỏ qua")
