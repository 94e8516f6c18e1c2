"""Builders shared by the dossier tests: PDFs, ratings, nominees and attachments.

Nominees and attachments are built through the services, so the history entries and the
stored files are the real ones. The fixtures that use them (``dossier``, ``tram``,
``ready_dossier``…) live in ``tests/nominations/conftest.py``.
"""

import io

import pikepdf
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import Award, Rating, TaskRating
from nominations.models import Dossier, DossierState, EventAction, ReturnReason
from nominations.services import dossiers as services
from nominations.services._core import dossier_transition

YEAR = 2025


def pdf_bytes() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def pdf_upload(name: str = "to-trinh.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def award(code: str) -> Award:
    return Award.objects.get(code=code)


def rate(person, rating: str = Rating.GOOD, year: int = YEAR) -> TaskRating:
    """A yearly task rating: with "HTTNV" or better, LĐTT is eligible."""
    return TaskRating.objects.create(person=person, year=year, rating=rating)


def add_nominee(dossier, actor, *, person=None, collective=None, household=None, code="LDTT", **kw):
    kw.setdefault("achievement_summary", "Hoàn thành xuất sắc nhiệm vụ được giao.")
    kw.setdefault("achievement_report", "Báo cáo thành tích năm 2025: …")
    return services.nominee_add(
        dossier=dossier,
        award=award(code),
        person=person,
        collective=collective,
        household=household,
        position=kw.pop("position", ""),
        actor=actor,
        **kw,
    )


def attach(dossier, actor, code: str, nominee=None, name: str | None = None):
    return services.attachment_add(
        dossier=dossier,
        document_code=code,
        file=pdf_upload(name or f"{code}.pdf"),
        nominee=nominee,
        actor=actor,
    )


def complete(dossier, actor):
    """Attach the dossier-level documents (tờ trình, biên bản)."""
    attach(dossier, actor, "to_trinh", name="Tờ trình số 12.pdf")
    attach(dossier, actor, "bien_ban", name="Biên bản họp.pdf")


def return_dossier(dossier, users, reasons=("Thiếu biên bản bình xét",)):
    """Return a submitted dossier for correction as the secretariat does, without the
    appraisal services (the dossier tests do not depend on them)."""
    dossier = Dossier.objects.get(pk=dossier.pk)
    dossier_transition(
        dossier=dossier,
        to=DossierState.RETURNED,
        actor=users["secretariat"],
        action=EventAction.RETURNED,
        data={"reasons": list(reasons)},
    )
    for reason in reasons:
        ReturnReason.objects.create(
            dossier=dossier, round=dossier.round, reason=reason, created_by=users["secretariat"]
        )
    return dossier
