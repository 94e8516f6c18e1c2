"""The WSGI application that gunicorn serves (the compose file, the Dockerfile, ``make
bench``).

Loaded whole before the first request (settings, apps, every URL and view module), then
the collector is told to leave what was loaded alone (``gc.freeze``): a worker holds some
280,000 objects once Django is up, and each full collection walked all of them, a pause of
about 140 ms every few hundred requests: the slowest of the archive search's requests
(issue 13). What requests create afterwards is still collected as usual.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

if not os.environ.get("DJANGO_SETTINGS_MODULE"):  # unset or empty
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"

application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - imports every view module now, not on a request
gc.collect()
gc.freeze()
