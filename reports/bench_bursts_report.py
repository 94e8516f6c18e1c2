"""The count after each burst of ``manage.py bench --bursts`` (``reports/bench_bursts.py``
prepares them): the answers Locust recorded (``bench/latencies.py``), the rows the database
holds, and the table of the run. True percentiles of every request's latency
(``units.benchmarking.percentile``)."""

from __future__ import annotations

import json
from collections import Counter

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Count

from nominations.models import (
    Attachment,
    Ballot,
    BallotReceipt,
    CouncilSession,
    Dossier,
    DossierEvent,
    DossierState,
    EventAction,
    Opinion,
)
from nominations.services import council
from units.benchmarking import percentile

from .bench_bursts import secretariat_user


def read_records(path) -> list[dict]:
    """The requests a Locust run recorded (``bench/latencies.py``), one dict each."""
    try:
        with open(path, encoding="utf-8") as handle:
            return [json.loads(line) for line in handle if line.strip()]
    except FileNotFoundError:
        return []


# --- Counting afterwards --------------------------------------------------------------------


def _row(records, burst, step, *, expected=None, found=None, note="", problems=()) -> dict:
    mine = [r for r in records if r["step"] == step]
    times = [r["ms"] for r in mine]
    outcomes = Counter(r["outcome"] for r in mine)
    return {
        "burst": burst,
        "step": step,
        "requests": len(mine),
        "accepted": outcomes["accepted"],
        "throttled": outcomes["throttled"],
        "5xx": outcomes["5xx"],
        "other": outcomes["other"],
        "p50": percentile(times, 0.5) if times else None,
        "p99": percentile(times, 0.99) if times else None,
        "expected": expected,
        "found": found,
        "note": "; ".join(problems) or note,
        "problems": list(problems),
    }


def check(name: str, plan: dict, records: list[dict]) -> list[dict]:
    """The table rows of one burst: its answers and what the database holds."""
    return {"deadline": _check_deadline, "vote": _check_vote, "consultation": _check_opinions}[
        name
    ](plan, records)


def _accepted(records, step) -> int:
    return sum(1 for r in records if r["step"] == step and r["outcome"] == "accepted")


def _check_deadline(plan: dict, records: list[dict]) -> list[dict]:
    ids = [slot["dossier"] for slot in plan["users"]]
    attachments = list(Attachment.objects.filter(dossier__in=ids, document_code="bien_ban"))
    with_file = sum(
        1
        for a in attachments
        if default_storage.exists(a.file.name) and default_storage.size(a.file.name) == a.size
    )
    events = dict(
        DossierEvent.objects.filter(dossier__in=ids, action=EventAction.SUBMITTED)
        .values("dossier")
        .annotate(n=Count("pk"))
        .values_list("dossier", "n")
    )
    submitted = Dossier.objects.filter(pk__in=ids, state=DossierState.SUBMITTED, round=1)
    once = submitted.filter(pk__in=[pk for pk, n in events.items() if n == 1]).count()
    missing_files = [f"{len(attachments) - with_file} tệp thiếu trên đĩa"]
    missing_files = missing_files if len(attachments) != with_file else []
    not_once = [f"{once}/{len(ids)} hồ sơ đã nộp đúng một lần"] if once != len(ids) else []
    return [
        _row(records, "deadline", "deadline: upload form"),
        _row(records, "deadline", "deadline: dossier page"),
        _row(
            records,
            "deadline",
            "deadline: upload",
            expected=_accepted(records, "deadline: upload"),
            found=with_file,
            note=f"{len(attachments)} dòng tệp đính kèm, {with_file} có tệp",
            problems=missing_files,
        ),
        _row(
            records,
            "deadline",
            "deadline: submit",
            expected=_accepted(records, "deadline: submit"),
            found=once,
            note=f"{len(ids)}/{len(ids)} hồ sơ đã nộp đúng một lần",
            problems=not_once,
        ),
    ]


def _check_vote(plan: dict, records: list[dict]) -> list[dict]:
    session = CouncilSession.objects.get(pk=plan["session"])
    items = plan["items"]
    receipts = BallotReceipt.objects.filter(item__session=session)
    per_voter = Counter(receipts.values_list("voter_id", flat=True))
    complete = [voter for voter, n in per_voter.items() if n == len(items)]
    ballots = Ballot.objects.filter(item__session=session).count()
    problems = []
    if ballots != receipts.count():
        problems.append(f"{ballots} phiếu ≠ {receipts.count()} biên nhận")
    if len(complete) != len(per_voter):
        problems.append("có thành viên thiếu biên nhận")
    # The close counts the box; it must equal what the members who voted chose.
    chosen = {slot["member"]: slot["choices"] for slot in plan["users"]}
    wanted = {pk: Counter() for pk in items}
    for voter in per_voter:
        for key, value in chosen[voter].items():
            wanted[int(key.removeprefix("item_"))][value] += 1
    council.voting_close(session=session, actor=secretariat_user())
    counted = {
        item.pk: Counter(agree=item.agree, disagree=item.disagree, abstain=item.abstain)
        for item in session.items.all()
    }
    tally = all(+counted[pk] == +wanted[pk] for pk in items)
    if not tally:
        problems.append("kết quả kiểm phiếu lệch với phiếu đã bỏ")
    note = (
        f"{len(complete)} thành viên × {len(items)} người: {ballots} phiếu = "
        f"{receipts.count()} biên nhận; kiểm phiếu khớp"
    )
    return [
        _row(records, "vote", "vote: ballot page"),
        _row(
            records,
            "vote",
            "vote: ballot",
            expected=_accepted(records, "vote: ballot"),
            found=len(complete),
            note=note,
            problems=problems,
        ),
    ]


def _check_opinions(plan: dict, records: list[dict]) -> list[dict]:
    stored = Opinion.objects.filter(consultation=plan["consultation"]).count()
    return [
        _row(records, "consultation", "consultation: page"),
        _row(
            records,
            "consultation",
            "consultation: opinion",
            expected=_accepted(records, "consultation: opinion"),
            found=stored,
            note=(
                f"{plan['addresses']} địa chỉ, tối đa "
                f"{settings.TDKT_OPINION_RATE_PER_HOUR} ý kiến/giờ mỗi địa chỉ"
            ),
        ),
    ]


# --- The table ------------------------------------------------------------------------------


def failures(rows: list[dict], slots: dict[str, int]) -> list[str]:
    """What makes the run fail: a lost or extra row, a 5xx, an answer that is neither
    yes nor throttled, or fewer answers than the burst's people."""
    problems = []
    for row in rows:
        problems.extend(f"{row['step']}: {p}" for p in row["problems"])
        if row["5xx"]:
            problems.append(f"{row['step']}: {row['5xx']} lỗi 5xx")
        if row["other"]:
            problems.append(f"{row['step']}: {row['other']} câu trả lời không mong đợi")
        if row["expected"] is not None and row["found"] != row["expected"]:
            problems.append(
                f"{row['step']}: {row['expected']} được nhận, {row['found']} dòng trong CSDL"
            )
    for burst, count in slots.items():
        sent = {
            "deadline": "deadline: submit",
            "vote": "vote: ballot",
            "consultation": "consultation: opinion",
        }[burst]
        row = next((r for r in rows if r["step"] == sent), None)
        if burst != "consultation" and (row is None or row["accepted"] != count):
            problems.append(f"{sent}: {row['accepted'] if row else 0}/{count} được nhận")
    return problems


def table(rows: list[dict]) -> list[str]:
    def ms(value) -> str:
        return "—" if value is None else f"{value:.0f}"

    lines = [
        "| Burst step | requests | accepted | throttled 429 | 5xx | other | p50 ms | p99 ms "
        "| rows expected | rows found | lost | note |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        written = r["expected"] is not None
        lost = max((r["expected"] or 0) - (r["found"] or 0), 0) if written else None
        lines.append(
            f"| {r['step']} | {r['requests']:,} | {r['accepted']:,} | {r['throttled']:,} "
            f"| {r['5xx']} | {r['other']} | {ms(r['p50'])} | {ms(r['p99'])} "
            f"| {r['expected'] if written else '—'} | {r['found'] if written else '—'} "
            f"| {f'mất {lost} dòng' if written else '—'} | {r['note']} |"
        )
    return lines
