"""The clusters pages: confidentiality (404, never 403), the sheet form's refusals, the
ranking page with its explained flags and chart, and its constant query count."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters import services
from clusters.models import BlocMembership, Sheet, SheetLine, SheetRole, SheetState
from tests.clusters.conftest import YEAR, fill
from tests.factories import UnitFactory, user_with_role
from units.models import Role

pytestmark = pytest.mark.django_db

# The routes this module's tests cover (tests/units/test_routes.py).
ROUTES = {
    "clusters:bloc_list": "test_bloc_list_scope",
    "clusters:round_sheets": "test_confidentiality_matrix",
    "clusters:sheet_start": "test_scoring_through_the_pages",
    "clusters:sheet_edit": "test_confidentiality_matrix, test_scoring_through_the_pages",
    "clusters:evidence_add": "test_evidence_goes_through_the_upload_validator",
    "clusters:sheet_reopen": "test_reopen_only_by_the_secretariat_or_head",
    "clusters:ranking": "test_confidentiality_matrix, test_ranking_page_*",
    "clusters:flag_resolve": "test_ranking_page_flags_explained_and_resolved",
    "clusters:round_transition": "test_round_transitions_only_by_the_secretariat",
}


def _get(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


def test_confidentiality_matrix(client, cluster, users):
    r = cluster["round"]
    unit_a, unit_b, m3, m4 = cluster["members"][:4]
    staff3 = cluster["staff"][m3.code]
    a_to_b = fill(r, SheetRole.HEAD, unit_a, unit_b, users["head_a"], total_off=3)
    m3_to_m4 = fill(r, SheetRole.PEER, m3, m4, staff3, total_off=2)
    sheet_a_b = reverse("clusters:sheet_edit", args=[a_to_b.pk])
    sheet_3_4 = reverse("clusters:sheet_edit", args=[m3_to_m4.pk])
    ranking = reverse("clusters:ranking", args=[r.pk])
    sheets = reverse("clusters:round_sheets", args=[r.pk])

    def matrix():
        return {
            "target reads the sheet about it": _get(client, users["staff_b"], sheet_a_b),
            "another member reads it": _get(client, staff3, sheet_a_b),
            "the scorer reads its own": _get(client, staff3, sheet_3_4),
            "the head reads a member's": _get(client, users["head_a"], sheet_3_4),
            "the secretariat reads it": _get(client, users["secretariat"], sheet_3_4),
            "the Council member (not the scorer)": _get(client, users["council"], sheet_3_4),
            "an outsider reads the sheet": _get(client, cluster["outsider"], sheet_3_4),
            "an outsider reads the round": _get(client, cluster["outsider"], sheets),
            "an outsider reads the ranking": _get(client, cluster["outsider"], ranking),
            "a member reads the ranking": _get(client, users["staff_b"], ranking),
            "the head reads the ranking": _get(client, users["head_a"], ranking),
            "the Council reads the ranking": _get(client, users["council"], ranking),
        }

    before = matrix()
    assert before == {
        "target reads the sheet about it": 404,
        "another member reads it": 404,
        "the scorer reads its own": 200,
        "the head reads a member's": 200,
        "the secretariat reads it": 200,
        "the Council member (not the scorer)": 404,
        "an outsider reads the sheet": 404,
        "an outsider reads the round": 404,
        "an outsider reads the ranking": 404,
        "a member reads the ranking": 404,
        "the head reads the ranking": 200,
        "the Council reads the ranking": 200,
    }
    services.round_close(scoring_round=r, actor=users["secretariat"])
    after = matrix()
    assert after == before | {"a member reads the ranking": 200}
    # After the close a member sees ranks and scores, not the flags nor the sources.
    client.force_login(users["staff_b"])
    page = client.get(ranking).content.decode()
    assert 'data-testid="ranking"' in page
    assert 'data-testid="flags"' not in page
    assert "Bình quân chấm chéo" not in page


def test_bloc_list_scope(client, cluster, users):
    client.force_login(cluster["outsider"])
    assert "Cụm thi đua số 1" not in client.get(reverse("clusters:bloc_list")).content.decode()
    client.force_login(users["staff_b"])
    assert "Cụm thi đua số 1" in client.get(reverse("clusters:bloc_list")).content.decode()


def test_scoring_through_the_pages(client, cluster, users):
    r = cluster["round"]
    unit_b = cluster["members"][1]
    client.force_login(users["staff_b"])
    page = client.get(reverse("clusters:round_sheets", args=[r.pk])).content.decode()
    assert f'data-testid="start-self-{unit_b.code}"' in page
    response = client.post(
        reverse("clusters:sheet_start", args=[r.pk]), {"role": "self", "target": unit_b.pk}
    )
    sheet = Sheet.objects.get(role=SheetRole.SELF, target=unit_b)
    assert response.url == reverse("clusters:sheet_edit", args=[sheet.pk])
    url = reverse("clusters:sheet_edit", args=[sheet.pk])
    values = {
        "line_A1": "36",
        "line_A2": "20",
        "line_B1": "8",
        "line_B2": "6",
        "line_B3": "6",
        "line_C1": "5",
        "line_C2": "12",
        "line_D1": "8",
        "submit": "1",
    }
    # A line above its maximum: refused beside the field, nothing saved.
    response = client.post(url, values)
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        '<div class="invalid-feedback d-block" data-testid="error-A1">'
        "36 điểm vượt quá điểm tối đa 35 của tiêu chí A1.</div>"
    ) in page
    assert SheetLine.objects.filter(sheet=sheet).count() == 0
    # Halves with a comma are accepted; the sheet is submitted.
    response = client.post(url, values | {"line_A1": "34,5"})
    assert response.status_code == 302
    sheet.refresh_from_db()
    assert (sheet.state, str(sheet.total)) == (SheetState.SUBMITTED, "99.50")
    # Editing it now is refused with a message, nothing changes.
    response = client.post(url, values | {"line_A1": "10"}, follow=True)
    assert (
        "Phiếu đã được gửi; chỉ có thể sửa sau khi được mở lại kèm lý do."
        in response.content.decode()
    )
    sheet.refresh_from_db()
    assert str(sheet.total) == "99.50"
    # A peer cannot start a sheet it has no business with (a self sheet for another unit).
    response = client.post(
        reverse("clusters:sheet_start", args=[r.pk]),
        {"role": "self", "target": cluster["members"][2].pk},
    )
    assert response.status_code == 404


def test_evidence_goes_through_the_upload_validator(client, cluster, users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    unit_b = cluster["members"][1]
    sheet = services.sheet_start(
        scoring_round=cluster["round"],
        role=SheetRole.SELF,
        target=unit_b,
        actor=users["staff_b"],
        scorer_unit=unit_b,
    )
    criterion = cluster["table"].groups.get(code="A").criteria.get(code="A1")
    client.force_login(users["staff_b"])
    fake = SimpleUploadedFile(
        "bao-cao.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf"
    )
    response = client.post(
        reverse("clusters:evidence_add", args=[sheet.pk]),
        {"criterion": criterion.pk, "file": fake},
        follow=True,
    )
    assert sheet.evidence.count() == 0
    assert response.status_code == 200
    # Another member may not attach evidence to this sheet: 404.
    client.force_login(cluster["staff"][cluster["members"][2].code])
    response = client.post(
        reverse("clusters:evidence_add", args=[sheet.pk]), {"criterion": criterion.pk}
    )
    assert response.status_code == 404


def test_reopen_only_by_the_secretariat_or_head(client, cluster, users):
    unit_b, m3 = cluster["members"][1], cluster["members"][2]
    sheet = fill(cluster["round"], SheetRole.PEER, unit_b, m3, users["staff_b"])
    url = reverse("clusters:sheet_reopen", args=[sheet.pk])
    client.force_login(users["staff_b"])
    assert client.post(url, {"reason": "Tự mở"}).status_code == 404
    client.force_login(users["head_a"])
    client.post(url, {"reason": "Chấm nhầm tiêu chí B2"})
    sheet.refresh_from_db()
    assert sheet.state == SheetState.DRAFT
    assert sheet.reopenings.get().reason == "Chấm nhầm tiêu chí B2"


def test_round_transitions_only_by_the_secretariat(client, cluster, users):
    url = reverse("clusters:round_transition", args=[cluster["round"].pk, "close"])
    client.force_login(users["head_a"])
    assert client.post(url).status_code == 404
    client.force_login(users["secretariat"])
    client.post(url)
    cluster["round"].refresh_from_db()
    assert cluster["round"].state == "closed"


def _cross(cluster, users, members, actors):
    for k, scorer in enumerate(members):
        for target in members:
            if scorer != target:
                fill(
                    cluster["round"],
                    SheetRole.PEER,
                    scorer,
                    target,
                    actors[scorer.pk],
                    A1=25 + k % 10,
                    A2=20 - k % 10,
                )


def test_ranking_page_query_count_is_constant_in_the_blocs_size(client, cluster, users):
    members = cluster["members"]
    actors = {m.pk: users["secretariat"] for m in members}
    _cross(cluster, users, members, actors)
    url = reverse("clusters:ranking", args=[cluster["round"].pk])
    client.force_login(users["secretariat"])
    client.get(url)
    cache.clear()  # the engine's result is cached per state of the data: measure it cold
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for i in range(7, 11):
        unit = UnitFactory(
            name=f"Xã Cụm {i}", code=f"xa-cum-{i}", parent=cluster["members"][0].parent
        )
        BlocMembership.objects.create(bloc=cluster["bloc"], unit=unit, year=YEAR)
        members.append(unit)
        actors[unit.pk] = users["secretariat"]
    Sheet.objects.all().delete()
    _cross(cluster, users, members, actors)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert page.count('<tr data-unit="') == 10
    assert len(large.captured_queries) == len(small.captured_queries)
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    assert len(warm.captured_queries) < len(large.captured_queries)


def test_ranking_page_flags_explained_and_resolved(client, cluster, users):
    r = cluster["round"]
    unit_a, unit_b, m3, m4, m5, m6 = cluster["members"]
    # Everyone gives 90 except m3 → m4 at 75 (a low ball) and a self sheet of 100 for m5.
    actors = {m.pk: users["secretariat"] for m in cluster["members"]}
    for k, scorer in enumerate(cluster["members"]):
        for target in cluster["members"]:
            if scorer != target:
                over = {"A1": 25 + k, "A2": 20 - k}
                if (scorer, target) == (m3, m4):
                    over = {"A1": 10 + k, "A2": 20 - k}
                fill(r, SheetRole.PEER, scorer, target, actors[scorer.pk], **over)
    fill(r, SheetRole.SELF, m5, m5, users["secretariat"])
    client.force_login(users["secretariat"])
    url = reverse("clusters:ranking", args=[r.pk])
    page = client.get(url).content.decode()
    # m4's peers: four at 90 and m3's 75: r(m3,m4) = 75 − 90 = −15; the other peers of m4
    # 90 − (3×90 + 75)/4 = 3.75; all else 0 → σ = 1; −15 < −2.5 → low ball.
    assert (
        "Xã Cụm 3 chấm Xã Cụm 4 thấp hơn bình quân của các thành viên khác 15 điểm (ngưỡng 2,5)."
        in page
    )
    # m5 scores itself 100 against a peer mean of 90: 10 points.
    assert (
        "Đơn vị tự chấm cao hơn bình quân chấm chéo 10 điểm (100 so với 90 của 5 phiếu; ngưỡng 5)."
        in page
    )
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    # m4: five peer sheets 90, 90, 90, 90, 75 → trimmed (90+90+90)/3 = 90: the flag
    # changes no score.
    assert '<tr data-unit="xa-cum-4">' in page
    key = f"low_ball:{m3.code},{m4.code}"
    client.post(
        reverse("clusters:flag_resolve", args=[r.pk]),
        {"key": key, "outcome": "accepted", "reason": "Đã xác minh, có lý do"},
    )
    page = client.get(url).content.decode()
    assert "Chấp nhận như hiện trạng</span> Đã xác minh, có lý do" in page
    # A sheet that is not a number (a forged form) is no sheet: the service's message.
    for field, outcome in (("sheet", "sent_back"), ("verification_sheet", "adjusted")):
        response = client.post(
            reverse("clusters:flag_resolve", args=[r.pk]),
            {"key": key, "outcome": outcome, "reason": "x", field: "abc"},
            follow=True,
        )
        assert response.status_code == 200
        assert [str(m) for m in response.context["messages"]] == [
            {
                "sent_back": "Hãy chọn phiếu cần trả lại.",
                "adjusted": "Điều chỉnh phải dựa trên một phiếu thẩm định đã gửi của đợt chấm này.",
            }[outcome]
        ]
    # A unit outside the bloc cannot resolve anything.
    client.force_login(users["staff_b"])
    response = client.post(
        reverse("clusters:flag_resolve", args=[r.pk]),
        {"key": key, "outcome": "accepted", "reason": "x"},
    )
    assert response.status_code == 404


def test_a_unit_head_outside_the_bloc_sees_nothing(client, cluster):
    other = UnitFactory(name="Sở Thử", code="so-thu", kind="department")
    head = user_with_role(Role.UNIT_HEAD, other, username="head-other")
    client.force_login(head)
    assert client.get(reverse("clusters:ranking", args=[cluster["round"].pk])).status_code == 404
