"""The per-dossier pages make a constant number of queries whatever the number of nominees:
the eligibility inputs of all nominees are read in one batch (``eligibility_inputs``),
attachments, events and verdicts come with the page's few queries."""

import json
from datetime import date
from functools import partial

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.eligibility import evaluate
from awards.models import (
    Award,
    AwardGrant,
    Discipline,
    Initiative,
    MemberStatistics,
    PendingCase,
    Rating,
    TaskRating,
)
from awards.selectors import eligibility_input, eligibility_inputs
from nominations.models import Consultation, Dossier, DossierState, Nominee, NomineeOutcome
from nominations.services import dossiers as services
from nominations.services._core import store_verdict, store_verdicts
from nominations.services.consultation import consultation_open
from tests.factories import PersonFactory, UnitFactory
from tests.factories import nominations as nf
from tests.utils.dossiers import YEAR, attach, pdf_upload

pytestmark = pytest.mark.django_db


def _records(subject: dict, n: int) -> None:
    """Every kind of record the engine reads, for one person or collective."""
    for year in range(YEAR - 2, YEAR + 1):
        TaskRating.objects.create(**subject, year=year, rating=Rating.GOOD)
    grant_unit = subject.get("unit") or subject["person"].unit
    grant = AwardGrant.objects.create(
        **subject,
        award=Award.objects.get(code="CSTDCS" if "person" in subject else "TTLDTT"),
        recipient_name="x",
        unit_scope=grant_unit,
        year=YEAR - 1,
        kind="CONG_TRANG",
    )
    Initiative.objects.create(
        **subject, code=f"SK-{n}-1", title="Sáng kiến", year=YEAR, level="unit", used_by=grant
    )
    Initiative.objects.create(**subject, code=f"SK-{n}-2", title="Đề tài", year=YEAR, level="unit")
    Discipline.objects.create(
        **subject, level="khien_trach", starts_on=date(YEAR - 4, 1, 1), ends_on=date(YEAR - 3, 1, 1)
    )
    PendingCase.objects.create(**subject, kind="complaint", opened_on=date(YEAR, 1, 1))
    if "unit" in subject:
        MemberStatistics.objects.create(
            unit=subject["unit"],
            year=YEAR,
            total=20,
            ldtt=15,
            completed_tasks=20,
            cstdcs=3,
            disciplined_warning_or_above=0,
        )


def _fill(dossier, actor, unit, count: int) -> None:
    """Up to ``count`` nominees (collectives and people in turn), each with records, a report
    file, a per-nominee document and an edit in the history."""
    for n in range(dossier.nominees.count(), count):
        if n % 2 == 0:
            subject = {"unit": UnitFactory(name=f"Thôn {n}", code=f"q-t{n}", parent=unit)}
            code = "TTLDTT"
        else:
            subject = {"person": PersonFactory(full_name=f"Người {n}", unit=unit)}
            code = "LDTT"
        _records(subject, n)
        nominee = services.nominee_add(
            dossier=dossier,
            award=Award.objects.get(code=code),
            person=subject.get("person"),
            collective=subject.get("unit"),
            household=None,
            position="",
            actor=actor,
            achievement_summary="Hoàn thành xuất sắc nhiệm vụ.",
            achievement_report="",
            report_file=pdf_upload(f"Báo cáo {n}.pdf"),
        )
        attach(dossier, actor, "other", nominee=nominee, name=f"Phụ lục {n}.pdf")


def _count(client, url) -> tuple[int, str]:
    client.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _counts(client, dossier, actor, unit, url) -> list[int]:
    counts = []
    for size in (1, 5, 10):
        _fill(dossier, actor, unit, size)
        count, body = _count(client, url)
        assert body.count('data-testid="nominee-verdict-badge"') == size
        counts.append(count)

    return counts


def test_detail_for_the_unit_is_constant_in_the_nominees(client, users, province, dossier):
    client.force_login(users["staff_a"])
    url = reverse("nominations:dossier_detail", args=[dossier.pk])
    counts = _counts(client, dossier, users["staff_a"], province["unit_a"], url)
    assert counts[0] == counts[1] == counts[2], counts


def _keep_verdicts(dossier) -> None:
    """The verdicts kept at submission and at appraisal, as the services store them."""
    nominees = list(Nominee.objects.filter(dossier=dossier).select_related("dossier", "award"))
    store_verdicts(nominees)
    store_verdicts(nominees, at_appraisal=True)


def _names(dossier) -> list[str]:
    return list(Nominee.objects.filter(dossier=dossier).values_list("display_name", flat=True))


def _submitted(dossier, state: str = DossierState.SUBMITTED) -> None:
    Dossier.objects.filter(pk=dossier.pk).update(state=state)


def test_detail_for_the_secretariat_is_constant_in_the_nominees(client, users, province, dossier):
    client.force_login(users["secretariat"])
    url = reverse("nominations:dossier_detail", args=[dossier.pk])
    counts = []
    for size in (1, 5, 10):
        _fill(dossier, users["staff_a"], province["unit_a"], size)
        _keep_verdicts(dossier)
        _submitted(dossier)
        count, body = _count(client, url)
        assert body.count('data-testid="nominee-verdict-badge"') == size
        counts.append(count)
        _submitted(dossier, DossierState.DRAFT)
    assert counts[0] == counts[1] == counts[2], counts


def test_appraisal_page_is_constant_in_the_nominees(client, users, province, dossier):
    client.force_login(users["secretariat"])
    url = reverse("nominations:appraisal_detail", args=[dossier.pk])
    counts = []
    for size in (1, 5, 10):
        _fill(dossier, users["staff_a"], province["unit_a"], size)
        _keep_verdicts(dossier)
        _submitted(dossier, DossierState.IN_APPRAISAL)
        count, body = _count(client, url)
        assert all(name in body for name in _names(dossier))
        counts.append(count)
        _submitted(dossier, DossierState.DRAFT)
    assert counts[0] == counts[1] == counts[2], counts


def test_consultation_pages_are_constant_in_the_nominees(client, users, province):
    """The secretariat's page of a consultation and the public one."""
    dossier = nf.dossier(
        unit=province["unit_a"], created_by=users["staff_a"], state=DossierState.CONSULTATION
    )
    counts: dict[str, list[int]] = {"manage": [], "public": []}
    for size in (1, 5, 10):
        Consultation.objects.all().delete()
        for n in range(dossier.nominees.count(), size):
            nf.nominee(
                dossier=dossier,
                award="CONG_DAN_TB",
                person=PersonFactory(full_name=f"Công dân {n}", unit=province["unit_a"]),
                outcome=NomineeOutcome.APPROVED,
                needs_consultation=True,
            )
        consultation = consultation_open(
            title="Lấy ý kiến nhân dân",
            nominees=list(dossier.nominees.all()),
            actor=users["secretariat"],
        )
        client.force_login(users["secretariat"])
        count, body = _count(
            client, reverse("nominations:consultation_manage", args=[consultation.pk])
        )
        assert all(name in body for name in _names(dossier))
        counts["manage"].append(count)
        client.logout()
        url = reverse("nominations:consultation_public_detail", args=[consultation.pk])
        count, body = _count(client, url)
        assert all(name in body for name in _names(dossier))
        counts["public"].append(count)
    assert len(set(counts["manage"])) == len(set(counts["public"])) == 1, counts


def test_batch_inputs_equal_one_by_one_and_take_six_queries(
    province, django_assert_max_num_queries
):
    """Records of one subject never leak into another's input, nor a later year's into
    an earlier award year; the batch reads each kind of record once."""
    subjects = []
    for n in range(6):
        if n % 2 == 0:
            subject = {
                "unit": UnitFactory(name=f"Thôn {n}", code=f"b-t{n}", parent=province["unit_a"])
            }
            code = "TTLDTT"
        else:
            subject = {"person": PersonFactory(full_name=f"Người {n}", unit=province["unit_a"])}
            code = "LDTT"
        _records(subject, n)
        year = YEAR - (n % 3)  # 2025, 2024, 2023: later records must not count
        subjects.append((code, year, subject.get("person"), subject.get("unit")))
    alone = [eligibility_input(award=a, year=y, person=p, unit=u) for a, y, p, u in subjects]
    with django_assert_max_num_queries(6):
        together = eligibility_inputs(subjects=subjects)
    assert together == alone
    assert [len(i["ratings"]) for i in together] == [3, 2, 1, 3, 2, 1]
    assert together[1]["titles"] == [{"code": "CSTDCS", "year": YEAR - 1, "kind": "CONG_TRANG"}]
    assert together[2]["titles"] == []  # granted in 2024, judged for 2023
    assert together[0]["members"]["total"] == 20 and together[2]["members"] is None
    assert evaluate(together[0])["award"] == "TTLDTT"


def test_stored_verdicts_read_the_records_once(
    users, province, dossier, django_assert_max_num_queries
):
    """Submission and appraisal keep a verdict per nominee: six reads for all of them,
    then one update each; the same verdicts as one nominee at a time."""
    _fill(dossier, users["staff_a"], province["unit_a"], 10)
    nominees = list(Nominee.objects.filter(dossier=dossier).select_related("dossier", "award"))
    one_by_one = [store_verdict(nominee) for nominee in nominees]
    with django_assert_max_num_queries(6 + len(nominees)):
        together = store_verdicts(nominees, at_appraisal=True)
    assert together == one_by_one
    assert {v["verdict"] for v in together} == {"ineligible"}  # the open complaint blocks
    stored = Nominee.objects.filter(dossier=dossier).values_list("appraisal_result", flat=True)
    as_json = partial(json.dumps, sort_keys=True)  # jsonb on PostgreSQL reorders the keys
    assert sorted(map(as_json, stored)) == sorted(map(as_json, together))
