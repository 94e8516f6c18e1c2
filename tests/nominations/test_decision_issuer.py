"""Issue 9 (H10, point 1): a decision's number is unique per issuer and year (Decree
30/2020, Art. 15), so two communes may both issue "01/QĐ-UBND" on the same day; the
archive names the issuer; legacy rows get the provincial People's Committee when their
symbol says UBND at province level."""

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from awards.legacy import import_legacy, row_errors
from awards.models import AwardGrant, Decision
from awards.resources import GrantExportResource
from awards.services import decision_create
from nominations.services import grassroots
from tests.factories import UnitFactory
from tests.utils.grassroots import issue, review, submitted
from tests.utils.legacy import dataset_of, row

pytestmark = pytest.mark.django_db

DAY = date(2026, 6, 9)


def decision(number="01/QĐ-UBND", issued_on=DAY, issuer=None, authority="commune_chairman"):
    return decision_create(
        actor=None,
        number=number,
        issued_on=issued_on,
        issuer=issuer,
        signer_name="Võ Văn Ký",
        signer_position="Chủ tịch",
        authority=authority,
        kind="CONG_TRANG",
    )


def test_two_communes_issue_01_qđ_ubnd_the_same_day(
    annual, users, chairman_signer, signed_pdf, province, client
):
    other = decision(issuer=province["unit_b"])  # Phường Cẩm Thành's own 01/QĐ-UBND
    dossier = submitted(annual, users)
    review(dossier, users)
    ldtt = next(
        d
        for d in grassroots.unit_decision_approve(dossier=dossier, actor=users["head_a"])
        if d.award.code == "LDTT"
    )

    issue(ldtt, users, chairman_signer, signed_pdf, number=1, day=DAY)

    ldtt.refresh_from_db()
    assert (ldtt.decision.number, ldtt.decision.issued_on) == ("01/QĐ-UBND", DAY)
    assert ldtt.decision.issuer == province["unit_a"]
    assert sorted(Decision.objects.values_list("issuer__name", flat=True)) == [
        "Phường Cẩm Thành",
        "Xã Bình Sơn",
    ]
    # The archive tells them apart by their issuer, and finds one by the issuer's name.
    client.force_login(users["secretariat"])
    page = client.get(reverse("awards:archive"), {"decision": "Bình Sơn"})
    rows = page.context["page"].object_list
    assert [(g.recipient_name, g.decision.issuer.label) for g in rows] == [
        ("Lê Văn Bình", "Xã Bình Sơn")
    ]
    assert "Xã Bình Sơn" in page.content.decode()
    grant = AwardGrant.objects.select_related("decision__issuer", "award", "unit").get()
    exported = GrantExportResource().export(queryset=AwardGrant.objects.filter(pk=grant.pk))
    assert exported.dict[0]["Cơ quan ban hành"] == "Xã Bình Sơn"
    assert other.issuer_id == province["unit_b"].pk


def test_one_issuer_cannot_give_one_number_twice_in_a_year(province):
    decision(issuer=province["unit_a"])
    with translation.override("vi"), pytest.raises(ValidationError) as error:
        decision(issuer=province["unit_a"], issued_on=date(2026, 3, 2))
    assert error.value.messages == ["Cơ quan ban hành này đã có quyết định mang số này trong năm."]
    # Another year's register starts again at 01; another issuer has its own.
    decision(issuer=province["unit_a"], issued_on=date(2025, 3, 2))
    decision(issuer=province["unit_b"], issued_on=date(2026, 3, 2))
    assert Decision.objects.count() == 3


def test_existing_rows_get_the_provincial_committee_when_the_symbol_says_ubnd(province):
    fill = importlib.import_module("awards.migrations.0008_decision_issuer").fill_issuers
    UnitFactory(
        name="Ủy ban nhân dân xã Khác",
        code="ubnd-xa-khac",
        kind="peoples_committee",
        parent=province["unit_a"],
    )
    provincial = decision("05/QĐ-UBND", authority="provincial_chairman")
    committee_flag = decision("06/QĐ-UBND", authority="provincial_committee")
    commune = decision("07/QĐ-UBND", authority="commune_chairman")
    department = decision("08/QĐ-SNV", authority="provincial_chairman")
    fill(apps, None)
    issuers = dict(Decision.objects.values_list("pk", "issuer_id"))
    assert issuers == {
        provincial.pk: province["root"].pk,
        committee_flag.pk: province["root"].pk,
        commune.pk: None,
        department.pk: None,
    }


def test_the_legacy_import_names_the_provincial_committee_as_issuer(province):
    result = import_legacy(
        dataset_of([row(name="Hồ Văn Một"), row(name="Hồ Văn Hai", number="12/QĐ-XYZ")]),
        dry_run=False,
    )
    assert row_errors(result) == []
    assert dict(Decision.objects.values_list("number", "issuer_id")) == {
        "125/QĐ-UBND": province["root"].pk,
        "12/QĐ-XYZ": None,
    }
    # The same number of the province's register on another date of that year: refused.
    with translation.override("vi"):
        result = import_legacy(dataset_of([row(name="Hồ Văn Ba", date="21/12/2019")]), dry_run=True)
    assert [m for e in row_errors(result) for m in e["errors"]] == [
        "Quyết định 125/QĐ-UBND năm 2019 đã được ghi với ngày 20/12/2019: mỗi số trong "
        "sổ văn bản là một quyết định."
    ]
