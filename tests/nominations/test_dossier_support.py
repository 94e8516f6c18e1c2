"""Fixtures and builders shared by the dossier tests (no tests here).

Dossiers, nominees and attachments are built through the services, so the history
entries and the stored files are the real ones.
"""

import io

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from awards.models import Award, Household, Rating, TaskRating
from nominations.services import dossiers as services
from tests.factories import PersonFactory

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


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def dossier(province, users):
    return services.dossier_create(
        unit=province["unit_a"],
        year=YEAR,
        kind="CONG_TRANG",
        title="Tờ trình đề nghị khen thưởng tổng kết năm 2025",
        actor=users["staff_a"],
    )


@pytest.fixture
def tram(province):
    return province["person_a"]


@pytest.fixture
def second_person(province):
    return PersonFactory(
        full_name="Lê Văn Bình", unit=province["unit_a"], position="Công chức Tư pháp"
    )


@pytest.fixture
def household(province):
    return Household.objects.create(head_name="Phạm Văn Hộ", unit=province["village_a"])


@pytest.fixture
def ready_dossier(dossier, users, tram):
    """A draft with one eligible nominee (LĐTT, rated HTTNV) and every document."""
    rate(tram)
    add_nominee(dossier, users["staff_a"], person=tram, code="LDTT")
    complete(dossier, users["staff_a"])
    return dossier
