"""Settings for the test suite: same code, fast hashing, files in a temporary folder."""

import tempfile

from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = env("MEDIA_ROOT", default=tempfile.mkdtemp(prefix="tdkt-media-"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the finders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Each test process keeps its own cache, so rate-limit counters never leak between runs.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The gallery's page cache stays off: tests that measure it turn it on themselves.
TDKT_GALLERY_CACHE_SECONDS = 0
# Likewise the kept pages (units.pagecache): tests/units/test_pagecache.py turns them on.
TDKT_PAGE_CACHE_SECONDS = 0
