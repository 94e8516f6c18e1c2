"""A dashboard panel with nothing in it says so instead of standing empty."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_empty_panel_says_nothing_is_in_progress(client, users):
    client.force_login(users["secretariat"])
    body = client.get(reverse("units:dashboard")).content.decode()
    # No scoring round this year: the blocs panel is there, with its sentence.
    assert "Chấm điểm cụm, khối thi đua" in body
    assert body.count('data-testid="panel-empty"') >= 1
    assert "Năm nay chưa có việc nào đang diễn ra." in body
