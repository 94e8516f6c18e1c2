"""Give the demo a deadline three working days ahead and send its reminders, so the
demo users find one in their inbox (`make run` calls this after `seed_demo`)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from notifications.demo import seed_demo_deadline


class Command(BaseCommand):
    help = "Create the demo deadline and send its reminders (idempotent)."

    def handle(self, *args, **options):
        deadline = seed_demo_deadline(today=timezone.localdate())
        self.stdout.write(f"Hạn demo: {deadline.title} — {deadline.due_on:%d/%m/%Y}")
