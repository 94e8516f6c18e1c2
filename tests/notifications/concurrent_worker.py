"""Entry point of the worker processes of the concurrency test.

Imported by a freshly spawned interpreter before Django is set up, so nothing Django is
imported at module level.
"""

import os
import traceback


def send_reminders_in_child(env: dict, barrier, results, today) -> None:
    try:
        os.environ.update(env)
        import django

        django.setup()
        from django.db import connection

        from notifications.services import reminders_send

        connection.ensure_connection()
        barrier.wait(timeout=60)
        results.put(("ok", reminders_send(today=today)))
    except BaseException:
        results.put(("error", traceback.format_exc()))
        raise
