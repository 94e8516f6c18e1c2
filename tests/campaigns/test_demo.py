"""`make run` shows the seed plan's movements with registrations in every state,
actuals, reviews and exemplars at every stage (two in the public gallery), made once."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from campaigns.demo import seed_demo_campaigns
from campaigns.models import Exemplar, Movement, Registration
from campaigns.selectors import public_exemplars
from units.demo import seed_demo
from units.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_movements_are_made_once(client, settings):
    settings.TDKT_REGISTRATION_DEADLINE = "31/03"  # the demo registers whatever the day
    seed_demo(password="tdkt-demo-2026")
    counts = seed_demo_campaigns(today=date(2026, 6, 9))
    assert counts["movements"] == 6
    assert counts["exemplars"] == 6
    assert dict(Movement.objects.values_list("code", "state")) == {
        "chuyen-doi-so": "in_progress",
        "nong-thon-moi": "final_reviewed",
        "vi-nguoi-ngheo": "midterm_reviewed",
        "van-hoa-cong-so": "launched",
        "dan-van-kheo": "launched",
        "cai-cach-hanh-chinh": "draft",
    }
    # The plans of the movements under way were issued with the register's numbers; the
    # movements only launched wait for theirs.
    plans = dict(Movement.objects.values_list("code", "plan_number"))
    assert sorted(plans[c] for c in ("chuyen-doi-so", "nong-thon-moi", "vi-nguoi-ngheo")) == [
        "01/KH-HĐTĐKT",
        "02/KH-HĐTĐKT",
        "03/KH-HĐTĐKT",
    ]
    assert plans["van-hoa-cong-so"] == plans["dan-van-kheo"] == ""
    states = set(Registration.objects.values_list("state", flat=True))
    assert states == {"draft", "submitted", "returned", "accepted"}
    assert set(Exemplar.objects.values_list("stage", flat=True)) == {
        "discovered",
        "nurtured",
        "summarised",
        "spread",
    }
    assert public_exemplars().count() == 2
    assert seed_demo_campaigns(today=date(2026, 6, 9)) == {}
    body = client.get(reverse("campaigns:gallery")).content.decode()
    assert "Hợp tác xã nông nghiệp Bình Sơn" in body
    client.force_login(User.objects.get(username="secretariat"))
    body = client.get(reverse("units:dashboard")).content.decode()
    assert "Phong trào đang triển khai" in body


def test_the_command_says_what_it_did(capsys):
    seed_demo(password="tdkt-demo-2026")
    call_command("seed_demo_campaigns")
    call_command("seed_demo_campaigns")
    out = capsys.readouterr().out
    assert "Phong trào demo: 6 phong trào" in out
    assert "Phong trào demo: đã có, bỏ qua" in out
