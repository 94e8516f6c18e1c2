"""The bursts of ``manage.py bench --bursts`` (issue 13, point 4): the moments when
everyone acts at once, prepared here, sent by ``bench/bursts_locustfile.py``, counted
afterwards in the database by ``reports/bench_bursts_report.py``.

- ``deadline``: the last hour before the annual deadline. Every commune-level unit (at
  most ``--burst-units``) has a draft dossier (one nominee for the provincial Bằng khen,
  the tờ trình attached) and a staff and a head login; all of them at once, the staff
  uploads the minutes (a real PDF) through the upload form and the head submits. Checked:
  every dossier submitted exactly once, every attachment row with its file, the counts
  equal to the answers that said yes.
- ``vote``: a Council session with its vote open and every current member present (the
  Council filled up to ``--burst-members`` with bench members, whose seats are given
  back at the end); every member casts the ballot at the same second. Checked: one
  receipt per member and item, ballots equal to receipts, and the count of the close
  equal to what the members chose.
- ``consultation``: a consultation open to the public; ``--burst-opinions`` opinions
  from a small pool of client addresses, so that most are throttled by the portal's
  limit per address (429, a Vietnamese page). Checked: stored opinions equal to the
  answers that took them.

The data is written through the project's services (dossiers, nominees, attachments,
sessions, attendance, the vote, the consultation); only the states before the Council
and the consultation are written directly, as the test builders do. Everything the
bursts make carries ``MARK`` in its title and is deleted at the start of the next run
(and the bench members' Council seats are given back at the end of each run), so runs
repeat.
"""

from __future__ import annotations

import base64
import io
import math
import random
import secrets
from collections.abc import Callable

import pikepdf
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from awards.models import Award, CommendationKind, Rating, TaskRating
from awards.services import record_save
from nominations.models import (
    Attachment,
    Choice,
    Consultation,
    CouncilSession,
    Dossier,
    DossierState,
    Nominee,
    NomineeOutcome,
)
from nominations.selectors.council import council_member_ids
from nominations.services import council
from nominations.services import dossiers as dossier_services
from nominations.services.consultation import consultation_open
from notifications.models import EmailStatus, Notification, OutgoingEmail
from units.models import COMMUNE_LEVEL_KINDS, Gender, Person, Role, RoleAssignment, Unit, User
from units.scale import ensure_staff
from units.services import person_create, role_assign, role_revoke

BURSTS = ("deadline", "vote", "consultation")
MARK = "[Đo tải dồn dập]"
POSITION = "Chuyên viên (đo tải dồn dập)"
MEMBER_PREFIX = "dotbien-hoidong-"
NAMES = (
    ("Nguyễn Thị Hạnh", Gender.FEMALE),
    ("Trần Văn Bình", Gender.MALE),
    ("Lê Thị Thu", Gender.FEMALE),
    ("Phạm Văn Đức", Gender.MALE),
    ("Huỳnh Thị Mai", Gender.FEMALE),
    ("Võ Văn Tâm", Gender.MALE),
    ("Đặng Thị Lan", Gender.FEMALE),
)
SUMMARY = "Hoàn thành xuất sắc nhiệm vụ hai năm liên tục; tham mưu hiệu quả công tác chuyển đổi số."
REPORT = "Trong năm, đồng chí đã hoàn thành xuất sắc các nhiệm vụ được giao, được đơn vị ghi nhận."
# The public's opinions: at most this many Locust users send them, and each client
# address sends about this many (the portal accepts 5 an hour from one address).
OPINION_USERS = 50
OPINIONS_PER_ADDRESS = 50

CookieFn = Callable[[User], str]


# --- Shared ---------------------------------------------------------------------------------


def pdf_bytes() -> bytes:
    """A small real PDF (one A4 page), made in memory."""
    pdf = pikepdf.Pdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _address(rng: random.Random) -> str:
    return f"172.{rng.randrange(16, 32)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def secretariat_user() -> User:
    """The secretariat's account that schedules, opens and closes for the bench."""
    user = User.objects.filter(roles__role=Role.SECRETARIAT, is_active=True).order_by("pk").first()
    if user is None:
        raise RuntimeError("Thiếu tài khoản Văn phòng Hội đồng (seed_demo).")
    return user


def _communes(limit: int) -> list[Unit]:
    return list(
        Unit.objects.filter(kind__in=COMMUNE_LEVEL_KINDS, is_active=True).order_by("path")[:limit]
    )


def _logins(units: list[Unit]) -> dict[int, tuple[User, User]]:
    """Each unit's staff and head (its own, or the bench login ``mophong-<code>``)."""
    found: dict[int, dict[str, User]] = {}
    for seat in (
        RoleAssignment.objects.filter(
            unit__in=units, role__in=(Role.UNIT_STAFF, Role.UNIT_HEAD), user__is_active=True
        )
        .select_related("user")
        .order_by("pk")
    ):
        found.setdefault(seat.unit_id, {}).setdefault(seat.role, seat.user)
    missing = [u for u in units if len(found.get(u.pk, {})) < 2]
    made = ensure_staff(missing) if missing else {}
    return {
        u.pk: (made[u.pk], made[u.pk])
        if u.pk in made
        else (found[u.pk][Role.UNIT_STAFF], found[u.pk][Role.UNIT_HEAD])
        for u in units
    }


def _people(unit: Unit, count: int, year: int) -> list[Person]:
    """The unit's bench people (made once), rated excellent this year and the last, so
    that the provincial Bằng khen's engine lets them through to the secretariat."""
    people = list(Person.objects.filter(unit=unit, position=POSITION).order_by("pk")[:count])
    for name, gender in NAMES[len(people) : count]:
        people.append(
            person_create(
                actor=None,
                full_name=name,
                gender=gender,
                birth_year=1985,
                unit=unit,
                position=POSITION,
            )
        )
    for person in people:
        for y in (year - 1, year):
            if not TaskRating.objects.filter(person=person, year=y).exists():
                record_save(
                    instance=TaskRating(person=person, year=y, rating=Rating.EXCELLENT),
                    actor=None,
                )
    return people


def cleanup() -> None:
    """Delete what earlier bursts made (sessions, consultations, dossiers and their files,
    the notices they sent) and give back the bench members' Council seats."""
    CouncilSession.objects.filter(title__startswith=MARK).delete()
    Consultation.objects.filter(title__startswith=MARK).delete()
    dossiers = Dossier.objects.filter(title__startswith=MARK)
    files = list(Attachment.objects.filter(dossier__in=dossiers).values_list("file", flat=True))
    dossiers.delete()
    for name in files:
        default_storage.delete(name)
    Notification.objects.filter(title__contains=MARK).delete()
    OutgoingEmail.objects.filter(subject__contains=MARK, status=EmailStatus.PENDING).delete()
    release_members()


def release_members() -> int:
    seats = RoleAssignment.objects.filter(
        role=Role.COUNCIL_MEMBER, user__username__startswith=MEMBER_PREFIX
    ).select_related("user")
    for seat in seats:
        role_revoke(assignment=seat, actor=None)
    return len(seats)


# --- Preparation ----------------------------------------------------------------------------


def prepare(name: str, *, cookie: CookieFn, rng: random.Random, **sizes) -> dict:
    """The plan of one burst for the Locust file (and what the check needs)."""
    plan = {"deadline": _deadline, "vote": _vote, "consultation": _consultation}[name](
        cookie=cookie, rng=rng, **sizes
    )
    plan.setdefault("barrier_seconds", 60)
    return plan


def _deadline(*, cookie: CookieFn, rng: random.Random, units: int, **_sizes) -> dict:
    year = timezone.localdate().year
    award = Award.objects.get(code="BK_TINH")
    chosen = _communes(units)
    logins = _logins(chosen)
    pdf = pdf_bytes()
    slots = []
    for unit in chosen:
        staff, head = logins[unit.pk]
        (person,) = _people(unit, 1, year)
        dossier = dossier_services.dossier_create(
            unit=unit,
            year=year,
            kind=CommendationKind.MERIT,
            title=f"{MARK} Tờ trình đề nghị khen thưởng tổng kết năm {year} — {unit.name}",
            summary="Đề nghị tặng Bằng khen của Chủ tịch UBND tỉnh.",
            actor=staff,
        )
        dossier_services.nominee_add(
            dossier=dossier,
            award=award,
            person=person,
            achievement_summary=SUMMARY,
            achievement_report=REPORT,
            actor=staff,
        )
        dossier_services.attachment_add(
            dossier=dossier,
            document_code="to_trinh",
            file=SimpleUploadedFile("Tờ trình.pdf", pdf, content_type="application/pdf"),
            actor=staff,
        )
        slots.append(
            {
                "dossier": dossier.pk,
                "staff_cookie": cookie(staff),
                "head_cookie": cookie(head),
                "address": _address(rng),
                "upload_url": reverse("nominations:attachment_add", args=[dossier.pk])
                + "?code=bien_ban",
                "detail_url": reverse("nominations:dossier_detail", args=[dossier.pk]),
                "submit_url": reverse("nominations:dossier_submit", args=[dossier.pk]),
                "document_code": "bien_ban",
                "file_name": "Biên bản họp Hội đồng TĐKT.pdf",
            }
        )
    return {"users": slots, "pdf": base64.b64encode(pdf).decode(), "size": len(pdf)}


def _council(wanted: int) -> list[User]:
    """The Council's current members, filled up to ``wanted`` with bench members."""
    current = council_member_ids()
    for index in range(len(current), wanted):
        user, _created = User.objects.get_or_create(
            username=f"{MEMBER_PREFIX}{index:02d}",
            defaults={"full_name": f"Thành viên đo tải {index:02d}"},
        )
        if _created:
            user.set_unusable_password()
        user.is_active = True
        user.save()
        if user.pk not in current:
            role_assign(user=user, role=Role.COUNCIL_MEMBER, council_position="member", actor=None)
            current.add(user.pk)
    return list(User.objects.filter(pk__in=council_member_ids()).order_by("pk"))


def _scene_dossier(unit: Unit, state: str, title: str) -> Dossier:
    staff, _head = _logins([unit])[unit.pk]
    return Dossier.objects.create(
        unit=unit,
        year=timezone.localdate().year,
        kind=CommendationKind.MERIT,
        state=state,
        round=1,
        title=f"{MARK} {title}",
        created_by=staff,
    )


def _approved(dossier: Dossier, people: list[Person], award: str, **fields) -> list[Nominee]:
    award = Award.objects.get(code=award)
    return [
        Nominee.objects.create(
            dossier=dossier,
            award=award,
            person=person,
            display_name=person.full_name,
            position=person.position,
            unit_name=dossier.unit.name,
            achievement_summary=SUMMARY,
            outcome=NomineeOutcome.APPROVED,
            **fields,
        )
        for person in people
    ]


def _vote(*, cookie: CookieFn, rng: random.Random, members: int, **_sizes) -> dict:
    today = timezone.localdate()
    secretariat = secretariat_user()
    (unit,) = _communes(1)
    dossier = _scene_dossier(unit, DossierState.IN_COUNCIL, "Hồ sơ trình Hội đồng")
    nominees = _approved(dossier, _people(unit, 4, today.year)[1:4], "BK_TINH")
    seated = _council(members)
    session = council.session_create(
        title=f"{MARK} Phiên họp Hội đồng Thi đua - Khen thưởng tỉnh",
        held_on=today,
        place="Phòng họp số 1, UBND tỉnh",
        actor=secretariat,
    )
    council.agenda_set(session=session, nominees=nominees, actor=secretariat)
    council.attendance_record(
        session=session, rows={m.pk: (True, "") for m in seated}, actor=secretariat
    )
    council.voting_open(session=session, actor=secretariat)
    items = list(session.items.order_by("position", "id").values_list("pk", flat=True))
    url = reverse("nominations:session_vote", args=[session.pk])
    slots = [
        {
            "member": member.pk,
            "cookie": cookie(member),
            "address": _address(rng),
            "url": url,
            "choices": {f"item_{pk}": rng.choice(Choice.values) for pk in items},
        }
        for member in seated
    ]
    return {"users": slots, "session": session.pk, "items": items}


def _consultation(*, cookie: CookieFn, rng: random.Random, opinions: int, **_sizes) -> dict:
    today = timezone.localdate()
    (unit,) = _communes(1)
    dossier = _scene_dossier(unit, DossierState.CONSULTATION, "Hồ sơ lấy ý kiến nhân dân")
    nominees = _approved(
        dossier, _people(unit, 7, today.year)[4:7], "CONG_DAN_TB", needs_consultation=True
    )
    consultation = consultation_open(
        title=f"{MARK} Lấy ý kiến nhân dân về các trường hợp đề nghị khen thưởng",
        nominees=nominees,
        actor=secretariat_user(),
    )
    # Fresh addresses each run: the portal's counters per address last the hour.
    fresh = random.Random(secrets.randbits(64))
    pool = [_address(fresh) for _ in range(max(1, math.ceil(opinions / OPINIONS_PER_ADDRESS)))]
    users = max(1, min(OPINION_USERS, opinions))
    slots = [{"addresses": []} for _ in range(users)]
    for post in range(opinions):
        slots[post % users]["addresses"].append(pool[post % len(pool)])
    return {
        "users": slots,
        "url": reverse("nominations:consultation_public_detail", args=[consultation.pk]),
        "nominees": [n.pk for n in nominees],
        "consultation": consultation.pk,
        "addresses": len(pool),
    }
