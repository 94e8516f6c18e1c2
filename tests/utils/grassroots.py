"""Builders of the grassroots path (issue 9, point 9) shared by its tests: submit to the
unit's council, record its review, issue the head's decision."""

from datetime import date

from nominations.models import Dossier, Nominee
from nominations.services import dossiers as services
from nominations.services import grassroots

MEMBERS = "Phạm Văn Chủ\nLê Thị Phó\nTrần Văn Ủy\nNguyễn Thị Viên\nĐỗ Văn Thư"


def submitted(dossier, users) -> Dossier:
    services.dossier_submit(dossier=dossier, actor=users["head_a"])
    return Dossier.objects.get(pk=dossier.pk)


def review(dossier, users, *, agree=5, ldtt=True, total=5, names=MEMBERS):
    results = {}
    for nominee in Nominee.objects.filter(dossier=dossier).select_related("award"):
        if nominee.award.code == "CSTDCS":
            results[nominee.pk] = {
                "agree": agree,
                "disagree": None if agree is None else total - agree,
            }
        else:
            results[nominee.pk] = {"approved": ldtt, "note": ""}
    return grassroots.unit_review_record(
        dossier=dossier,
        actor=users["head_a"],
        held_on=date(2026, 6, 8),
        members_total=total,
        present_names=names,
        notes="Họp bình xét thi đua năm 2025.",
        results=results,
    )


def issue(unit_decision, users, signer, signed_pdf, *, number=1, day=date(2026, 6, 9)):
    return grassroots.unit_decision_issue(
        unit_decision=unit_decision,
        actor=users["staff_a"],
        number=number,
        issued_on=day,
        signer=signer,
        authority_line="",
        issuer_symbol="UBND",
        signed_file=signed_pdf(),
    )
