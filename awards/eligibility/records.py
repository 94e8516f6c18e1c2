"""Reading the records the award rules rest on: ratings, merit history, initiatives.

These helpers answer the questions several awards ask in the same words ("rated HTTNV or
better in each of these years?", "held CSTĐCS as merit in each of them?", "how many usable
initiatives at this level in this period?") and phrase the answer for the clerk, so every
award words the same fact the same way.

- History conditions count only ``CONG_TRANG`` titles (Decree 152 Art 4(2)); a matching
  title of another kind is named in the detail as not counted, so the clerk sees why.
- An initiative is usable when ``used_by`` is null or equals the award being judged: a
  re-evaluation of the same proposal (say at appraisal, after the initiative was booked
  for it at submission) must not fail on its own booking. Any other code consumed it
  (Official Letter 5007/BNV-TĐKT: an initiative used by one form may not serve another).
"""

from __future__ import annotations

from collections.abc import Iterable

from . import wording as w
from .types import Check, EligibilityInput, Initiative, Title

MERIT = "CONG_TRANG"
RATING_RANK = {"KHTNV": 0, "HTNV": 1, "HTTNV": 2, "HTXSNV": 3}
LEVEL_RANK = {"unit": 1, "province": 2, "national": 3}


def rating_at_least(inp: EligibilityInput, year: int, minimum: str) -> bool:
    rating = inp.ratings.get(year)
    return rating is not None and RATING_RANK[rating] >= RATING_RANK[minimum]


def rating_check(inp: EligibilityInput, rule: str, minimum: str, basis: str) -> Check:
    """The rating of the award year against a minimum: ``Năm 2025: Hoàn thành tốt …``."""
    y = inp.year
    passed = rating_at_least(inp, y, minimum)
    return Check(rule, passed, w.rating_of_year(y, inp.ratings.get(y)), basis)


def ratings_all_at_least(inp: EligibilityInput, years: range, minimum: str) -> tuple[bool, str]:
    """Every year of ``years`` rated ``minimum`` or better; the detail names the short ones."""
    short = [y for y in years if not rating_at_least(inp, y, minimum)]
    if not short:
        label = w.RATING_LABELS[minimum]
        suffix = "" if minimum == "HTXSNV" else " trở lên"
        return True, f"{w.period(years[0], years[-1])}: {label}{suffix}"
    return False, "; ".join(w.rating_of_year(y, inp.ratings.get(y)) for y in short)


def merit_history(
    inp: EligibilityInput, code: str, years: Iterable[int]
) -> tuple[list[int], list[Title]]:
    """Years in which ``code`` was granted as merit, and other-kind grants left out."""
    wanted = set(years)
    held = sorted({t.year for t in inp.titles if t.code == code and t.kind == MERIT} & wanted)
    ignored = sorted(
        (t for t in inp.titles if t.code == code and t.kind != MERIT and t.year in wanted),
        key=lambda t: (t.year, t.kind),
    )
    # A year already held as merit needs no note about its other-kind grant.
    return held, [t for t in ignored if t.year not in held]


def not_counted(ignored: list[Title]) -> str:
    """``; không tính CSTĐCS 2024 (khen thưởng phong trào)``, or nothing."""
    if not ignored:
        return ""
    return "; không tính " + ", ".join(
        f"{w.award_label(t.code)} {t.year} ({w.KIND_LABELS[t.kind]})" for t in ignored
    )


def history_check(
    inp: EligibilityInput, rule: str, code: str, needed: list[int], basis: str
) -> Check:
    """Merit ``code`` in every year of ``needed``: ``CSTĐCS 2023, 2025; thiếu 2024``."""
    held, ignored = merit_history(inp, code, needed)
    missing = [y for y in needed if y not in held]
    label = w.award_label(code)
    if not held:
        detail = f"Thiếu {label} {w.years(missing)}"
    else:
        detail = f"{label} {w.years(held)}" + (f"; thiếu {w.years(missing)}" if missing else "")
    return Check(rule, not missing, detail + not_counted(ignored), basis)


def usable(item: Initiative, award: str) -> bool:
    """Not consumed by another form (Official Letter 5007/BNV-TĐKT); see module doc."""
    return item.used_by is None or item.used_by == award


def qualifying_initiatives(
    inp: EligibilityInput, years: range, minimum: str
) -> tuple[list[Initiative], list[str]]:
    """Initiatives that qualify, and a note on each one that does not and why."""
    good, notes = [], []
    for item in sorted(inp.initiatives, key=lambda i: (i.year, i.id)):
        reasons = []
        if item.year not in years:
            reasons.append(f"ngoài thời gian xét {w.period(years[0], years[-1])}")
        if LEVEL_RANK[item.level] < LEVEL_RANK[minimum]:
            reasons.append(f"chưa đạt {w.LEVEL_LABELS[minimum]}")
        if not usable(item, inp.award):
            reasons.append(f"đã dùng cho {w.award_label(item.used_by or '')}")
        if reasons:
            notes.append(f"{w.initiative(item)}: {', '.join(reasons)}")
        else:
            good.append(item)
    return good, notes


def initiative_summary(
    inp: EligibilityInput, years: range, minimum: str, count: int
) -> tuple[bool, str]:
    """``count`` usable initiatives at ``minimum`` level or higher within ``years``."""
    good, notes = qualifying_initiatives(inp, years, minimum)
    if len(good) >= count:
        return True, "; ".join(w.initiative(i) for i in good)
    level = w.LEVEL_LABELS[minimum] + ("" if minimum == "national" else " trở lên")
    head = f"Có {len(good)}/{count} sáng kiến" if good else "Không có sáng kiến"
    detail = (
        f"{head} được công nhận {level} trong {w.period(years[0], years[-1])}"
        " chưa dùng cho hình thức khác" + (f" (cần {count})" if count > 1 and not good else "")
    )
    listed = [w.initiative(i) for i in good] + notes
    return False, detail + "".join(f"; {n}" for n in listed)


def initiative_check(
    inp: EligibilityInput, rule: str, years: range, minimum: str, basis: str
) -> Check:
    return Check(rule, *initiative_summary(inp, years, minimum, 1), basis)
