"""The unit's side of a dossier through its services: create, nominees, attachments,
submission (checklist, eligibility, time limit, rounds), the lock after submission,
withdrawal, and the history every step leaves."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from awards.models import PendingCase, Rating
from nominations.models import (
    Attachment,
    Dossier,
    DossierEvent,
    DossierState,
    EventAction,
    Nominee,
    NomineeOutcome,
    ReturnReason,
)
from nominations.services import dossiers as services
from notifications.deadlines import add_working_days
from notifications.models import Notification
from tests.utils.dossiers import (
    YEAR,
    add_nominee,
    attach,
    award,
    complete,
    pdf_bytes,
    pdf_upload,
    rate,
    return_dossier,
)

pytestmark = pytest.mark.django_db


def messages_of(error) -> list[str]:
    return error.value.messages


def stored_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- Dossier -------------------------------------------------------------------------------


def test_create_records_the_event_with_its_actor(dossier, users):
    event = DossierEvent.objects.get(dossier=dossier)
    assert (event.action, event.actor, event.to_state) == (
        EventAction.CREATED,
        users["staff_a"],
        DossierState.DRAFT,
    )
    assert event.data == {"title": dossier.title, "year": YEAR, "kind": "CONG_TRANG"}
    assert (dossier.state, dossier.round, dossier.created_by) == (
        DossierState.DRAFT,
        0,
        users["staff_a"],
    )


def test_create_only_for_an_own_unit(province, users):
    with pytest.raises(ValidationError) as error:
        services.dossier_create(
            unit=province["unit_a"], year=YEAR, kind="CONG_TRANG", title="X", actor=users["staff_b"]
        )
    assert error.value.message_dict == {"unit": ["Hãy chọn một đơn vị mà bạn phụ trách."]}
    assert not Dossier.objects.exists()


def test_a_movement_dossier_names_its_movement(province, users):
    with pytest.raises(ValidationError) as error:
        services.dossier_create(
            unit=province["unit_a"], year=YEAR, kind="PHONG_TRAO", title="X", actor=users["staff_a"]
        )
    assert error.value.message_dict == {
        "movement": [
            "Hãy nêu tên phong trào thi đua đối với khen thưởng theo phong trào, chuyên đề."
        ]
    }
    dossier = services.dossier_create(
        unit=province["unit_a"],
        year=YEAR,
        kind="PHONG_TRAO",
        title="Khen thưởng phong trào",
        movement="Cả nước chung tay vì người nghèo",
        actor=users["staff_a"],
    )
    assert dossier.movement == "Cả nước chung tay vì người nghèo"


def test_update_records_what_changed_and_refuses_a_kind_the_awards_do_not_allow(
    dossier, users, tram
):
    services.dossier_update(dossier=dossier, actor=users["staff_a"], title="Tờ trình mới")
    event = DossierEvent.objects.filter(action=EventAction.EDITED).get()
    assert event.data == {"changed": [str(Dossier._meta.get_field("title").verbose_name)]}
    assert event.actor == users["staff_a"]
    add_nominee(dossier, users["staff_a"], person=tram, code="LDTT")
    with pytest.raises(ValidationError) as error:
        services.dossier_update(dossier=dossier, actor=users["staff_a"], kind="DOT_XUAT")
    assert error.value.message_dict["kind"] == [
        "Hình thức khen thưởng đã chọn cho Đặng Thùy Trâm không áp dụng cho loại hình khen"
        " thưởng này; hãy đổi hình thức trước."
    ]
    dossier.refresh_from_db()
    assert (dossier.kind, dossier.title) == ("CONG_TRANG", "Tờ trình mới")


# --- Nominees ------------------------------------------------------------------------------


def test_nominee_snapshot_fields_and_event(dossier, users, tram):
    nominee = add_nominee(dossier, users["staff_a"], person=tram, code="BK_TINH")
    assert (nominee.display_name, nominee.position, nominee.unit_name) == (
        "Đặng Thùy Trâm",
        "Trưởng thôn",  # the registry's position when none is given
        "Thôn 1, xã Bình Sơn",  # issue 9 (6): the unit's full label
    )
    event = DossierEvent.objects.get(action=EventAction.NOMINEE_ADDED)
    assert event.actor == users["staff_a"]
    assert event.data == {
        "nominee": "Đặng Thùy Trâm",
        "award": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
    }


def test_collective_and_household_of_the_subtree(dossier, users, province, household):
    collective = add_nominee(
        dossier, users["staff_a"], collective=province["village_a"], code="TTLDTT"
    )
    # Issue 9 (6): the full label, never a bare "Thôn 1" that every commune has.
    assert (collective.display_name, collective.unit_name) == ("Thôn 1, xã Bình Sơn", "Xã Bình Sơn")
    home = add_nominee(dossier, users["staff_a"], household=household, code="GDVH")
    assert (home.subject_kind, home.unit_name) == ("household", "Thôn 1, xã Bình Sơn")
    assert "Phạm Văn Hộ" in home.display_name


@pytest.mark.parametrize(
    ("subject", "code", "field", "message"),
    [
        (
            "person_b",
            "LDTT",
            "person",
            "Nguyễn Văn An không thuộc Xã Bình Sơn hoặc đơn vị trực thuộc.",
        ),
        (
            "person_a",
            "TTLDTT",  # an award for collectives
            "award",
            "Hình thức khen thưởng này không áp dụng cho đối tượng và loại hình khen thưởng"
            " của hồ sơ.",
        ),
        (
            "unit_b",
            "TTLDTT",
            "collective",
            "Phường Cẩm Thành không thuộc Xã Bình Sơn hoặc đơn vị trực thuộc.",
        ),
    ],
)
def test_nominee_refused_outside_the_subtree_or_for_an_unfit_award(
    dossier, users, province, subject, code, field, message
):
    target = province[subject]
    kwargs = {"collective": target} if subject.startswith("unit") else {"person": target}
    with pytest.raises(ValidationError) as error:
        add_nominee(dossier, users["staff_a"], code=code, **kwargs)
    assert error.value.message_dict[field] == [message]
    assert not Nominee.objects.exists()
    assert not DossierEvent.objects.filter(action=EventAction.NOMINEE_ADDED).exists()


def test_award_must_fit_the_dossier_kind(province, users, tram):
    ad_hoc = services.dossier_create(
        unit=province["unit_a"],
        year=YEAR,
        kind="DOT_XUAT",
        title="Đột xuất",
        actor=users["staff_a"],
    )
    with pytest.raises(ValidationError) as error:
        add_nominee(ad_hoc, users["staff_a"], person=tram, code="LDTT")  # annual merit only
    assert "award" in error.value.message_dict
    add_nominee(ad_hoc, users["staff_a"], person=tram, code="BK_TINH")


def test_the_same_person_once_per_award(dossier, users, tram):
    add_nominee(dossier, users["staff_a"], person=tram, code="LDTT")
    with pytest.raises(ValidationError) as error:
        add_nominee(dossier, users["staff_a"], person=tram, code="LDTT")
    assert error.value.message_dict["award"] == [
        "Đặng Thùy Trâm đã được đề nghị “Lao động tiên tiến” trong hồ sơ này."
    ]
    assert Nominee.objects.count() == 1


def test_report_file_is_validated_and_nothing_saved_when_bad(dossier, users, tram, settings):
    fake = SimpleUploadedFile("bao-cao.pdf", b"<html>not a pdf</html>")
    with pytest.raises(ValidationError) as error:
        add_nominee(dossier, users["staff_a"], person=tram, report_file=fake)
    assert error.value.message_dict == {
        "report_file": ["Nội dung tệp không khớp với phần mở rộng của tên tệp."]
    }
    assert not Nominee.objects.exists()
    assert stored_files(settings) == []
    nominee = add_nominee(
        dossier, users["staff_a"], person=tram, report_file=pdf_upload("Báo cáo Trâm.pdf")
    )
    assert nominee.report_file_name == "Báo cáo Trâm.pdf"
    assert nominee.report_file.name.startswith("nominations/reports/")
    assert "Trâm" not in nominee.report_file.name


def test_nominee_update_and_remove_are_recorded(dossier, users, tram):
    nominee = add_nominee(dossier, users["staff_a"], person=tram, code="LDTT")
    services.nominee_update(
        nominee=nominee,
        actor=users["head_a"],
        award=award("BK_TINH"),
        achievement_summary="Tóm tắt mới",
    )
    nominee.refresh_from_db()
    assert (nominee.award.code, nominee.achievement_summary) == ("BK_TINH", "Tóm tắt mới")
    services.nominee_remove(nominee=nominee, actor=users["head_a"])
    assert not Nominee.objects.exists()
    actions = list(
        DossierEvent.objects.order_by("id").values_list("action", "actor__username", "data")
    )
    assert actions[-2][0:2] == (EventAction.EDITED, "head_a")
    assert actions[-2][2]["nominee"] == "Đặng Thùy Trâm"
    assert len(actions[-2][2]["changed"]) == 2
    assert actions[-1] == (
        EventAction.NOMINEE_REMOVED,
        "head_a",
        {"nominee": "Đặng Thùy Trâm", "award": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"},
    )


# --- Attachments ---------------------------------------------------------------------------


def test_attachment_is_stored_under_a_random_name(dossier, users, settings):
    attachment = attach(dossier, users["staff_a"], "to_trinh", name="Tờ trình 12-TTr.pdf")
    assert attachment.original_name == "Tờ trình 12-TTr.pdf"
    assert attachment.file.name.startswith("nominations/attachments/")
    assert "Tờ" not in attachment.file.name and attachment.file.name.endswith(".pdf")
    assert (attachment.file_kind, attachment.size, attachment.round) == (
        "pdf",
        len(pdf_bytes()),
        0,
    )
    assert [p.name for p in stored_files(settings)] == [Path(attachment.file.name).name]
    event = DossierEvent.objects.get(action=EventAction.ATTACHMENT_ADDED)
    assert event.actor == users["staff_a"]
    assert event.data["file"] == "Tờ trình 12-TTr.pdf"


def test_a_file_that_is_not_what_its_extension_says(dossier, users, settings):
    before = (Attachment.objects.count(), DossierEvent.objects.count())
    png_as_docx = SimpleUploadedFile("bien-ban.docx", b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    with pytest.raises(ValidationError) as error:
        services.attachment_add(
            dossier=dossier, document_code="to_trinh", file=png_as_docx, actor=users["staff_a"]
        )
    assert error.value.message_dict == {
        "file": ["Nội dung tệp không khớp với phần mở rộng của tên tệp."]
    }
    assert (Attachment.objects.count(), DossierEvent.objects.count()) == before
    assert stored_files(settings) == []


def test_an_oversized_upload(dossier, users, settings):
    settings.TDKT_UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("to-trinh.pdf", b"%PDF-1.7\n" + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as error:
        services.attachment_add(
            dossier=dossier, document_code="to_trinh", file=big, actor=users["staff_a"]
        )
    assert error.value.message_dict == {"file": ["Dung lượng tệp vượt quá 1 MB."]}
    assert not Attachment.objects.exists()
    assert stored_files(settings) == []


def test_a_per_nominee_document_needs_its_nominee(dossier, users, tram):
    nominee = add_nominee(dossier, users["staff_a"], person=tram, code="CSTDCS")
    with pytest.raises(ValidationError) as error:
        attach(dossier, users["staff_a"], "sang_kien")
    assert error.value.message_dict == {
        "nominee": ["Hãy chọn người được đề nghị có hình thức khen thưởng yêu cầu tài liệu này."]
    }
    with pytest.raises(ValidationError) as error:
        attach(dossier, users["staff_a"], "made_up_code")
    assert error.value.message_dict == {
        "document_code": ["Hãy chọn một thành phần hồ sơ trong danh mục."]
    }
    assert attach(dossier, users["staff_a"], "sang_kien", nominee=nominee).nominee == nominee


def test_attachment_remove_in_the_current_round_only(ready_dossier, users):
    first = Attachment.objects.get(document_code="to_trinh")
    services.attachment_remove(attachment=first, actor=users["staff_a"])
    assert not Attachment.objects.filter(pk=first.pk).exists()
    assert DossierEvent.objects.filter(action=EventAction.ATTACHMENT_REMOVED).count() == 1
    # A document of a submitted round stays with the dossier.
    attach(ready_dossier, users["staff_a"], "to_trinh")
    services.dossier_submit(dossier=ready_dossier, actor=users["head_a"])
    return_dossier(ready_dossier, users)
    kept = Attachment.objects.get(document_code="bien_ban")
    with pytest.raises(ValidationError) as error:
        services.attachment_remove(attachment=kept, actor=users["staff_a"])
    assert messages_of(error) == [
        "“Biên bản họp.pdf” thuộc hồ sơ đã nộp lần 1 nên được lưu giữ; hãy đính kèm tài liệu"
        " đã chỉnh sửa."
    ]


# --- Submission ----------------------------------------------------------------------------


def _snapshot(dossier):
    dossier.refresh_from_db()
    return (
        dossier.state,
        dossier.round,
        dossier.submitted_at,
        list(Nominee.objects.values_list("eligibility_status", "outcome")),
        DossierEvent.objects.filter(action=EventAction.SUBMITTED).count(),
        Notification.objects.count(),
    )


def test_missing_documents_are_listed_in_one_message(dossier, users, tram, second_person):
    rate(tram)
    rate(second_person, Rating.EXCELLENT)
    add_nominee(dossier, users["staff_a"], person=tram, code="LDTT")
    add_nominee(
        dossier,
        users["staff_a"],
        person=second_person,
        code="CSTDCS",
        achievement_summary="",
        achievement_report="",
    )
    attach(dossier, users["staff_a"], "bien_ban")
    before = _snapshot(dossier)
    with pytest.raises(ValidationError) as error:
        services.dossier_submit(dossier=dossier, actor=users["head_a"])
    assert messages_of(error) == [
        "Hồ sơ chưa thể nộp, còn thiếu: “Tờ trình đề nghị khen thưởng” của hồ sơ;"
        " báo cáo thành tích (nội dung hoặc tệp) của Lê Văn Bình;"
        " tóm tắt thành tích của Lê Văn Bình;"
        " “Giấy chứng nhận sáng kiến hoặc đề tài khoa học” của Lê Văn Bình."
    ]
    assert _snapshot(dossier) == before


def test_an_ineligible_nominee_blocks_with_the_engines_reasons(dossier, users, tram):
    add_nominee(dossier, users["staff_a"], person=tram, code="LDTT")  # no rating for 2025
    complete(dossier, users["staff_a"])
    before = _snapshot(dossier)
    with pytest.raises(ValidationError) as error:
        services.dossier_submit(dossier=dossier, actor=users["head_a"])
    assert messages_of(error) == [
        "Đặng Thùy Trâm không đủ điều kiện đề nghị “Lao động tiên tiến”:"
        " Năm 2025: chưa có xếp loại."
    ]
    assert _snapshot(dossier) == before  # the verdicts computed are not kept either


def test_a_block_makes_a_nominee_ineligible(dossier, users, tram):
    rate(tram)
    PendingCase.objects.create(person=tram, kind="investigation", opened_on=timezone.localdate())
    add_nominee(dossier, users["staff_a"], person=tram, code="LDTT")
    complete(dossier, users["staff_a"])
    with pytest.raises(ValidationError) as error:
        services.dossier_submit(dossier=dossier, actor=users["head_a"])
    assert "Đang bị điều tra, thanh tra, kiểm tra" in messages_of(error)[0]


def test_only_the_unit_head_submits(ready_dossier, users):
    before = _snapshot(ready_dossier)
    with pytest.raises(ValidationError) as error:
        services.dossier_submit(dossier=ready_dossier, actor=users["staff_a"])
    assert messages_of(error) == ["Chỉ thủ trưởng đơn vị đề nghị mới được trình ký và nộp hồ sơ."]
    assert _snapshot(ready_dossier) == before


def test_an_empty_dossier_cannot_be_submitted(dossier, users):
    with pytest.raises(ValidationError) as error:
        services.dossier_submit(dossier=dossier, actor=users["head_a"])
    assert messages_of(error) == [
        "Hồ sơ chưa có người được đề nghị khen thưởng; hãy thêm ít nhất một người trước khi nộp."
    ]


def test_submit_stores_verdicts_sets_the_time_limit_and_tells_the_secretariat(
    provincial_dossier, users, second_person
):
    add_nominee(provincial_dossier, users["staff_a"], person=second_person, code="BK_TINH")
    dossier = services.dossier_submit(dossier=provincial_dossier, actor=users["head_a"])
    today = timezone.localdate()
    dossier.refresh_from_db()
    assert (dossier.state, dossier.round, dossier.submitted_by, dossier.received_on) == (
        DossierState.SUBMITTED,
        1,
        users["head_a"],
        today,
    )
    assert dossier.simplified is False
    assert dossier.appraisal_due_on == add_working_days(today, 20)
    assert dossier.submitted_at > timezone.now() - timedelta(minutes=1)
    statuses = dict(Nominee.objects.values_list("display_name", "eligibility_status"))
    assert statuses == {"Đặng Thùy Trâm": "eligible", "Lê Văn Bình": "needs_review"}
    assert Nominee.objects.get(display_name="Lê Văn Bình").eligibility_result["award"] == "BK_TINH"
    event = DossierEvent.objects.get(action=EventAction.SUBMITTED)
    assert (event.actor, event.from_state, event.to_state) == (
        users["head_a"],
        DossierState.DRAFT,
        DossierState.SUBMITTED,
    )
    assert event.data == {
        "round": 1,
        "nominees": 2,
        "simplified": False,
        "appraisal_due_on": dossier.appraisal_due_on.isoformat(),
        "verdicts": {"eligible": 1, "needs_review": 1},
    }
    note = Notification.objects.get(user=users["secretariat"])
    assert note.title == "Tiếp nhận hồ sơ: Tờ trình đề nghị khen thưởng tổng kết năm 2025"


def test_ad_hoc_awards_take_the_simplified_procedure(province, users, tram):
    dossier = services.dossier_create(
        unit=province["unit_a"],
        year=YEAR,
        kind="DOT_XUAT",
        title="Khen thưởng đột xuất cứu người",
        actor=users["staff_a"],
    )
    # The provincial Bằng khen allows the simplified procedure (Giấy khen is the unit
    # head's own award: it never reaches the secretariat, issue 9 point 9).
    add_nominee(dossier, users["staff_a"], person=tram, code="BK_TINH")
    complete(dossier, users["staff_a"])
    dossier = services.dossier_submit(dossier=dossier, actor=users["head_a"])
    assert dossier.simplified is True
    assert dossier.appraisal_due_on == add_working_days(timezone.localdate(), 5)


def test_submission_locks_the_dossier_for_the_unit(provincial_dossier, users, second_person):
    services.dossier_submit(dossier=provincial_dossier, actor=users["head_a"])
    locked = "Hồ sơ đang ở trạng thái “Đã nộp”: đơn vị không thể sửa nữa."
    nominee = Nominee.objects.get()
    attempts = [
        lambda: add_nominee(provincial_dossier, users["staff_a"], person=second_person),
        lambda: services.nominee_update(nominee=nominee, actor=users["staff_a"], position="X"),
        lambda: services.nominee_remove(nominee=nominee, actor=users["head_a"]),
        lambda: attach(provincial_dossier, users["staff_a"], "to_trinh"),
        lambda: services.attachment_remove(
            attachment=Attachment.objects.first(), actor=users["staff_a"]
        ),
        lambda: services.dossier_update(
            dossier=provincial_dossier, actor=users["staff_a"], title="Y"
        ),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as error:
            attempt()
        assert messages_of(error) == [locked]
    with pytest.raises(ValidationError) as error:
        services.dossier_submit(dossier=provincial_dossier, actor=users["head_a"])
    assert messages_of(error) == ["Hồ sơ đang ở trạng thái “Đã nộp”, không thể nộp lại."]
    assert Nominee.objects.count() == 1 and Attachment.objects.count() == 2


def test_resubmission_counts_the_round_and_keeps_every_return(provincial_dossier, users):
    services.dossier_submit(dossier=provincial_dossier, actor=users["head_a"])
    Nominee.objects.update(outcome=NomineeOutcome.NOT_APPROVED, outcome_reason="Thiếu xác nhận")
    dossier = return_dossier(provincial_dossier, users)
    # The unit corrects: a fresh minutes file, then the head submits again.
    attach(dossier, users["staff_a"], "bien_ban", name="Biên bản bổ sung.pdf")
    assert Attachment.objects.get(original_name="Biên bản bổ sung.pdf").round == 1
    dossier = services.dossier_submit(dossier=dossier, actor=users["head_a"])
    dossier.refresh_from_db()
    assert (dossier.state, dossier.round) == (DossierState.SUBMITTED, 2)
    assert list(Nominee.objects.values_list("outcome", "outcome_reason")) == [
        (NomineeOutcome.PENDING, "")
    ]
    assert list(ReturnReason.objects.values_list("round", "reason")) == [
        (1, "Thiếu biên bản bình xét")
    ]
    submitted = DossierEvent.objects.filter(action=EventAction.SUBMITTED).order_by("id")
    assert [(e.from_state, e.data["round"]) for e in submitted] == [
        (DossierState.DRAFT, 1),
        (DossierState.RETURNED, 2),
    ]
    assert Notification.objects.filter(title__startswith="Hồ sơ nộp lại").count() == 1


def test_withdraw_needs_the_head_and_a_reason(provincial_dossier, users):
    with pytest.raises(ValidationError) as error:
        services.dossier_withdraw(dossier=provincial_dossier, reason="x", actor=users["staff_a"])
    assert messages_of(error) == ["Chỉ thủ trưởng đơn vị đề nghị mới được rút hồ sơ."]
    with pytest.raises(ValidationError) as error:
        services.dossier_withdraw(dossier=provincial_dossier, reason="  ", actor=users["head_a"])
    assert error.value.message_dict == {"reason": ["Hãy nêu lý do rút hồ sơ."]}
    services.dossier_submit(dossier=provincial_dossier, actor=users["head_a"])
    services.dossier_withdraw(
        dossier=provincial_dossier, reason="Đơn vị đề nghị lại vào đợt sau", actor=users["head_a"]
    )
    provincial_dossier.refresh_from_db()
    assert provincial_dossier.state == DossierState.WITHDRAWN
    event = DossierEvent.objects.get(action=EventAction.WITHDRAWN)
    assert (event.actor, event.note, event.from_state) == (
        users["head_a"],
        "Đơn vị đề nghị lại vào đợt sau",
        DossierState.SUBMITTED,
    )
    assert Notification.objects.filter(title__startswith="Đơn vị rút hồ sơ").count() == 1


def test_the_history_names_every_step_and_its_actor(provincial_dossier, users):
    services.dossier_submit(dossier=provincial_dossier, actor=users["head_a"])
    steps = list(
        DossierEvent.objects.filter(dossier=provincial_dossier)
        .order_by("id")
        .values_list("action", "actor__username")
    )
    assert steps == [
        (EventAction.CREATED, "staff_a"),
        (EventAction.NOMINEE_ADDED, "staff_a"),
        (EventAction.ATTACHMENT_ADDED, "staff_a"),
        (EventAction.ATTACHMENT_ADDED, "staff_a"),
        (EventAction.SUBMITTED, "head_a"),
    ]
