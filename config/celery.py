"""The Celery application: one app for the web, the worker and beat.

Without REDIS_URL the settings make every task run eagerly in the calling process, so the
embedded default needs no broker.
"""

import os

from celery import Celery

if not os.environ.get("DJANGO_SETTINGS_MODULE"):  # unset or empty
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local"

app = Celery("tdkt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
