"""A dashboard panel with nothing in it says so instead of standing empty."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_empty_panel_says_nothing_is_in_progress(client, users):
    client.force_login(users["council"])
    body = client.get(reverse("units:dashboard")).content.decode()
    # No bloc is assigned to this Council member this year: the panel is there, with its
    # sentence, not an empty box.
    assert '<h2 id="panel-clusters-council" class="h5">Cụm, khối tôi phụ trách</h2>' in body
    assert body.count('data-testid="panel-empty"') >= 1
    assert "Năm nay chưa có việc nào đang diễn ra." in body
