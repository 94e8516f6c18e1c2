"""Demo nominations for `make run`: dossiers at each stage of the path, so every demo user
finds work waiting (the unit a draft, the secretariat a queue and an objection, the
Council a scheduled session). Written through the services, as users would."""

from datetime import timedelta
from io import BytesIO

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from awards.models import Award, CommendationKind, Rating, TaskRating
from awards.services import record_save
from units.models import Person, Unit, User

from .models import Dossier
from .services import appraisal, consultation, council, dossiers

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


def _dossier(unit: Unit, author: User, year: int, title: str, people: list[Person]) -> Dossier:
    award = Award.objects.get(code=AWARD)
    dossier = dossiers.dossier_create(
        unit=unit,
        year=year,
        kind=CommendationKind.MERIT,
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


def seed_demo_nominations(*, today) -> dict[str, int]:
    """Create the demo dossiers once; returns how many of each stage were made."""
    if Dossier.objects.exists():
        return {}
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    units = {
        u.code: u
        for u in Unit.objects.filter(code__in=["xa-binh-son", "so-tai-chinh", "so-noi-vu"])
    }
    needed = {"unitstaff", "unithead", "council", "council_standing", "secretariat"}
    if not needed <= users.keys() or len(units) < 3:
        return {}
    year = today.year
    secretariat = users["secretariat"]
    with transaction.atomic():
        commune = units["xa-binh-son"]
        commune_people = _people(commune, 5)
        finance_people = _people(units["so-tai-chinh"], 2)
        home_people = _people(units["so-noi-vu"], 2)
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
            home_people,
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
        session = council.session_create(
            title=f"Phiên họp Hội đồng Thi đua - Khen thưởng tỉnh cuối năm {year}",
            held_on=today + timedelta(days=7),
            place="Phòng họp số 1, UBND tỉnh",
            actor=secretariat,
        )
        council.agenda_set(session=session, nominees=list(voted.nominees.all()), actor=secretariat)
    return {"dossiers": Dossier.objects.count(), "sessions": 1, "consultations": 1}
