"""Give the demo the movements of the seed plan with registrations, actuals, reviews and
exemplars (`make run` calls this after `seed_demo`; it does nothing once any movement
exists)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from campaigns.demo import seed_demo_campaigns


class Command(BaseCommand):
    help = "Create the demo emulation movements, registrations and exemplars (once)."

    def handle(self, *args, **options):
        counts = seed_demo_campaigns(today=timezone.localdate())
        if counts:
            self.stdout.write(
                f"Phong trào demo: {counts['movements']} phong trào, "
                f"{counts['registrations']} bản đăng ký, {counts['exemplars']} điển hình"
            )
        else:
            self.stdout.write("Phong trào demo: đã có, bỏ qua")
