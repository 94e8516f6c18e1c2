"""The recipient class at nomination (issue 12, point 3): derived from the position,
shown on the nominee form for the unit to confirm, carried into the archive at issuing."""

import pytest
from django.urls import reverse

from awards.models import AwardGrant
from nominations.models import Nominee
from nominations.services import dossiers as services
from nominations.services import grassroots
from tests.factories import PersonFactory
from tests.utils.dossiers import add_nominee
from tests.utils.grassroots import issue, review, submitted

pytestmark = pytest.mark.django_db


def test_adding_a_nominee_derives_the_class_from_the_position(dossier, users, province):
    worker = PersonFactory(full_name="Đinh Văn Thợ", unit=province["unit_a"], position="Công nhân")
    nominee = add_nominee(dossier, users["staff_a"], person=worker)
    assert nominee.recipient_class == "direct_worker"
    leader = add_nominee(
        dossier, users["staff_a"], person=province["person_a"], position="Phó Trưởng phòng Văn hóa"
    )
    assert leader.recipient_class == "other_leader"
    village = add_nominee(dossier, users["staff_a"], collective=province["village_a"], code="GK")
    assert village.recipient_class == "collective"


def test_the_unit_confirms_or_corrects_the_class(dossier, users, tram):
    nominee = add_nominee(dossier, users["staff_a"], person=tram, recipient_class="direct_worker")
    assert nominee.recipient_class == "direct_worker"
    services.nominee_update(
        nominee=nominee,
        actor=users["staff_a"],
        recipient_class="other_leader",
        expected_version=nominee.version,
    )
    assert Nominee.objects.get(pk=nominee.pk).recipient_class == "other_leader"


def _edit_url(nominee):
    return reverse("nominations:nominee_update", args=[nominee.dossier_id, nominee.pk])


def _post(nominee, **changes):
    data = {
        "award": nominee.award_id,
        "position": nominee.position,
        "achievement_summary": nominee.achievement_summary,
        "achievement_report": nominee.achievement_report,
        "version": nominee.version,
        **changes,
    }
    return data


def test_the_nominee_form_shows_the_prefilled_class_in_vietnamese(client, dossier, users, province):
    worker = PersonFactory(full_name="Hồ Thị Nông", unit=province["unit_a"], position="Nông dân")
    nominee = add_nominee(dossier, users["staff_a"], person=worker)
    client.force_login(users["staff_a"])
    page = client.get(_edit_url(nominee)).content.decode()
    assert "Đối tượng khen thưởng (thống kê)" in page
    assert '<option value="direct_worker" selected>' in page
    assert "Lãnh đạo cấp tỉnh" in page
    assert '<option value="household"' not in page  # only the classes of an individual


def test_an_individual_needs_a_class_and_one_that_fits(client, dossier, users, tram):
    nominee = add_nominee(dossier, users["staff_a"], person=tram)  # Trưởng thôn: none derived
    assert nominee.recipient_class == ""
    client.force_login(users["staff_a"])
    response = client.post(_edit_url(nominee), _post(nominee, recipient_class=""))
    assert "Chọn đối tượng khen thưởng." in response.content.decode()
    response = client.post(_edit_url(nominee), _post(nominee, recipient_class="enterprise"))
    assert "Hãy chọn một lựa chọn hợp lệ. enterprise không phải" in response.content.decode()
    assert Nominee.objects.get(pk=nominee.pk).recipient_class == ""
    response = client.post(_edit_url(nominee), _post(nominee, recipient_class="direct_worker"))
    assert response.status_code == 302
    assert Nominee.objects.get(pk=nominee.pk).recipient_class == "direct_worker"


def test_issuing_carries_the_class_into_the_archive(
    annual, users, chairman_signer, signed_pdf, tram
):
    confirmed = Nominee.objects.get(dossier=annual, person=tram)
    Nominee.objects.filter(pk=confirmed.pk).update(recipient_class="direct_worker")
    dossier = submitted(annual, users)
    review(dossier, users)
    for number, decision in enumerate(
        grassroots.unit_decision_approve(dossier=dossier, actor=users["head_a"]), start=20
    ):
        issue(decision, users, chairman_signer, signed_pdf, number=number)
    classes = dict(AwardGrant.objects.values_list("recipient_name", "recipient_class"))
    # Confirmed by the unit; the other ("Công chức Tư pháp") derives none.
    assert classes == {"Đặng Thùy Trâm": "direct_worker", "Lê Văn Bình": ""}
