"""The Council's review: each Council member sees the blocs assigned to them and every
ranking with its flags and how each was resolved; scores the units of their blocs through
the pages; comments and asks for re-checks, which the secretariat answers; each side is
notified and everything is recorded."""

import html
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clusters import services
from clusters.defaults import table_create_default
from clusters.models import (
    Bloc,
    BlocKind,
    BlocMembership,
    CouncilComment,
    RecheckRequest,
    RecheckState,
    ScoringRound,
    Sheet,
    SheetRole,
    SheetState,
)
from notifications.models import Notification
from tests.clusters.conftest import MAXIMA, YEAR, fill
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

ROUTES = {
    "clusters:review_home": "test_the_council_sees_its_blocs_and_every_ranking",
    "clusters:review_round": "test_the_council_sees_its_blocs_and_every_ranking",
    "clusters:comment_add": "test_comments_and_rechecks_recorded_answered_and_notified",
    "clusters:recheck_add": "test_comments_and_rechecks_recorded_answered_and_notified",
    "clusters:recheck_answer": "test_comments_and_rechecks_recorded_answered_and_notified",
}


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def other_bloc(province, name="Cụm thi đua số 2", code="cum-2", size=3):
    bloc = Bloc.objects.create(name=name, code=code, kind=BlocKind.COMMUNES)
    for i in range(size):
        unit = UnitFactory(name=f"Xã {code} {i}", code=f"{code}-{i}", parent=province["root"])
        BlocMembership.objects.create(bloc=bloc, unit=unit, year=YEAR)
    table = table_create_default(bloc_kind=BlocKind.COMMUNES, year=YEAR, version=50 + size)
    return ScoringRound.objects.create(
        bloc=bloc, year=YEAR, table=table, opens_on=date(2026, 6, 1), closes_on=date(2026, 6, 30)
    )


def scored(cluster, users):
    """Every member scores every other at 90; m5 scores itself 100 (a self-inflation)."""
    members = cluster["members"]
    for scorer in members:
        for target in members:
            role = SheetRole.SELF if scorer == target else SheetRole.PEER
            off = 0 if (scorer == target == members[4]) else 10
            fill(cluster["round"], role, scorer, target, users["secretariat"], total_off=off)


def test_the_council_sees_its_blocs_and_every_ranking(client, cluster, users, province):
    other_bloc(province)
    scored(cluster, users)
    r = cluster["round"]
    flag = next(f for f in services_flags(r) if f.kind == "self_inflation")
    services.flag_resolve(
        scoring_round=r,
        key=flag.key,
        kind=flag.kind,
        outcome="accepted",
        reason="Đơn vị có minh chứng vượt chỉ tiêu",
        actor=users["secretariat"],
    )
    client.force_login(users["council"])
    page = text(client.get(reverse("clusters:review_home")))
    mine = page.split('data-testid="my-rounds"')[1].split("</table>")[0]
    every = page.split('data-testid="all-rounds"')[1].split("</table>")[0]
    assert re.findall(r'data-bloc="([^"]+)"', mine) == ["cum-1"]
    assert re.findall(r'data-bloc="([^"]+)"', every) == ["cum-1", "cum-2"]
    assert "36 / 36" in mine  # six members, self and cross-scoring all submitted
    page = text(client.get(reverse("clusters:review_round", args=[r.pk])))
    assert 'data-testid="assigned"' in page and 'data-testid="council-sheets"' in page
    flags = page.split('data-testid="flags"')[1].split("</ul>")[0]
    resolved = flags.split('data-kind="self_inflation"')[1].split("</li>")[0]
    assert "Chấp nhận" in resolved or "Accepted" not in resolved
    assert "Đơn vị có minh chứng vượt chỉ tiêu" in resolved
    # A unit's staff has no review page.
    client.force_login(users["staff_b"])
    assert client.get(reverse("clusters:review_round", args=[r.pk])).status_code == 404
    assert client.get(reverse("clusters:review_home")).status_code == 404


def services_flags(scoring_round):
    from clusters.selectors import ranking

    return ranking(scoring_round).flags


def test_the_assigned_council_member_scores_through_the_pages(client, cluster, users):
    r = cluster["round"]
    target = cluster["members"][2]
    client.force_login(users["council"])
    page = text(client.get(reverse("clusters:round_sheets", args=[r.pk])))
    assert page.count('name="role" value="council"') == 6
    response = client.post(
        reverse("clusters:sheet_start", args=[r.pk]), {"role": "council", "target": target.pk}
    )
    sheet = Sheet.objects.get(round=r, role=SheetRole.COUNCIL, target=target)
    assert response.url == reverse("clusters:sheet_edit", args=[sheet.pk])
    data = {f"line_{code}": str(value) for code, value in MAXIMA.items()} | {"submit": "1"}
    client.post(reverse("clusters:sheet_edit", args=[sheet.pk]), data)
    sheet.refresh_from_db()
    assert (sheet.state, sheet.scorer_user, sheet.total) == (
        SheetState.SUBMITTED,
        users["council"],
        sum(MAXIMA.values()),
    )


def test_comments_and_rechecks_recorded_answered_and_notified(client, cluster, users):
    r = cluster["round"]
    target = cluster["members"][3]
    client.force_login(users["staff_b"])
    assert (
        client.post(reverse("clusters:comment_add", args=[r.pk]), {"text": "x"}).status_code == 404
    )
    client.force_login(users["council"])
    client.post(
        reverse("clusters:comment_add", args=[r.pk]), {"text": "Đề nghị xem lại phiếu chấm chéo"}
    )
    [comment] = CouncilComment.objects.all()
    assert (comment.author, comment.text) == (users["council"], "Đề nghị xem lại phiếu chấm chéo")
    [note] = Notification.objects.filter(user=users["secretariat"])
    assert (note.title, note.url) == (
        "Ý kiến của thành viên Hội đồng về Cụm thi đua số 1",
        reverse("clusters:review_round", args=[r.pk]),
    )
    page = text(
        client.post(reverse("clusters:recheck_add", args=[r.pk]), {"unit": target.pk, "reason": ""})
    )
    assert "Trường này là bắt buộc." in page
    assert not RecheckRequest.objects.exists()
    client.post(
        reverse("clusters:recheck_add", args=[r.pk]),
        {"unit": target.pk, "reason": "Điểm A1 cao bất thường"},
    )
    [request] = RecheckRequest.objects.all()
    assert (request.unit, request.state, request.requested_by) == (
        target,
        RecheckState.OPEN,
        users["council"],
    )
    assert (
        Notification.objects.filter(
            user=users["secretariat"], title="Đề nghị kiểm tra lại kết quả Cụm thi đua số 1"
        ).count()
        == 1
    )
    answer = reverse("clusters:recheck_answer", args=[request.pk])
    assert (
        client.post(
            answer, {f"a{request.pk}-state": "done", f"a{request.pk}-answer": "x"}
        ).status_code
        == 404
    )
    client.force_login(users["secretariat"])
    page = text(client.get(reverse("clusters:review_home")))
    assert "Điểm A1 cao bất thường" in page.split('data-testid="open-requests"')[1]
    page = text(client.post(answer, {f"a{request.pk}-state": "done", f"a{request.pk}-answer": ""}))
    assert "Trường này là bắt buộc." in page
    client.post(
        answer, {f"a{request.pk}-state": "done", f"a{request.pk}-answer": "Đã xác minh, phiếu đúng"}
    )
    request.refresh_from_db()
    assert (request.state, request.answer, request.answered_by) == (
        RecheckState.DONE,
        "Đã xác minh, phiếu đúng",
        users["secretariat"],
    )
    [told] = Notification.objects.filter(user=users["council"])
    assert (
        told.title
        == "Ban Thi đua - Khen thưởng đã trả lời đề nghị kiểm tra lại của bạn về Cụm thi đua số 1"
    )
    page = text(
        client.post(
            answer,
            {f"a{request.pk}-state": "declined", f"a{request.pk}-answer": "Lần hai"},
            follow=True,
        )
    )
    assert "Đề nghị này đã được trả lời." in page
    request.refresh_from_db()
    assert request.answer == "Đã xác minh, phiếu đúng"
    client.force_login(users["council"])
    page = text(client.get(reverse("clusters:review_round", args=[r.pk])))
    requests = page.split('data-testid="requests"')[1].split("</ul>")[0]
    assert "Đã xác minh, phiếu đúng" in requests and "Đã kiểm tra lại" in requests


def test_review_home_query_count_is_constant_in_the_number_of_blocs(
    client, cluster, users, province
):
    client.force_login(users["secretariat"])
    url = reverse("clusters:review_home")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for i in range(3):
        other_bloc(province, name=f"Cụm {i + 2}", code=f"cum-x{i}", size=2 + i)
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()
    assert page.count("data-bloc=") == 4
    assert len(large.captured_queries) == len(small.captured_queries)
