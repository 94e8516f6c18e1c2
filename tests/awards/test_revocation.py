"""Revoking awards by a later decision (Law 06/2022, Art. 93; issue 12 point 6): the
archive keeps the award marked revoked with the revoking decision, its public page says
so, and it drops out of every count (eligibility history, quotas)."""

import datetime
from io import BytesIO

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from awards import selectors
from awards.models import REVOCATION_KIND, AwardGrant, Decision, Quota
from awards.revocation import IN_FORCE, grants_revoke
from awards.services import eligibility_check
from tests.factories.awards import award, grant
from tests.utils.certificates import issued_decision
from units.models import IssuedDocument

pytestmark = pytest.mark.django_db
REVOKED_ON = datetime.date(2026, 6, 5)
REASON = "Kê khai không trung thực thành tích năm 2024"


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(province, signers):
    decision = issued_decision(issuer=province["root"], signer=signers["chairman"])
    person = province["person_a"]
    titles = {
        year: grant("CSTDCS", year, person=person, decision=decision) for year in (2023, 2024, 2025)
    }
    other = grant("BK_TINH", 2025, person=province["person_b"], decision=decision)
    return {"decision": decision, "titles": titles, "other": other, "person": person}


def _revoke(world, users, signers, signed_pdf, **overrides):
    arguments = {
        "decision": world["decision"],
        "grant_ids": [world["titles"][2024].pk],
        "actor": users["secretariat"],
        "number": 301,
        "issued_on": REVOKED_ON,
        "signer": signers["chairman"],
        "authority_line": "",
        "signed_file": signed_pdf(),
        "reason": REASON,
    }
    arguments.update(overrides)
    return grants_revoke(**arguments)


def test_the_award_is_kept_marked_revoked_with_the_decision(world, users, signers, signed_pdf):
    revoking = _revoke(world, users, signers, signed_pdf)
    assert (revoking.number, revoking.kind, revoking.issued_on) == (
        "301/QĐ-UBND",
        REVOCATION_KIND,
        REVOKED_ON,
    )
    assert revoking.issuer == world["decision"].issuer
    assert revoking.get_kind_display() == "Thu hồi khen thưởng"
    revoked = AwardGrant.objects.get(pk=world["titles"][2024].pk)
    assert (revoked.revoked_by, revoked.revoked_on, revoked.revocation_reason) == (
        revoking,
        REVOKED_ON,
        REASON,
    )
    assert revoked.history.first().revoked_by_id == revoking.pk
    assert IssuedDocument.objects.get(number_text="301/QĐ-UBND").signer_name == "Nguyễn Hoàng Nam"
    in_force = set(AwardGrant.objects.filter(IN_FORCE).values_list("pk", flat=True))
    assert in_force == {world["titles"][2023].pk, world["titles"][2025].pk, world["other"].pk}


def test_the_public_page_says_the_award_was_revoked(client, world, users, signers, signed_pdf):
    code = world["titles"][2024].verification_code
    before = client.get(reverse("awards:verify", args=[code])).content.decode()
    assert "Khen thưởng này đã bị thu hồi" not in before
    _revoke(world, users, signers, signed_pdf)
    page = client.get(reverse("awards:verify", args=[code])).content.decode()
    assert "Khen thưởng này đã bị thu hồi." in page
    assert "Bị thu hồi theo Quyết định số 301/QĐ-UBND ngày 05/06/2026." in page
    assert REASON in page
    other = client.get(reverse("awards:verify", args=[world["other"].verification_code]))
    assert "đã bị thu hồi" not in other.content.decode()


def test_a_revoked_award_no_longer_counts_for_eligibility(world, users, signers, signed_pdf):
    data = selectors.eligibility_input(award="CSTD_TINH", year=2025, person=world["person"])
    assert [t["year"] for t in data["titles"] if t["code"] == "CSTDCS"] == [2023, 2024, 2025]
    _revoke(world, users, signers, signed_pdf)
    data = selectors.eligibility_input(award="CSTD_TINH", year=2025, person=world["person"])
    assert [t["year"] for t in data["titles"] if t["code"] == "CSTDCS"] == [2023, 2025]
    verdict = eligibility_check(award="CSTD_TINH", year=2025, person=world["person"])
    check = next(c for c in verdict["checks"] if c["rule"] == "cstdcs_3_consecutive")
    assert check["passed"] is False


def test_a_revoked_award_frees_its_quota_place(world, users, signers, signed_pdf, province):
    quota = Quota.objects.create(
        unit=province["unit_b"], award=award("BK_TINH"), year=2025, limit=1
    )
    row = selectors.quota_list(user=users["secretariat"], year=2025).get(pk=quota.pk)
    assert (row.granted, row.remaining) == (1, 0)
    _revoke(world, users, signers, signed_pdf, grant_ids=[world["other"].pk])
    row = selectors.quota_list(user=users["secretariat"], year=2025).get(pk=quota.pk)
    assert (row.granted, row.remaining) == (0, 1)
    again = grant("BK_TINH", 2025, person=province["person_b"])  # the place is free again
    assert again.pk


def test_the_archive_and_the_history_show_it_revoked(client, world, users, signers, signed_pdf):
    _revoke(world, users, signers, signed_pdf)
    client.force_login(users["secretariat"])
    label = "Bị thu hồi theo Quyết định 301/QĐ-UBND ngày 05/06/2026"
    archive = client.get(reverse("awards:archive")).content.decode()
    assert archive.count('data-testid="grant-revoked"') == 1 and label in archive
    history = client.get(reverse("awards:person_history", args=[world["person"].pk]))
    assert label in history.content.decode()
    # The archive's XLSX says it too, in its last column, with the reason.
    exported = client.get(reverse("awards:archive_export"), {"q": "dang thuy tram"})
    rows = load_workbook(BytesIO(exported.content)).active.iter_rows(values_only=True)
    by_year = {row[3]: row[-1] for row in rows if row[0] == "Đặng Thùy Trâm"}
    assert by_year == {2023: None, 2024: f"{label}. Lý do: {REASON}", 2025: None}


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reason": "  "}, "reason", "Hãy nêu lý do thu hồi các khen thưởng này."),
        ({"grant_ids": []}, "grants", "Hãy chọn ít nhất một khen thưởng để thu hồi."),
        (
            {"issued_on": datetime.date(2026, 5, 1)},
            "issued_on",
            "Quyết định thu hồi không thể có ngày trước quyết định bị thu hồi (20/05/2026).",
        ),
        ({"signer": None}, "signer", "Hãy chọn người ký văn bản."),
    ],
)
def test_bad_input_gets_a_vietnamese_message_and_nothing_is_saved(
    world, users, signers, signed_pdf, overrides, field, message
):
    with pytest.raises(ValidationError) as refused:
        _revoke(world, users, signers, signed_pdf, **overrides)
    assert refused.value.message_dict[field] == [message]
    assert not Decision.objects.filter(kind=REVOCATION_KIND).exists()
    assert not IssuedDocument.objects.exists()
    assert not AwardGrant.objects.filter(revoked_on__isnull=False).exists()


def test_an_award_of_another_decision_or_already_revoked_is_refused(
    world, users, signers, signed_pdf, province
):
    stranger = grant("BK_TINH", 2025, person=province["person_b"])
    with pytest.raises(ValidationError) as refused:
        _revoke(world, users, signers, signed_pdf, grant_ids=[stranger.pk])
    assert refused.value.message_dict["grants"] == [
        "Hãy chọn các khen thưởng do quyết định này trao tặng."
    ]
    _revoke(world, users, signers, signed_pdf)
    with pytest.raises(ValidationError) as twice:
        _revoke(world, users, signers, signed_pdf, number=302)
    assert twice.value.message_dict["grants"] == ["Đã bị thu hồi: Đặng Thùy Trâm."]
    with pytest.raises(ValidationError):
        _revoke(world, users, signers, signed_pdf, actor=users["chairman"], number=303)


def test_the_page_confirms_before_revoking(client, world, users, signers, signed_pdf):
    client.force_login(users["secretariat"])
    url = reverse("awards:decision_revoke", args=[world["decision"].pk])
    target = world["titles"][2024]
    first = client.get(url).content.decode()
    assert 'data-testid="revoke-form"' in first and "Đặng Thùy Trâm" in first
    review = client.post(url, {"step": "review", "grants": [target.pk], "reason": REASON})
    body = review.content.decode()
    assert 'data-testid="revoke-summary"' in body and REASON in body
    assert not AwardGrant.objects.filter(revoked_on__isnull=False).exists()
    confirm = {
        "step": "confirm",
        "grants": [target.pk],
        "reason": REASON,
        "number": 301,
        "issued_on": "2026-06-05",
        "signer": signers["chairman"].pk,
        "authority_line": "",
    }
    unconfirmed = client.post(url, {**confirm, "signed_file": signed_pdf()})
    assert "Hãy đánh dấu ô để xác nhận việc thu hồi." in unconfirmed.content.decode()
    assert not AwardGrant.objects.filter(revoked_on__isnull=False).exists()
    done = client.post(url, {**confirm, "confirm": "on", "signed_file": signed_pdf()})
    assert done.status_code == 302
    assert AwardGrant.objects.get(pk=target.pk).revoked_by.number == "301/QĐ-UBND"
    detail = client.get(reverse("awards:decision_detail", args=[world["decision"].pk]))
    assert detail.content.decode().count('data-testid="grant-revoked"') == 1


def test_only_the_secretariat_reaches_the_pages(client, world, users):
    for role in ("staff_a", "head_a", "council", "chairman"):
        client.force_login(users[role])
        for name in ("awards:decision_detail", "awards:decision_revoke"):
            assert client.get(reverse(name, args=[world["decision"].pk])).status_code == 404
