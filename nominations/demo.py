"""Demo nominations for `make run`: dossiers at each stage of the path, so every demo user
finds work waiting (the unit a draft, the secretariat a queue and an objection, the
Council a scheduled session), and decisions issued with their awards in the archive (the
archive, the verification page, the history pages and the documents show real data).
Written through the services, as users would: the chairman approves, the clerk issues
with the number from the register and the signed original."""

from datetime import timedelta
from io import BytesIO

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from awards.models import Award, CommendationKind, Rating, TaskRating
from awards.revocation import grants_revoke
from awards.services import record_save
from units.issuing import active_signers, home_affairs, provincial_committee, suggested_number
from units.models import Person, Unit, User

from .models import Dossier, Proposal
from .services import appraisal, consultation, council, dossiers, proposals

AWARD = "BK_TINH"


def _pdf(name: str) -> SimpleUploadedFile:
    """A one-page PDF standing in for a scanned document."""
    pdf = pikepdf.Pdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    buffer = BytesIO()
    pdf.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def _people(unit: Unit, count: int) -> list[Person]:
    return list(
        Person.objects.filter(unit__path__startswith=unit.path, is_active=True).order_by(
            "full_name", "pk"
        )[:count]
    )


def _rated(people: list[Person], year: int) -> None:
    """Two years excellently completed: Bằng khen tỉnh then needs a person's review."""
    for person in people:
        for y in (year - 1, year):
            if not TaskRating.objects.filter(person=person, year=y).exists():
                record_save(
                    instance=TaskRating(person=person, year=y, rating=Rating.EXCELLENT),
                    actor=None,
                )


def _dossier(
    unit: Unit,
    author: User,
    year: int,
    title: str,
    people: list[Person],
    kind: str = CommendationKind.MERIT,
) -> Dossier:
    award = Award.objects.get(code=AWARD)
    dossier = dossiers.dossier_create(
        unit=unit,
        year=year,
        kind=kind,
        title=title,
        summary="Đề nghị tặng Bằng khen cho các cá nhân có thành tích xuất sắc trong năm.",
        actor=author,
    )
    for person in people:
        dossiers.nominee_add(
            dossier=dossier,
            award=award,
            person=person,
            achievement_summary=(
                "Hoàn thành xuất sắc nhiệm vụ hai năm liên tục; tham mưu hiệu quả công tác "
                "chuyển đổi số của đơn vị."
            ),
            achievement_report=(
                "Trong năm, đồng chí đã hoàn thành xuất sắc các nhiệm vụ được giao, chủ động "
                "đề xuất giải pháp cải cách hành chính, được đơn vị ghi nhận."
            ),
            actor=author,
        )
    for code, name in (("to_trinh", "to-trinh.pdf"), ("bien_ban", "bien-ban.pdf")):
        dossiers.attachment_add(dossier=dossier, document_code=code, file=_pdf(name), actor=author)
    return dossier


def _issued_decision(
    *,
    unit: Unit,
    author: User,
    head: User,
    people: list[Person],
    year: int,
    today,
    users: dict[str, User],
    vice: bool,
    reason: str,
) -> Proposal:
    """An ad hoc dossier (simplified procedure: no consultation, no vote) taken to an
    issued decision: tờ trình recorded in Sở Nội vụ's register, approved by the chairman
    (signed by himself, or by the vice-chairman "KT. CHỦ TỊCH"), issued by the clerk."""
    secretariat = users["secretariat"]
    dossier = _dossier(
        unit,
        author,
        year,
        f"Tờ trình đề nghị khen thưởng đột xuất của {unit.name}",
        people,
        kind=CommendationKind.AD_HOC,
    )
    dossiers.dossier_submit(dossier=dossier, actor=head)
    appraisal.dossier_accept(
        dossier=dossier,
        decisions={n.pk: (True, "", False) for n in dossier.nominees.all()},
        actor=secretariat,
    )
    award = Award.objects.get(code=AWARD)
    proposal = proposals.proposal_create(
        award=award,
        kind=CommendationKind.AD_HOC,
        year=year,
        nominees=list(dossier.nominees.all()),
        title=f"Đề nghị khen thưởng đột xuất cho {unit.name}",
        reason_text=reason,
        actor=secretariat,
    )
    proposals.proposal_submit(proposal=proposal, actor=secretariat)
    committee = provincial_committee()
    chairman_signer, vice_signer = list(active_signers(committee)[:2])
    signer = vice_signer if vice else chairman_signer
    line = "KT. CHỦ TỊCH" if vice else ""
    proposals.proposal_approve(
        proposal=proposal, actor=users["chairman"], signer=signer, authority_line=line
    )
    home = home_affairs()
    drafted_on = today - timedelta(days=3)
    proposals.proposal_submission_issue(
        proposal=proposal,
        actor=secretariat,
        number=suggested_number(issuer=home, doc_type="TTr", year=drafted_on.year),
        issued_on=drafted_on,
        signer=active_signers(home).first(),
        authority_line="",
        signed_file=_pdf("to-trinh-da-ky.pdf"),
    )
    issued_on = today - timedelta(days=1)
    proposals.proposal_decision_issue(
        proposal=proposal,
        actor=secretariat,
        number=suggested_number(issuer=committee, doc_type="QĐ", year=issued_on.year),
        issued_on=issued_on,
        signer=signer,
        authority_line=line,
        signed_file=_pdf("quyet-dinh-da-ky.pdf"),
    )
    return proposal


def seed_demo_nominations(*, today) -> dict[str, int]:
    """Create the demo dossiers once; returns how many of each stage were made."""
    if Dossier.objects.exists():
        return {}
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    units = {
        u.code: u
        for u in Unit.objects.filter(code__in=["xa-binh-son", "so-tai-chinh", "so-noi-vu"])
    }
    needed = {"unitstaff", "unithead", "council", "council_standing", "secretariat", "chairman"}
    if not needed <= users.keys() or len(units) < 3:
        return {}
    if len(active_signers(provincial_committee())) < 2 or not active_signers(home_affairs()):
        return {}
    year = today.year
    secretariat = users["secretariat"]
    with transaction.atomic():
        commune = units["xa-binh-son"]
        commune_people = _people(commune, 5)
        finance_people = _people(units["so-tai-chinh"], 2)
        home_people = _people(units["so-noi-vu"], 4)
        _rated(commune_people + finance_people + home_people, year)

        # Xã Bình Sơn: a draft the staff are still preparing.
        _dossier(
            commune,
            users["unitstaff"],
            year,
            f"Tờ trình đề nghị tặng Bằng khen năm {year} (đang soạn)",
            commune_people[:1],
        )
        # Sở Tài chính: submitted, waiting in the secretariat's queue.
        finance = _dossier(
            units["so-tai-chinh"],
            users["council"],
            year,
            f"Tờ trình đề nghị khen thưởng tổng kết năm {year} của Sở Tài chính",
            finance_people,
        )
        dossiers.dossier_submit(dossier=finance, actor=users["council"])

        # Sở Nội vụ: accepted, put to public consultation, one objection waiting.
        home = _dossier(
            units["so-noi-vu"],
            users["council_standing"],
            year,
            f"Tờ trình đề nghị khen thưởng năm {year} của Sở Nội vụ",
            home_people[:2],
        )
        dossiers.dossier_submit(dossier=home, actor=users["council_standing"])
        appraisal.dossier_accept(
            dossier=home,
            decisions={n.pk: (True, "", True) for n in home.nominees.all()},
            actor=secretariat,
        )
        window = consultation.consultation_open(
            title=f"Lấy ý kiến nhân dân về các trường hợp đề nghị khen thưởng năm {year}",
            nominees=list(home.nominees.all()),
            actor=secretariat,
        )
        consultation.opinion_submit(
            consultation=window,
            nominee=home.nominees.first(),
            is_objection=True,
            body="Đề nghị xem lại thành tích năm nay của trường hợp này.",
        )

        # Xã Bình Sơn: accepted without consultation, on a scheduled Council session.
        voted = _dossier(
            commune,
            users["unitstaff"],
            year,
            f"Tờ trình đề nghị tặng Bằng khen năm {year}",
            commune_people[1:3],
        )
        dossiers.dossier_submit(dossier=voted, actor=users["unithead"])
        appraisal.dossier_accept(
            dossier=voted,
            decisions={n.pk: (True, "", False) for n in voted.nominees.all()},
            actor=secretariat,
        )
        # Held on the day the demo is seeded, so that its vote can open (a ballot opens on
        # the session's day, not before: ``council._check_ballot_day``).
        session = council.session_create(
            title=f"Phiên họp Hội đồng Thi đua - Khen thưởng tỉnh cuối năm {year}",
            held_on=timezone.localdate(),
            place="Phòng họp số 1, UBND tỉnh",
            actor=secretariat,
        )
        council.agenda_set(session=session, nominees=list(voted.nominees.all()), actor=secretariat)

        # Issued decisions, their awards in the archive: one signed by the chairman, one by
        # the vice-chairman on his behalf.
        _issued_decision(
            unit=commune,
            author=users["unitstaff"],
            head=users["unithead"],
            people=commune_people[3:5],
            year=year,
            today=today,
            users=users,
            vice=False,
            reason="dũng cảm cứu người, cứu tài sản của Nhân dân trong mưa lũ",
        )
        second = _issued_decision(
            unit=units["so-noi-vu"],
            author=users["council_standing"],
            head=users["council_standing"],
            people=home_people[2:4],
            year=year,
            today=today,
            users=users,
            vice=True,
            reason="xuất sắc trong triển khai chính quyền địa phương hai cấp",
        )
        # A revoked award (Law Art. 93): the archive keeps it, marked with the revoking
        # decision, and its public verification page says so.
        committee = provincial_committee()
        second.refresh_from_db()
        revoked = second.decision.grants.order_by("pk").first()
        grants_revoke(
            decision=second.decision,
            grant_ids=[revoked.pk],
            actor=secretariat,
            number=suggested_number(issuer=committee, doc_type="QĐ", year=today.year),
            issued_on=today,
            signer=active_signers(committee).first(),
            authority_line="",
            signed_file=_pdf("thu-hoi-da-ky.pdf"),
            reason="Thành tích kê khai trong hồ sơ không đúng sự thật (dữ liệu minh họa).",
        )
    return {
        "dossiers": Dossier.objects.count(),
        "sessions": 1,
        "consultations": 1,
        "decisions": Proposal.objects.filter(decision__isnull=False).count(),
        "revoked": 1,
    }
