"""Give the demo its emulation blocs and clusters (`make run` calls this after
`seed_demo`; it does nothing once any demo bloc exists)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from clusters.demo import seed_demo_clusters


class Command(BaseCommand):
    help = "Create the demo emulation blocs and clusters with a scoring round (once)."

    def handle(self, *args, **options):
        counts = seed_demo_clusters(today=timezone.localdate())
        if counts:
            self.stdout.write(
                f"Cụm, khối demo: {counts['clusters']} cụm ({counts['communes']} xã, phường, "
                f"đặc khu), {counts['blocs']} khối ({counts['bodies']} cơ quan, đơn vị)"
            )
        else:
            self.stdout.write("Cụm, khối demo: đã có, bỏ qua")
