"""Every irreversible step asks for confirmation (issue 9, 15): one CSP-safe mechanism
(``data-confirm`` read by static/js/confirm.js, loaded from base.html), on removing a
nominee or a document, submitting and withdrawing a dossier, accepting and returning
in appraisal, and closing a consultation, which before its closing day needs a reason
kept in the dossier's history."""

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from nominations.models import (
    Consultation,
    ConsultationState,
    DossierEvent,
    DossierState,
    EventAction,
    NomineeOutcome,
)
from nominations.services.consultation import consultation_close, consultation_open
from tests.factories import PersonFactory
from tests.factories import nominations as nf

pytestmark = pytest.mark.django_db

REASON = "Đã nhận đủ ý kiến của các thôn; Hội đồng họp sớm."


def confirms(body: str) -> dict[str, str]:
    """{form action: its data-confirm text} of a page."""
    found = {}
    for form in re.findall(r"<form\b[^>]*>", body):
        action = re.search(r'action="([^"]+)"', form)
        message = re.search(r'data-confirm="([^"]+)"', form)
        if action and message:
            found[unescape(action.group(1))] = unescape(message.group(1))
    return found


def test_base_loads_the_confirm_script_without_inline_code(client, users):
    client.force_login(users["staff_a"])
    body = client.get(reverse("units:dashboard")).content.decode()
    assert '<script src="/static/js/confirm.js"></script>' in body
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)  # no inline script
    script = (Path(settings.BASE_DIR) / "static/js/confirm.js").read_text()
    assert "window.confirm" in script and "dataset.confirm" in script


def test_the_dossier_page_asks_before_submit_remove_and_withdraw(client, users, ready_dossier):
    nominee = ready_dossier.nominees.get()
    attachment = ready_dossier.attachments.first()
    client.force_login(users["head_a"])
    body = client.get(reverse("nominations:dossier_detail", args=[ready_dossier.pk])).content
    asked = confirms(body.decode())
    remove = reverse("nominations:nominee_remove", args=[ready_dossier.pk, nominee.pk])
    assert asked[reverse("nominations:dossier_submit", args=[ready_dossier.pk])] == (
        "Trình ký và nộp hồ sơ cho cơ quan thường trực? Sau khi nộp, hồ sơ không sửa được"
        " nữa trừ khi bị trả lại."
    )
    assert asked[remove] == (
        "Xóa Đặng Thùy Trâm khỏi hồ sơ? Báo cáo thành tích và tài liệu của người này cũng bị xóa."
    )
    assert asked[reverse("nominations:attachment_remove", args=[attachment.pk])] == (
        f"Xóa tài liệu “{attachment.original_name}”?"
    )


def test_withdrawing_asks(client, users, ready_dossier):
    ready_dossier.state = DossierState.SUBMITTED
    ready_dossier.save()
    client.force_login(users["head_a"])
    body = client.get(reverse("nominations:dossier_detail", args=[ready_dossier.pk])).content
    assert confirms(body.decode())[
        reverse("nominations:dossier_withdraw", args=[ready_dossier.pk])
    ] == ("Rút hồ sơ? Hồ sơ đã rút không thể nộp lại.")


def test_appraisal_asks_before_accepting_and_returning(client, users, ready_dossier):
    ready_dossier.state = DossierState.IN_APPRAISAL
    ready_dossier.save()
    client.force_login(users["secretariat"])
    body = client.get(reverse("nominations:appraisal_detail", args=[ready_dossier.pk])).content
    asked = confirms(body.decode())
    assert asked[reverse("nominations:appraisal_accept", args=[ready_dossier.pk])].startswith(
        "Tiếp nhận hồ sơ với các quyết định này?"
    )
    assert asked[reverse("nominations:appraisal_return", args=[ready_dossier.pk])] == (
        "Trả hồ sơ cho đơn vị để bổ sung, sửa đổi với các lý do này?"
    )


# --- Closing a consultation early ------------------------------------------------------


@pytest.fixture
def open_consultation(time_machine, province, users):
    time_machine.move_to("2026-06-09 09:00 +07:00", tick=False)
    dossier = nf.dossier(
        unit=province["unit_a"], created_by=users["staff_a"], state=DossierState.CONSULTATION
    )
    nominee = nf.nominee(
        dossier=dossier,
        award="CONG_DAN_TB",
        person=PersonFactory(unit=dossier.unit),
        outcome=NomineeOutcome.APPROVED,
        needs_consultation=True,
    )
    consultation = consultation_open(
        title="Lấy ý kiến đợt 2", nominees=[nominee], days=10, actor=users["secretariat"]
    )
    assert consultation.closes_on > date(2026, 6, 9)
    return consultation


def test_closing_early_without_a_reason_is_refused(open_consultation, users):
    with pytest.raises(ValidationError) as error:
        consultation_close(consultation=open_consultation, actor=users["secretariat"], reason=" ")
    day = f"{open_consultation.closes_on:%d/%m/%Y}"
    assert error.value.message_dict == {
        "reason": [
            f"Hãy nêu lý do kết thúc đợt lấy ý kiến trước ngày kết thúc đã thông báo ({day})."
        ]
    }
    open_consultation.refresh_from_db()
    assert open_consultation.state == ConsultationState.OPEN
    assert not DossierEvent.objects.filter(action=EventAction.CONSULTATION_CLOSED).exists()


def test_the_reason_is_kept_in_the_dossier_history(open_consultation, users):
    consultation_close(
        consultation=open_consultation, actor=users["secretariat"], reason=f"<b>{REASON}</b>"
    )
    event = DossierEvent.objects.get(action=EventAction.CONSULTATION_CLOSED)
    assert event.data["early"] is True
    assert event.data["reason"] == REASON
    line = f"Kết thúc trước ngày đã thông báo. Lý do: {REASON}"
    assert event.note.splitlines()[1] == line
    assert line in event.dossier.consultation_result


def test_the_manage_page_asks_and_requires_the_reason(client, users, open_consultation):
    client.force_login(users["secretariat"])
    manage = reverse("nominations:consultation_manage", args=[open_consultation.pk])
    close = reverse("nominations:consultation_close", args=[open_consultation.pk])
    page = client.get(manage).content.decode()
    assert confirms(page)[close].startswith("Kết thúc đợt lấy ý kiến nhân dân này ngay bây giờ?")
    assert 'name="reason"' in page

    refused = client.post(close, {"reason": ""})
    assert refused.status_code == 400
    assert "Hãy nêu lý do kết thúc đợt lấy ý kiến" in unescape(refused.content.decode())
    assert Consultation.objects.get().state == ConsultationState.OPEN

    done = client.post(close, {"reason": REASON})
    assert done.status_code == 302
    assert Consultation.objects.get().state == ConsultationState.CLOSED
    history = client.get(
        reverse("nominations:dossier_detail", args=[open_consultation.nominees.get().dossier_id])
    )
    assert f"Lý do: {REASON}" in unescape(history.content.decode())
