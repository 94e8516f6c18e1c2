"""Integrity of the dossier side under double posts, simultaneous edits and contention on
local quotas (SECURITY-TESTS.md E3, E4, E5).

- E4: the create form carries a one-time token; posting it twice (double click, back
  button, two requests at the same moment) creates one dossier.
- E5: the edit forms carry the version they were rendered from; the loser of two edits is
  told, sees the current values and keeps their input; nothing is overwritten.
- E3: a submission takes its places in the quotas of its unit and the units above it
  under the quota rows' lock: 40 submissions at once into a quota of 3 leave 3 submitted.

The concurrency tests run on PostgreSQL (``DATABASE_URL=postgres://…``) with real
connections in threads, and are skipped on SQLite, which has no row locks to race on.
"""

import re
import threading
import uuid

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from awards.models import AwardGrant, Quota
from nominations.models import (
    Attachment,
    Dossier,
    DossierEvent,
    DossierState,
    EventAction,
    Nominee,
    NomineeOutcome,
)
from nominations.services import dossiers as services
from tests.factories import PersonFactory, UnitFactory, user_with_role
from tests.factories import nominations as make
from tests.factories.awards import grant
from tests.utils.dossiers import YEAR, add_nominee, attach, award, rate
from units.models import Role

pytestmark = pytest.mark.django_db

CONFLICT = "Hồ sơ đã được người khác sửa trong lúc bạn sửa."
NOMINEE_CONFLICT = "Người được đề nghị này đã được người khác sửa trong lúc bạn sửa."
ALREADY_SENT = "Biểu mẫu này đã được gửi:"
STALE = "Trang này đã hết hiệu lực. Hãy tải lại trang và nhập lại thay đổi của bạn."


def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")


def hidden(body: str, name: str) -> str:
    """The value of a hidden input of a rendered form."""
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', body)
    assert match, f"no hidden {name} in the form"
    return match.group(1)


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def at_once(calls: list, *, patch=None, monkeypatch=None):
    """Run ``calls`` (callables) in threads, each on its own connection. With ``patch``
    = (module, name), every thread stops at a barrier just before that function runs, so
    they all reach the contended step at the same moment (the function must come before
    any lock they contend for). Returns each call's result or the exception it raised."""
    barrier = threading.Barrier(len(calls), timeout=60)
    if patch is not None:
        module, name = patch
        original = getattr(module, name)

        def wait_then(*args, **kwargs):
            barrier.wait()
            return original(*args, **kwargs)

        monkeypatch.setattr(module, name, wait_then)
    results: list = [None] * len(calls)

    def worker(index, call):
        try:
            results[index] = call()
        except Exception as error:  # noqa: BLE001 - returned to the assertion
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


# --- E4: one dossier per create form -------------------------------------------------------


def _create_data(province, token, title="Tờ trình năm 2025") -> dict:
    return {
        "unit": province["unit_a"].pk,
        "year": YEAR,
        "kind": "CONG_TRANG",
        "title": title,
        "creation_token": token,
    }


@pytest.mark.django_db
def test_each_rendering_of_the_create_form_carries_a_new_token(client, users):
    client.force_login(users["staff_a"])
    url = reverse("nominations:dossier_create")
    first = hidden(client.get(url).content.decode(), "creation_token")
    second = hidden(client.get(url).content.decode(), "creation_token")
    assert uuid.UUID(first).version == 4 and uuid.UUID(second).version == 4
    assert first != second


@pytest.mark.django_db
def test_the_same_form_posted_twice_creates_one_dossier(client, users, province):
    client.force_login(users["staff_a"])
    url = reverse("nominations:dossier_create")
    token = hidden(client.get(url).content.decode(), "creation_token")

    first = client.post(url, _create_data(province, token))
    dossier = Dossier.objects.get()
    detail = reverse("nominations:dossier_detail", args=[dossier.pk])
    assert first["Location"] == detail
    # The back button, then "Save" again, even with a changed title.
    again = client.post(url, _create_data(province, token, title="Tờ trình bấm lại"))

    assert again.status_code == 302 and again["Location"] == detail
    assert flashed(again)[-1] == f"{ALREADY_SENT} hồ sơ “Tờ trình năm 2025” đã được tạo khi đó."
    assert Dossier.objects.count() == 1
    assert Dossier.objects.get().creation_token == uuid.UUID(token)
    assert DossierEvent.objects.filter(action=EventAction.CREATED).count() == 1


@pytest.mark.django_db
def test_a_token_used_by_someone_else_creates_nothing_and_reveals_nothing(client, users, province):
    token = str(uuid.uuid4())
    services.dossier_create(
        unit=province["unit_a"],
        year=YEAR,
        kind="CONG_TRANG",
        title="Hồ sơ của Bình Sơn",
        creation_token=token,
        actor=users["staff_a"],
    )
    client.force_login(users["staff_b"])
    response = client.post(
        reverse("nominations:dossier_create"),
        {**_create_data(province, token), "unit": province["unit_b"].pk, "title": "Cẩm Thành"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert STALE in body and "Hồ sơ của Bình Sơn" not in body
    assert "Cẩm Thành" in body  # the input is kept, with a fresh token
    assert hidden(body, "creation_token") != token
    assert Dossier.objects.count() == 1


@pytest.mark.django_db
def test_a_post_without_its_token_is_refused(client, users, province):
    client.force_login(users["staff_a"])
    data = _create_data(province, "")
    response = client.post(reverse("nominations:dossier_create"), data)
    assert response.status_code == 200
    assert STALE in response.content.decode()
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_the_service_names_the_dossier_its_token_created(users, province):
    token = uuid.uuid4()
    kwargs = {
        "unit": province["unit_a"],
        "year": YEAR,
        "kind": "CONG_TRANG",
        "title": "Tờ trình",
        "creation_token": token,
        "actor": users["staff_a"],
    }
    dossier = services.dossier_create(**kwargs)
    with pytest.raises(services.DossierAlreadyCreated) as already:
        services.dossier_create(**kwargs)
    assert already.value.dossier == dossier
    # Without a token (other callers, imports) every call creates.
    services.dossier_create(**{**kwargs, "creation_token": None})
    services.dossier_create(**{**kwargs, "creation_token": None})
    assert Dossier.objects.count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_token_posted_twice_at_the_same_moment_creates_one_dossier(
    users, province, monkeypatch
):
    """SECURITY-TESTS.md E4: both requests pass the look-up, then insert at once; the
    unique constraint lets one in, the other answers with the first one's dossier."""
    _needs_postgres()
    token = str(uuid.uuid4())
    clients = []
    for _ in range(2):
        client = Client()
        client.force_login(users["staff_a"])
        clients.append(client)
    url = reverse("nominations:dossier_create")

    results = at_once(
        [lambda c=c: c.post(url, _create_data(province, token)) for c in clients],
        patch=(services.dossier, "_validate_dossier"),
        monkeypatch=monkeypatch,
    )

    dossier = Dossier.objects.get()
    assert [r.status_code for r in results] == [302, 302], results
    assert {r["Location"] for r in results} == {
        reverse("nominations:dossier_detail", args=[dossier.pk])
    }
    assert sorted(len(flashed(r)) for r in results) == [1, 1]
    assert any(ALREADY_SENT in m for r in results for m in flashed(r))
    assert DossierEvent.objects.filter(dossier=dossier, action=EventAction.CREATED).count() == 1


# --- E5: simultaneous edits ----------------------------------------------------------------


def _edit_data(body: str, **changes) -> dict:
    data = {
        "year": YEAR,
        "kind": "CONG_TRANG",
        "title": "Tờ trình đề nghị khen thưởng tổng kết năm 2025",
        "movement": "",
        "summary": "",
        "version": hidden(body, "version"),
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_two_people_editing_one_dossier_the_second_is_told_and_nothing_is_lost(users, dossier):
    url = reverse("nominations:dossier_update", args=[dossier.pk])
    staff, head = Client(), Client()
    staff.force_login(users["staff_a"])
    head.force_login(users["head_a"])
    staff_form = staff.get(url).content.decode()
    head_form = head.get(url).content.decode()
    assert hidden(staff_form, "version") == hidden(head_form, "version") == "1"

    saved = staff.post(url, _edit_data(staff_form, title="Tờ trình của văn thư"))
    late = head.post(url, _edit_data(head_form, title="Tờ trình của chủ tịch xã", summary="Ý B"))

    assert saved.status_code == 302
    assert late.status_code == 200
    body = late.content.decode()
    assert CONFLICT in body
    # The loser's input is kept in the form; the current values are shown beside it.
    assert 'value="Tờ trình của chủ tịch xã"' in body and "Ý B" in body
    current = re.search(r'data-testid="current-values".*?</section>', body, re.S).group(0)
    assert "Tờ trình của văn thư" in current
    dossier.refresh_from_db()
    assert (dossier.title, dossier.summary, dossier.version) == ("Tờ trình của văn thư", "", 2)
    assert DossierEvent.objects.filter(dossier=dossier, action=EventAction.EDITED).count() == 1

    # Having seen the current values, saving again is a choice: the form now carries them.
    assert hidden(body, "version") == "2"
    again = head.post(url, _edit_data(body, title="Tờ trình của chủ tịch xã", summary="Ý B"))
    assert again.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.title, dossier.summary, dossier.version) == (
        "Tờ trình của chủ tịch xã",
        "Ý B",
        3,
    )


@pytest.mark.django_db
def test_an_edit_form_without_its_version_is_refused(client, users, dossier):
    client.force_login(users["staff_a"])
    url = reverse("nominations:dossier_update", args=[dossier.pk])
    data = _edit_data('<input type="hidden" name="version" value="">', title="Không phiên bản")
    response = client.post(url, data)
    assert response.status_code == 200 and STALE in response.content.decode()
    dossier.refresh_from_db()
    assert (dossier.title, dossier.version) == (
        "Tờ trình đề nghị khen thưởng tổng kết năm 2025",
        1,
    )


def _nominee_data(body: str, nominee: Nominee, **changes) -> dict:
    data = {
        "award": nominee.award_id,
        "position": nominee.position,
        "achievement_summary": nominee.achievement_summary,
        "achievement_report": nominee.achievement_report,
        # The unit confirms the statistics class on the edit form (forms 0602/0603).
        "recipient_class": nominee.recipient_class or "direct_worker",
        "version": hidden(body, "version"),
    }
    data.update(changes)
    return data


@pytest.mark.django_db
def test_two_people_editing_one_nominee_the_second_is_told(users, dossier, tram):
    nominee = add_nominee(dossier, users["staff_a"], person=tram, code="LDTT")
    url = reverse("nominations:nominee_update", args=[dossier.pk, nominee.pk])
    staff, head = Client(), Client()
    staff.force_login(users["staff_a"])
    head.force_login(users["head_a"])
    staff_form = staff.get(url).content.decode()
    head_form = head.get(url).content.decode()

    saved = staff.post(url, _nominee_data(staff_form, nominee, position="Trưởng thôn 1"))
    late = head.post(
        url, _nominee_data(head_form, nominee, achievement_summary="Tóm tắt của chủ tịch")
    )

    assert saved.status_code == 302 and late.status_code == 200
    body = late.content.decode()
    assert NOMINEE_CONFLICT in body and "Tóm tắt của chủ tịch" in body
    current = re.search(r'data-testid="current-values".*?</section>', body, re.S).group(0)
    assert "Trưởng thôn 1" in current
    nominee.refresh_from_db()
    assert (nominee.position, nominee.achievement_summary, nominee.version) == (
        "Trưởng thôn 1",
        "Hoàn thành xuất sắc nhiệm vụ được giao.",
        2,
    )
    assert hidden(body, "version") == "2"


def test_a_stale_version_is_refused_by_the_services_and_nothing_is_written(users, dossier, tram):
    nominee = add_nominee(dossier, users["staff_a"], person=tram, code="LDTT")
    dossier.refresh_from_db()
    version = dossier.version
    services.dossier_update(
        dossier=dossier, actor=users["staff_a"], expected_version=version, title="Mới"
    )
    with pytest.raises(ValidationError) as error:
        services.dossier_update(
            dossier=dossier, actor=users["head_a"], expected_version=version, title="Cũ"
        )
    assert error.value.messages[0].startswith(CONFLICT)
    assert isinstance(error.value, services.EditConflict)
    assert error.value.current.title == "Mới"

    services.nominee_update(
        nominee=nominee, actor=users["staff_a"], expected_version=1, position="Một"
    )
    with pytest.raises(services.EditConflict):
        services.nominee_update(
            nominee=nominee, actor=users["head_a"], expected_version=1, position="Hai"
        )
    nominee.refresh_from_db()
    dossier.refresh_from_db()
    assert (dossier.title, nominee.position, nominee.version) == ("Mới", "Một", 2)


def test_every_change_of_the_content_makes_an_open_edit_form_stale(
    client, users, dossier, tram, second_person
):
    """Nominees and files are part of the dossier: a form rendered before they changed is
    refused, so its author sees the dossier as it is now."""
    staff = users["staff_a"]
    versions = [Dossier.objects.get(pk=dossier.pk).version]

    def step():
        versions.append(Dossier.objects.get(pk=dossier.pk).version)

    client.force_login(staff)
    url = reverse("nominations:dossier_update", args=[dossier.pk])
    old_form = client.get(url).content.decode()
    rate(tram)
    nominee = add_nominee(dossier, staff, person=tram, code="LDTT")
    step()
    services.nominee_update(nominee=nominee, actor=staff, position="Trưởng thôn mới")
    step()
    attachment = attach(dossier, staff, "to_trinh")
    step()
    services.attachment_remove(attachment=attachment, actor=staff)
    step()
    other = add_nominee(dossier, staff, person=second_person, code="LDTT")
    services.nominee_remove(nominee=other, actor=staff)
    step()
    assert versions == [1, 2, 3, 4, 5, 7]

    response = client.post(url, _edit_data(old_form, title="Sửa từ trang cũ"))
    assert response.status_code == 200 and CONFLICT in response.content.decode()
    assert Dossier.objects.get(pk=dossier.pk).title != "Sửa từ trang cũ"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_edits_from_one_version_at_the_same_moment_keep_one(users, province, monkeypatch):
    _needs_postgres()
    dossier = services.dossier_create(
        unit=province["unit_a"], year=YEAR, kind="CONG_TRANG", title="Gốc", actor=users["staff_a"]
    )

    def edit(actor, title):
        return lambda: services.dossier_update(
            dossier=dossier, actor=actor, expected_version=1, title=title
        )

    results = at_once(
        [edit(users["staff_a"], "Của văn thư"), edit(users["head_a"], "Của chủ tịch")],
        patch=(services.dossier, "_lock"),
        monkeypatch=monkeypatch,
    )

    won = [r for r in results if isinstance(r, Dossier)]
    lost = [r for r in results if isinstance(r, services.EditConflict)]
    assert len(won) == 1 and len(lost) == 1, results
    dossier.refresh_from_db()
    assert (dossier.title, dossier.version) == (won[0].title, 2)


# --- E3: quotas at submission --------------------------------------------------------------


def _quota(unit, limit: int, code: str = "LDTT", year: int = YEAR) -> Quota:
    return Quota.objects.create(unit=unit, award=award(code), year=year, limit=limit)


def _submittable(unit, creator, *, person=None, code="LDTT", title="Tờ trình") -> Dossier:
    """A complete draft with one eligible nominee (rows written directly: fast)."""
    dossier = make.dossier(unit=unit, created_by=creator, year=YEAR, title=title)
    person = person or PersonFactory(unit=unit, position="Chuyên viên")
    rate(person)
    make.nominee(
        dossier=dossier, award=code, person=person, achievement_report="Báo cáo thành tích."
    )
    for document in ("to_trinh", "bien_ban"):
        Attachment.objects.create(
            dossier=dossier,
            document_code=document,
            file=f"nominations/attachments/{uuid.uuid4().hex}.pdf",
            original_name=f"{document}.pdf",
            file_kind="pdf",
            size=100,
            uploaded_by=creator,
        )
    return dossier


QUOTA_REFUSAL = (
    "Chỉ tiêu “Lao động tiên tiến” của {unit} năm 2025 là {limit}: đã có {taken} đề nghị"
    " hoặc đã được khen thưởng, hồ sơ này đề nghị thêm {count}."
)


@pytest.fixture
def commune(province, users):
    """Bình Sơn with a quota of 2 LĐTT and three complete dossiers of its villages."""
    unit = province["unit_a"]
    villages = [province["village_a"], UnitFactory(name="Thôn 2", kind="village", parent=unit)]
    return {
        "unit": unit,
        "quota": _quota(unit, 2),
        "dossiers": [
            _submittable(villages[i % 2], users["staff_a"], title=f"Hồ sơ {i}") for i in range(3)
        ],
    }


def test_a_submission_over_the_quota_is_refused_and_saves_nothing(users, commune):
    head = users["head_a"]
    first, second, third = commune["dossiers"]
    services.dossier_submit(dossier=first, actor=head)
    services.dossier_submit(dossier=second, actor=head)

    with pytest.raises(ValidationError) as error:
        services.dossier_submit(dossier=third, actor=head)

    assert error.value.messages == [
        QUOTA_REFUSAL.format(unit="Xã Bình Sơn", limit=2, taken=2, count=1)
    ]
    third.refresh_from_db()
    assert (third.state, third.round, third.submitted_at) == (DossierState.DRAFT, 0, None)
    assert not DossierEvent.objects.filter(dossier=third, action=EventAction.SUBMITTED).exists()
    assert Nominee.objects.get(dossier=third).eligibility_status == ""  # verdict not kept


def test_the_submit_page_shows_the_quota_refusal(client, users, commune):
    first, second, third = commune["dossiers"]
    for sent in (first, second):
        services.dossier_submit(dossier=sent, actor=users["head_a"])
    client.force_login(users["head_a"])
    response = client.post(reverse("nominations:dossier_submit", args=[third.pk]))
    assert response.status_code == 302
    assert flashed(response) == [
        QUOTA_REFUSAL.format(unit="Xã Bình Sơn", limit=2, taken=2, count=1)
    ]
    assert Dossier.objects.get(pk=third.pk).state == DossierState.DRAFT


def test_places_come_back_when_a_dossier_or_a_nominee_leaves_the_path(users, commune):
    head = users["head_a"]
    first, second, third = commune["dossiers"]
    services.dossier_submit(dossier=first, actor=head)
    services.dossier_submit(dossier=second, actor=head)
    services.dossier_withdraw(dossier=first, reason="Rút để bổ sung", actor=head)
    services.dossier_submit(dossier=third, actor=head)  # the withdrawn one's place

    Nominee.objects.filter(dossier=second).update(outcome=NomineeOutcome.NOT_APPROVED)
    fourth = _submittable(commune["unit"], users["staff_a"])
    services.dossier_submit(dossier=fourth, actor=head)  # the one not approved
    fifth = _submittable(commune["unit"], users["staff_a"])
    with pytest.raises(ValidationError):
        services.dossier_submit(dossier=fifth, actor=head)


def test_grants_without_a_nominee_take_places_and_a_nominees_grant_counts_once(users, commune):
    unit, quota = commune["unit"], commune["quota"]
    first = commune["dossiers"][0]
    services.dossier_submit(dossier=first, actor=users["head_a"])
    assert services.quota_places_taken(quota=quota) == 1
    # The nominee is awarded: its grant is the same place.
    nominee = Nominee.objects.get(dossier=first)
    awarded = grant("LDTT", YEAR, person=nominee.person)
    Nominee.objects.filter(pk=nominee.pk).update(outcome=NomineeOutcome.AWARDED, grant=awarded)
    Dossier.objects.filter(pk=first.pk).update(state=DossierState.DECIDED)
    assert services.quota_places_taken(quota=quota) == 1
    # A grant entered by hand (a legacy record) in the subtree takes another.
    grant("LDTT", YEAR, person=PersonFactory(unit=unit))
    assert services.quota_places_taken(quota=quota) == 2
    # Other years, awards and units do not.
    grant("LDTT", YEAR - 1, person=PersonFactory(unit=unit))
    grant("LDTT", YEAR, person=PersonFactory(unit=UnitFactory(name="Xã khác")))
    assert services.quota_places_taken(quota=quota) == 2
    assert AwardGrant.objects.filter(nominee__isnull=True).count() == 3

    with pytest.raises(ValidationError) as error:
        services.dossier_submit(dossier=commune["dossiers"][1], actor=users["head_a"])
    assert error.value.messages == [
        QUOTA_REFUSAL.format(unit="Xã Bình Sơn", limit=2, taken=2, count=1)
    ]


def test_a_quota_above_the_unit_applies_and_a_resubmission_keeps_its_own_place(
    users, province, commune
):
    """A quota of the province's root covers both communes; a returned dossier does not
    count its own nominees against itself when it is sent again."""
    commune["quota"].delete()
    root_quota = _quota(province["root"], 2)
    head_b = user_with_role(Role.UNIT_HEAD, province["unit_b"], username="head_b")
    first = commune["dossiers"][0]
    services.dossier_submit(dossier=first, actor=users["head_a"])
    other = _submittable(province["unit_b"], users["staff_b"])
    services.dossier_submit(dossier=other, actor=head_b)
    assert services.quota_places_taken(quota=root_quota) == 2

    Dossier.objects.filter(pk=first.pk).update(state=DossierState.RETURNED)
    services.dossier_submit(dossier=first, actor=users["head_a"])  # still 2 of 2
    with pytest.raises(ValidationError) as error:
        services.dossier_submit(dossier=commune["dossiers"][1], actor=users["head_a"])
    assert error.value.messages == [
        QUOTA_REFUSAL.format(unit="Ủy ban nhân dân tỉnh Thử", limit=2, taken=2, count=1)
    ]


def test_a_quota_of_another_award_or_unit_does_not_apply(users, province, commune):
    commune["quota"].delete()
    _quota(province["unit_b"], 0)  # a sibling commune
    _quota(province["unit_a"], 0, code="CSTDCS")  # another award
    _quota(province["unit_a"], 0, year=YEAR + 1)  # another year
    services.dossier_submit(dossier=commune["dossiers"][0], actor=users["head_a"])
    # LĐTT is the unit head's award: it goes to the unit's council (issue 9, point 9).
    assert Dossier.objects.get(pk=commune["dossiers"][0].pk).state == DossierState.UNIT_REVIEW


# 40 dossiers as the row asks; PostgreSQL's default 100 connections hold them.
PARALLEL = 40


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_forty_submissions_at_once_into_a_quota_of_three_keep_three(province, users, monkeypatch):
    """SECURITY-TESTS.md E3: every submission holds its own dossier's lock, then they all
    reach the quota at the same moment; the quota row's lock lets one count at a time."""
    _needs_postgres()
    district = UnitFactory(name="Sở Nội vụ", kind="department", parent=province["root"])
    communes = [UnitFactory(name=f"Phòng {n}", kind="sub_unit", parent=district) for n in range(5)]
    _quota(district, 3)
    head = user_with_role(Role.UNIT_HEAD, district, username="head_district")
    staff = user_with_role(Role.UNIT_STAFF, district, username="staff_district")
    dossiers = [_submittable(communes[i % 5], staff, title=f"Hồ sơ {i}") for i in range(PARALLEL)]

    results = at_once(
        [lambda d=d: services.dossier_submit(dossier=d, actor=head) for d in dossiers],
        patch=(services.submission, "_quota_problems"),
        monkeypatch=monkeypatch,
    )

    accepted = [r for r in results if isinstance(r, Dossier)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    others = [r for r in results if not isinstance(r, Dossier | ValidationError)]
    assert others == []
    assert (len(accepted), len(refused)) == (3, PARALLEL - 3)
    expected = QUOTA_REFUSAL.format(unit="Sở Nội vụ", limit=3, taken=3, count=1)
    assert {m for r in refused for m in r.messages} == {expected}
    # LĐTT goes to the unit's own council (issue 9, point 9); the quota holds the same.
    assert Dossier.objects.filter(state=DossierState.UNIT_REVIEW).count() == 3
    assert Dossier.objects.filter(state=DossierState.DRAFT).count() == PARALLEL - 3
    assert DossierEvent.objects.filter(action=EventAction.SENT_TO_UNIT_COUNCIL).count() == 3
