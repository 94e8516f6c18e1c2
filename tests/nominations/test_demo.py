"""`make run` gives the demo dossiers at each stage of the path, once."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from awards.models import REVOCATION_KIND, AwardGrant, Decision
from nominations.demo import seed_demo_nominations
from nominations.models import (
    Consultation,
    CouncilSession,
    Dossier,
    DossierState,
    Opinion,
    Proposal,
)
from units.demo import seed_demo
from units.models import Signer

pytestmark = pytest.mark.django_db


@pytest.fixture
def november(time_machine):
    """The demo is seeded on 25/11/2026 (its decisions are issued the day before)."""
    time_machine.move_to(
        datetime(2026, 11, 25, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False
    )


def test_the_demo_has_work_for_every_role_and_is_made_once(mailoutbox, november):
    seed_demo(password="tdkt-demo-2026")
    assert seed_demo_nominations(today=date(2026, 11, 25)) == {
        "dossiers": 6,
        "sessions": 1,
        "consultations": 1,
        "decisions": 2,
        "revoked": 1,
    }
    states = sorted(Dossier.objects.values_list("unit__code", "state"))
    assert states == [
        ("so-noi-vu", DossierState.CONSULTATION),
        ("so-noi-vu", DossierState.DECIDED),
        ("so-tai-chinh", DossierState.SUBMITTED),
        ("xa-binh-son", DossierState.DECIDED),
        ("xa-binh-son", DossierState.DRAFT),
        ("xa-binh-son", DossierState.IN_COUNCIL),
    ]
    assert Opinion.objects.get().is_objection
    assert Consultation.objects.get().state == "open"
    session = CouncilSession.objects.get()
    assert session.items.count() == 2
    assert seed_demo_nominations(today=date(2026, 11, 25)) == {}
    assert Dossier.objects.count() == 6


def test_the_demo_holds_issued_decisions_with_their_awards_in_the_archive(
    mailoutbox, november, client
):
    """Issue 9, point 20: the archive, the verification page and the documents have real
    data: two decisions from the register, signed by the chairman and by the vice-chairman
    on his behalf, their awards with verification codes."""
    seed_demo(password="tdkt-demo-2026")
    seed_demo_nominations(today=date(2026, 11, 25))
    signers = list(
        Signer.objects.order_by("unit__path", "sort_order").values_list(
            "unit__code", "position", "full_name"
        )
    )
    assert ("ubnd-tinh", "Chủ tịch", "Võ Thành Long") in signers
    assert ("ubnd-tinh", "Phó Chủ tịch", "Nguyễn Thị Kim Oanh") in signers
    assert ("so-noi-vu", "Giám đốc", "Phan Văn Khánh") in signers
    decisions = list(Decision.objects.exclude(kind=REVOCATION_KIND).order_by("number"))
    assert [(d.number, d.issued_on, d.signer_name) for d in decisions] == [
        ("01/QĐ-UBND", date(2026, 11, 24), "Võ Thành Long"),
        ("02/QĐ-UBND", date(2026, 11, 24), "Nguyễn Thị Kim Oanh"),
    ]
    registers = {
        p.decision.number: p.decision_register
        for p in Proposal.objects.filter(decision__isnull=False)
    }
    assert registers["02/QĐ-UBND"].authority_line == "KT. CHỦ TỊCH"
    assert registers["01/QĐ-UBND"].signed_file.read().startswith(b"%PDF-")
    assert sorted(
        Proposal.objects.filter(decision__isnull=False).values_list("number", flat=True)
    ) == ["01/TTr-SNV", "02/TTr-SNV"]
    grants = AwardGrant.objects.filter(decision__in=decisions)
    assert grants.count() == 4
    assert all(g.verification_code for g in grants)
    # ... and a revoked one: kept in the archive, marked with the revoking decision, which
    # the People's Committee's register numbered after the two it revokes from.
    revoking = Decision.objects.get(kind=REVOCATION_KIND)
    assert (revoking.number, revoking.issued_on) == ("03/QĐ-UBND", date(2026, 11, 25))
    revoked = grants.get(revoked_by__isnull=False)
    assert revoked.decision.number == "02/QĐ-UBND"
    assert revoked.revoked_by == revoking
    assert revoked.revocation_reason.startswith("Thành tích kê khai")
    page = client.get(f"/xac-minh/{revoked.verification_code}/").content.decode()
    assert "đã bị thu hồi" in page
    assert "03/QĐ-UBND" in page
