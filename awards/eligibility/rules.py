"""The award rules of Law 06/2022/QH15 as the contract states them (ELIGIBILITY.md).

One function per award turns the records into checks. Each check has a stable ``rule``
id, a Vietnamese ``detail`` naming the records it read, and the article of the Law it
rests on (DOMAIN.md §1–2). The functions never decide the verdict: ``Verdict.from_checks``
derives it from the checks' severities, so "never eligible otherwise" for Bằng khen is a
property of the checks it emits, not of a flag someone could forget to set.

How the records are read (merit titles only, which initiatives are usable) is in
``records``. Choices the contract leaves open, decided here:

- ``BK_TTG`` for a collective or household, ``BK_TINH`` for a household, ``GDVH`` and
  ``GK`` have criteria the records cannot show (DOMAIN §1.3, §2.2: set locally or
  unconfirmed), so they answer ``needs_review`` unless a hard check (blocking) fails.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from . import wording as w
from .records import (
    history_check,
    initiative_check,
    initiative_summary,
    merit_history,
    not_counted,
    qualifying_initiatives,
    rating_check,
    ratings_all_at_least,
)
from .types import Check, EligibilityInput, Severity
from .wording import law

ALL_SUBJECTS = frozenset({"individual", "collective", "household"})


def manual_review(reason: str, basis: str) -> Check:
    """The engine cannot judge this from records: a person must (``needs_review``)."""
    return Check("manual_review", False, reason, basis, Severity.REVIEW)


def _routes(checks: list[Check], review_detail: str, basis: str) -> list[Check]:
    """Alternative routes: one passing is enough; none passing leaves the Council's
    discretionary routes (``needs_review``), never ``ineligible`` and never ``eligible``."""
    info = [Check(c.rule, c.passed, c.detail, c.basis, Severity.INFO) for c in checks]
    if any(c.passed for c in checks):
        return info
    return [*info, Check("discretionary_route", False, review_detail, basis, Severity.REVIEW)]


# --- individuals -----------------------------------------------------------------------


def _ldtt(inp: EligibilityInput) -> list[Check]:
    return [rating_check(inp, "rating_httnv_or_better", "HTTNV", law(24))]


def _cstdcs(inp: EligibilityInput) -> list[Check]:
    y, basis = inp.year, law(23)
    checks = [rating_check(inp, "rating_httnv_or_better", "HTTNV", basis)]
    if inp.ratings.get(y) == "HTXSNV":
        # Prefer the rating: it leaves the initiative free for another form.
        checks.append(Check("htxsnv_or_initiative", True, w.rating_of_year(y, "HTXSNV"), basis))
        return checks
    good, notes = qualifying_initiatives(inp, range(y, y + 1), "unit")
    if good:
        detail = "; ".join(w.initiative(i) for i in good)
    else:
        detail = (
            f"{w.rating_of_year(y, inp.ratings.get(y))}; không có sáng kiến được công nhận"
            f" năm {y} chưa dùng cho hình thức khác" + "".join(f"; {n}" for n in notes)
        )
    checks.append(Check("htxsnv_or_initiative", bool(good), detail, basis))
    return checks


def _cstd_tinh(inp: EligibilityInput) -> list[Check]:
    years, basis = range(inp.year - 2, inp.year + 1), law(22)
    return [
        history_check(inp, "cstdcs_3_consecutive", "CSTDCS", list(years), basis),
        initiative_check(inp, "initiative_province", years, "province", basis),
    ]


def _cstd_tq(inp: EligibilityInput) -> list[Check]:
    y, basis = inp.year, law(21)
    return [
        history_check(inp, "cstd_tinh_2_consecutive", "CSTD_TINH", [y - 3, y], basis),
        initiative_check(inp, "initiative_national", range(y - 5, y + 1), "national", basis),
    ]


def _bk_tinh(inp: EligibilityInput) -> list[Check]:
    y, basis = inp.year, law(74)
    two_years = range(y - 1, y + 1)
    if inp.subject.kind == "household":
        return [
            manual_review(
                "Bằng khen cho hộ gia đình xét theo đóng góp công sức, đất đai, tài sản;"
                " hồ sơ không thể hiện được — cần xem xét thủ công",
                basis,
            )
        ]
    ok, text = ratings_all_at_least(inp, two_years, "HTXSNV")
    if inp.subject.kind == "collective":
        routes = [
            Check("htxsnv_2_years", ok, text, basis),
            history_check(inp, "ttldxs_2_years", "TTLDXS", list(two_years), basis),
        ]
    else:
        enough, initiatives = initiative_summary(inp, two_years, "unit", 2)
        routes = [
            history_check(inp, "cstdcs_2_consecutive", "CSTDCS", list(two_years), basis),
            Check("htxsnv_2_years_2_initiatives", ok and enough, f"{text}; {initiatives}", basis),
        ]
    review = (
        "Không đạt các điều kiện xét được từ hồ sơ; có thể đề nghị theo thành tích xuất sắc"
        " trong phong trào thi đua, thành tích đột xuất hoặc đóng góp — cần Hội đồng xem xét"
    )
    return _routes(routes, review, basis)


def _bk_ttg(inp: EligibilityInput) -> list[Check]:
    y, basis = inp.year, law(73)
    if inp.subject.kind != "individual":
        return [
            manual_review(
                "Tiêu chuẩn Bằng khen của Thủ tướng cho tập thể, hộ gia đình chưa được xác"
                " định trong bộ quy tắc — cần xem xét thủ công",
                basis,
            )
        ]
    five = range(y - 4, y + 1)
    held, ignored = merit_history(inp, "BK_TINH", range(1945, y))
    label = w.award_label("BK_TINH")
    bk = (f"{label} {w.years(held)}" if held else f"Chưa có {label} trước năm {y}") + (
        not_counted(ignored)
    )
    ok, rating_text = ratings_all_at_least(inp, five, "HTTNV")
    cstdcs, cstdcs_ignored = merit_history(inp, "CSTDCS", five)
    span = w.period(five[0], five[-1])
    if cstdcs:
        cs_text = f"CSTĐCS {w.years(cstdcs)} ({len(cstdcs)}/5 năm"
        cs_text += ")" if len(cstdcs) >= 3 else ", cần ít nhất 3)"
    else:
        cs_text = f"Không có CSTĐCS trong {span} (cần ít nhất 3)"
    return [
        Check("holds_bk_tinh_earlier", bool(held), bk, basis),
        Check("rating_5_years_httnv", ok, rating_text, basis),
        Check(
            "cstdcs_3_of_5_years", len(cstdcs) >= 3, cs_text + not_counted(cstdcs_ignored), basis
        ),
    ]


# --- collectives -----------------------------------------------------------------------

NO_MEMBERS = "Chưa có số liệu thành viên của tập thể năm {year}"


def _members_checks(inp: EligibilityInput, basis: str, *, excellent: bool) -> list[Check]:
    """Member figures: 100% complete tasks (TTLĐXS only), ≥ 70% LĐTT, ≥ 1 CSTĐCS
    (TTLĐXS only), nobody disciplined at warning or above."""
    m = inp.members
    rules = ["members_completed_all", "members_ldtt_70", "members_cstdcs_1"]
    rules = (rules if excellent else rules[1:2]) + ["no_member_disciplined"]
    if m is None:
        return [Check(r, False, NO_MEMBERS.format(year=inp.year), basis) for r in rules]
    ldtt_ok = m.ldtt * 100 >= 70 * m.total  # exact: no floating point near 70%
    by_rule = {
        "members_completed_all": Check(
            "members_completed_all",
            m.completed_tasks == m.total,
            f"{m.completed_tasks}/{m.total} thành viên hoàn thành nhiệm vụ"
            + ("" if m.completed_tasks == m.total else " (cần 100%)"),
            basis,
        ),
        "members_ldtt_70": Check(
            "members_ldtt_70", ldtt_ok, w.percent(m.ldtt, m.total, 70, ldtt_ok), basis
        ),
        "members_cstdcs_1": Check(
            "members_cstdcs_1",
            m.cstdcs >= 1,
            f"{m.cstdcs} thành viên đạt CSTĐCS" if m.cstdcs else "Không có thành viên đạt CSTĐCS",
            basis,
        ),
        "no_member_disciplined": Check(
            "no_member_disciplined",
            m.disciplined_warning_or_above == 0,
            "Không có thành viên bị kỷ luật từ cảnh cáo trở lên"
            if m.disciplined_warning_or_above == 0
            else f"{m.disciplined_warning_or_above} thành viên bị kỷ luật từ cảnh cáo trở lên",
            basis,
        ),
    }
    return [by_rule[r] for r in rules]


def _ttldtt(inp: EligibilityInput) -> list[Check]:
    basis = law(28)
    return [
        rating_check(inp, "rating_httnv_or_better", "HTTNV", basis),
        *_members_checks(inp, basis, excellent=False),
    ]


def _ttldxs(inp: EligibilityInput) -> list[Check]:
    basis = law(27)
    return [
        rating_check(inp, "rating_htxsnv", "HTXSNV", basis),
        *_members_checks(inp, basis, excellent=True),
    ]


def _co_tinh(inp: EligibilityInput) -> list[Check]:
    y, basis = inp.year, law(26)
    rank = inp.bloc_rank
    if rank is None:
        rank_text = f"Chưa có xếp hạng trong khối, cụm thi đua năm {y}"
    elif rank == 1:
        rank_text = f"Dẫn đầu khối, cụm thi đua năm {y}"
    else:
        rank_text = f"Xếp thứ {rank} trong khối, cụm thi đua năm {y}"
    checks = [
        Check("bloc_rank_1", rank == 1, rank_text, basis),
        rating_check(inp, "rating_htxsnv", "HTXSNV", basis),
    ]
    if all(c.passed for c in checks) or inp.movement is None:
        return checks
    movement = inp.movement
    if movement.years < 3:
        text = f"Phong trào thi đua chuyên đề “{movement.name}” {movement.years} năm (cần ≥ 3 năm)"
        return [*checks, Check("thematic_movement", False, text, basis, Severity.INFO)]
    text = (
        f"Phong trào thi đua chuyên đề “{movement.name}” {movement.years} năm (≥ 3 năm);"
        " việc dẫn đầu phong trào do Hội đồng xem xét"
    )
    # Route (b) replaces route (a): its unmet conditions no longer bar the flag.
    info = [Check(c.rule, c.passed, c.detail, c.basis, Severity.INFO) for c in checks]
    return [*info, Check("thematic_movement", True, text, basis, Severity.REVIEW)]


def _co_cp(inp: EligibilityInput) -> list[Check]:
    return [history_check(inp, "holds_co_tinh", "CO_TINH", [inp.year], law(25))]


def _gdvh(inp: EligibilityInput) -> list[Check]:
    return [
        manual_review(
            "Tiêu chuẩn Gia đình văn hóa do địa phương quy định; hồ sơ không thể hiện được"
            " — cần xem xét thủ công",
            law(20),
        )
    ]


def _gk(inp: EligibilityInput) -> list[Check]:
    return [
        manual_review(
            "Tiêu chuẩn Giấy khen do cơ quan, đơn vị khen thưởng quy định — cần xem xét thủ công",
            law(75),
        )
    ]


@dataclass(frozen=True)
class AwardRule:
    """What the engine knows of one award: who may receive it, its article, its checks,
    and how many years before the award year its achievements (so its discipline window)
    reach, per subject kind."""

    code: str
    subjects: frozenset[str]
    article: int
    evaluate: Callable[[EligibilityInput], list[Check]]
    lookback: Mapping[str, int] = field(default_factory=dict)

    def window(self, year: int, kind: str) -> tuple[int, int]:
        return year - self.lookback.get(kind, 0), year


def _one(kind: str) -> frozenset[str]:
    return frozenset({kind})


AWARD_RULES: dict[str, AwardRule] = {
    r.code: r
    for r in (
        AwardRule("LDTT", _one("individual"), 24, _ldtt),
        AwardRule("CSTDCS", _one("individual"), 23, _cstdcs),
        AwardRule("CSTD_TINH", _one("individual"), 22, _cstd_tinh, {"individual": 2}),
        AwardRule("CSTD_TQ", _one("individual"), 21, _cstd_tq, {"individual": 5}),
        AwardRule("TTLDTT", _one("collective"), 28, _ttldtt),
        AwardRule("TTLDXS", _one("collective"), 27, _ttldxs),
        AwardRule("CO_TINH", _one("collective"), 26, _co_tinh),
        AwardRule("CO_CP", _one("collective"), 25, _co_cp),
        AwardRule("GDVH", _one("household"), 20, _gdvh),
        AwardRule("GK", ALL_SUBJECTS, 75, _gk),
        AwardRule("BK_TINH", ALL_SUBJECTS, 74, _bk_tinh, {"individual": 1, "collective": 1}),
        AwardRule("BK_TTG", ALL_SUBJECTS, 73, _bk_ttg, {"individual": 4}),
    )
}
