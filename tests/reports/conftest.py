"""Fixtures of the reports tests that start the portal's own server (``manage.py bench``)."""

import pytest
from django.db import connection


@pytest.fixture
def live_env(monkeypatch, settings, tmp_path):
    """The server bench starts works on this test's database and media folder."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    db = connection.settings_dict
    monkeypatch.setenv(
        "DATABASE_URL",
        f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
    )
    media = tmp_path / "media"
    monkeypatch.setenv("MEDIA_ROOT", str(media))
    settings.MEDIA_ROOT = media
    return media
