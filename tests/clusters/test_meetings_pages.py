"""The meeting page and its documents: who sees and who acts (404 otherwise), Vietnamese
messages, the minutes and the ranking document citing only what happened, and the rank in
the bloc reaching the eligibility input (from the nominee, or from the closed round)."""

from datetime import date

import pytest
from django.urls import reverse

from awards.selectors import eligibility_input, eligibility_inputs
from clusters import meetings, services
from clusters.models import BlocMeeting, MeetingState, SheetRole
from reports.kinds_clusters import minutes_document, ranking_document, submission_document
from tests.clusters.conftest import fill

pytestmark = pytest.mark.django_db

# The routes this module's tests cover (tests/units/test_routes.py).
ROUTES = {
    "clusters:meeting": "test_the_head_runs_the_meeting_through_the_page, test_only_*",
    "clusters:meeting_prepare": "test_the_head_runs_the_meeting_through_the_page",
    "clusters:meeting_step": "test_the_head_runs_the_meeting_through_the_page, test_only_*",
    "clusters:meeting_vote": "test_a_member_votes_through_the_page",
}


def _closed(cluster, users):
    members = cluster["members"]
    actors = {members[0].pk: users["head_a"], members[1].pk: users["staff_b"]}
    for member in members[2:]:
        actors[member.pk] = cluster["staff"][member.code]
    for scorer in members:
        for target in members:
            if scorer != target:
                role = SheetRole.HEAD if scorer == members[0] else SheetRole.PEER
                k = members.index(scorer)
                fill(
                    cluster["round"], role, scorer, target, actors[scorer.pk], A1=25 + k, A2=20 - k
                )
    fill(cluster["round"], SheetRole.SECRETARIAT, None, members[2], users["secretariat"])
    services.round_close(scoring_round=cluster["round"], actor=users["secretariat"])
    cluster["round"].refresh_from_db()


def _text(document) -> str:
    parts = []
    for block in document.blocks:
        if hasattr(block, "rows"):
            parts += [" | ".join(str(c) for c in row) for row in block.rows]
        else:
            parts.append(block.text)
    return "\n".join(parts)


def test_the_head_runs_the_meeting_through_the_page(client, cluster, users):
    _closed(cluster, users)
    members = cluster["members"]
    url = reverse("clusters:meeting", args=[cluster["round"].pk])
    client.force_login(users["head_a"])
    response = client.post(
        reverse("clusters:meeting_prepare", args=[cluster["round"].pk]),
        {"held_on": "2026-06-09", "place": "Hội trường UBND xã"},
        follow=True,
    )
    assert "Đã chuẩn bị cuộc họp: hãy ghi nhận các đơn vị có mặt." in response.content.decode()
    step = reverse("clusters:meeting_step", args=[cluster["round"].pk, "adopt"])
    response = client.post(step, follow=True)
    assert "Cuộc họp chưa đủ số đơn vị tham dự: 0/6 đơn vị thành viên có mặt, cần ít nhất 4." in (
        response.content.decode()
    )
    data = {"present": [str(u.pk) for u in members[:5]]}
    client.post(reverse("clusters:meeting_step", args=[cluster["round"].pk, "attendance"]), data)
    response = client.post(step, follow=True)
    page = response.content.decode()
    assert "Đã thông qua kết quả xếp hạng." in page
    meeting = BlocMeeting.objects.get(round=cluster["round"])
    assert (meeting.state, meeting.leading_unit, meeting.present_count) == (
        MeetingState.ADOPTED,
        members[2],
        5,
    )
    assert (
        'data-confirm="Gửi các đề nghị? Mỗi đề nghị trở thành một hồ sơ đề nghị khen thưởng."'
        in page
    )
    response = client.post(
        reverse("clusters:meeting_step", args=[cluster["round"].pk, "propose"]), follow=True
    )
    assert "Đã lập 3 hồ sơ đề nghị khen thưởng từ các đề nghị của cuộc họp." in (
        response.content.decode()
    )
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("who", ["staff_b", "council", "outsider"])
def test_only_the_secretariat_and_the_head_act(client, cluster, users, who):
    _closed(cluster, users)
    meetings.meeting_prepare(
        scoring_round=cluster["round"], held_on=date(2026, 6, 9), actor=users["head_a"]
    )
    user = cluster["outsider"] if who == "outsider" else users[who]
    client.force_login(user)
    step = reverse("clusters:meeting_step", args=[cluster["round"].pk, "adopt"])
    assert client.post(step).status_code == 404
    page = client.get(reverse("clusters:meeting", args=[cluster["round"].pk]))
    # A member and the Council see the meeting; a unit outside the bloc sees nothing.
    assert page.status_code == (404 if who == "outsider" else 200)
    if who != "outsider":
        assert 'data-testid="meeting-adopt"' not in page.content.decode()


def test_the_minutes_cite_only_what_happened(cluster, users):
    _closed(cluster, users)
    members = cluster["members"]
    meeting = meetings.meeting_prepare(
        scoring_round=cluster["round"],
        held_on=date(2026, 6, 9),
        place="UBND xã",
        actor=users["head_a"],
    )
    meetings.attendance_record(
        meeting=meeting, present={u.pk: "" for u in members[:4]}, actor=users["head_a"]
    )
    text = _text(minutes_document(meeting))
    assert "Có mặt 4/6 đơn vị thành viên; vắng:" in text
    assert "THÔNG QUA" not in text.upper().replace("KẾT QUẢ CHẤM", "")
    assert "bỏ phiếu" not in text
    meetings.meeting_adopt(meeting=meeting, actor=users["head_a"])
    meeting.refresh_from_db()
    document = minutes_document(meeting)
    text = _text(document)
    assert "Cuộc họp thông qua kết quả chấm điểm, xếp hạng thi đua năm 2026 như sau:" in text
    assert f"1 | {members[2].name} | 100" in text
    assert f"(theo kết quả xếp hạng): {members[2].name}." in text
    assert "bỏ phiếu kín" not in text.lower().replace("theo kết quả xếp hạng", "")
    assert (document.doc_type, document.signature.position) == ("BIÊN BẢN", "CỤM TRƯỞNG")
    # The head unit's head signs: the province fixture's head of unit_a.
    assert document.signature.name == users["head_a"].get_full_name()
    meetings.meeting_propose(meeting=meeting, actor=users["head_a"])
    submission = submission_document(meeting)
    text = _text(submission)
    assert submission.doc_type == "TỜ TRÌNH"
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng tỉnh Quảng Ngãi." in text
    assert f"- {members[2].name}, xếp hạng 1 của cụm." in text


def test_the_ranking_document_lists_scores_sources_and_flags(cluster, users):
    _closed(cluster, users)
    document = ranking_document(cluster["round"])
    text = _text(document)
    assert f"1 | {cluster['members'][2].name} | 100" in text
    assert (
        f"1 | {cluster['members'][2].name} | 100" in text and "Thẩm định; 5 phiếu chấm chéo" in text
    )
    assert "II. CẢNH BÁO VÀ CÁCH XỬ LÝ" in [b.text for b in document.blocks if hasattr(b, "text")]


def test_the_rank_in_the_bloc_reaches_the_eligibility_input(cluster, users):
    _closed(cluster, users)
    m3 = cluster["members"][2]
    # No nominee: the provider reads the closed round.
    assert eligibility_input(award="CO_TINH", year=2026, unit=m3)["bloc_rank"] == 1
    assert eligibility_input(award="CO_TINH", year=2025, unit=m3)["bloc_rank"] is None


def test_a_nominees_rank_is_the_eligibility_inputs_rank(province):
    unit = province["unit_a"]  # in no bloc: the provider knows nothing of it
    plain, ranked = eligibility_inputs(
        subjects=[("CO_TINH", 2026, None, unit), ("CO_TINH", 2026, None, unit)],
        bloc_ranks=[None, 1],
    )
    assert (plain["bloc_rank"], ranked["bloc_rank"]) == (None, 1)
    with pytest.raises(ValueError):
        eligibility_inputs(subjects=[("CO_TINH", 2026, None, unit)], bloc_ranks=[])


def test_a_member_votes_through_the_page(client, cluster, users):
    """A tie at the top goes to the ballot; a present member votes once through the page,
    an absent one and a unit outside the bloc cannot."""
    members = cluster["members"]
    actors = {members[0].pk: users["head_a"], members[1].pk: users["staff_b"]}
    for member in members[2:]:
        actors[member.pk] = cluster["staff"][member.code]
    for scorer in members:
        for target in members:
            if scorer != target:
                role = SheetRole.HEAD if scorer == members[0] else SheetRole.PEER
                k = members.index(scorer)
                fill(
                    cluster["round"], role, scorer, target, actors[scorer.pk], A1=25 + k, A2=20 - k
                )
    services.round_close(scoring_round=cluster["round"], actor=users["secretariat"])
    meeting = meetings.meeting_prepare(
        scoring_round=cluster["round"], held_on=date(2026, 6, 9), actor=users["head_a"]
    )
    meetings.attendance_record(
        meeting=meeting, present={u.pk: "" for u in members[:5]}, actor=users["head_a"]
    )
    meetings.meeting_adopt(meeting=meeting, actor=users["head_a"])
    ballot = meeting.ballots.get()  # the six units tied at 90 are the candidates
    candidate = ballot.candidates.order_by("code").first()
    url = reverse("clusters:meeting_vote", args=[cluster["round"].pk])
    client.force_login(users["staff_b"])
    page = client.get(reverse("clusters:meeting", args=[cluster["round"].pk])).content.decode()
    assert 'data-testid="ballot-cast"' in page
    response = client.post(url, {"candidate": candidate.pk}, follow=True)
    assert "Đơn vị của bạn đã bỏ phiếu." in response.content.decode()
    response = client.post(url, {"candidate": candidate.pk}, follow=True)
    assert f"{members[1].name} đã bỏ phiếu. Mỗi đơn vị chỉ bỏ phiếu một lần." in (
        response.content.decode()
    )
    absent = cluster["staff"][members[5].code]
    client.force_login(absent)
    response = client.post(url, {"candidate": candidate.pk}, follow=True)
    assert (
        f"{members[5].name} không có tên trong danh sách có mặt tại cuộc họp nên không được "
        "bỏ phiếu." in response.content.decode()
    )
    client.force_login(cluster["outsider"])
    assert client.post(url, {"candidate": candidate.pk}).status_code == 404
    assert ballot.candidates.count() == 6
