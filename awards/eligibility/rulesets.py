"""Rule sets versioned by the date they take effect.

The law changes (DOMAIN §0: an amending law may tighten CSTĐCS from 1/10/2026, not yet
confirmed), so a verdict must say which rules produced it and an old case must be
re-judged under the rules of its own year. A rule set is the award rules plus the decree
that details them. The set in force on 31/12 of the award year applies, unless the input
names a date (``rule_set``) or the caller passes ``on=``; the input wins over the caller,
being the more specific of the two.

The two sets so far hold identical rules: Decree 152/2025 (in force 1/7/2025, its Art 59)
restated the conditions of Decree 98/2023 for these awards (DOMAIN §1.4 "same as D98
Art 4"). Only the decree cited by the cross-cutting checks differs.

No rule set exists before Law 06/2022 took effect (1/1/2024). For an earlier date the
earliest set is applied and a ``rule_set_in_force`` review check is added, so the verdict
is at best ``needs_review``: the old law is not modelled, and saying so beats refusing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from . import wording as w
from .blocking import blocking_checks
from .rules import AWARD_RULES, AwardRule, manual_review
from .types import Check, EligibilityInput, Severity, Verdict
from .wording import law


@dataclass(frozen=True)
class RuleSet:
    id: str
    effective: date
    title: str
    decree: str
    awards: Mapping[str, AwardRule]

    def evaluate(self, inp: EligibilityInput, *, extra: tuple[Check, ...] = ()) -> Verdict:
        """Award checks (or the subject-kind mismatch), then the blocking checks."""
        rule = self.awards.get(inp.award)
        kind = inp.subject.kind
        if rule is None:
            checks = [
                manual_review(
                    f"Chưa có quy tắc xét “{inp.award}” từ hồ sơ — cần xem xét thủ công",
                    "Luật TĐKT 2022",
                )
            ]
            first, last = inp.year, inp.year
        else:
            first, last = rule.window(inp.year, kind)
            if kind in rule.subjects:
                checks = rule.evaluate(inp)
            else:
                allowed = ", ".join(w.SUBJECT_LABELS[k] for k in sorted(rule.subjects))
                detail = (
                    f"{w.award_label(rule.code)} chỉ xét cho {allowed};"
                    f" đối tượng là {w.SUBJECT_LABELS[kind]}"
                )
                checks = [Check("subject_kind", False, detail, law(rule.article))]
        checks += blocking_checks(inp, first=first, last=last, decree=self.decree)
        return Verdict.from_checks(inp.award, inp.year, (*checks, *extra))


RULE_SETS: tuple[RuleSet, ...] = (
    RuleSet(
        id="2024-01-01",
        effective=date(2024, 1, 1),
        title="Luật 06/2022/QH15 + Nghị định 98/2023/NĐ-CP",
        decree="Nghị định 98/2023/NĐ-CP",
        awards=AWARD_RULES,
    ),
    RuleSet(
        id="2025-07-01",
        effective=date(2025, 7, 1),
        title="Luật 06/2022/QH15 + Nghị định 152/2025/NĐ-CP",
        decree="Nghị định 152/2025/NĐ-CP",
        awards=AWARD_RULES,
    ),
)


def rule_set_on(day: date) -> RuleSet | None:
    """The set in force on ``day``, or None before the earliest one."""
    in_force = [rs for rs in RULE_SETS if rs.effective <= day]
    return max(in_force, key=lambda rs: rs.effective) if in_force else None


def select_rule_set(year: int, override: date | None = None) -> RuleSet:
    """The set in force on ``override``, else on 31/12 of ``year``; the earliest set
    for a date before every set."""
    return rule_set_on(override or date(year, 12, 31)) or RULE_SETS[0]


def evaluate_input(inp: EligibilityInput, *, on: date | None = None) -> Verdict:
    """Judge a validated input under the rule set that applies to it."""
    day = inp.rule_set or on or date(inp.year, 12, 31)
    rule_set = rule_set_on(day)
    if rule_set is not None:
        return rule_set.evaluate(inp)
    earliest = RULE_SETS[0]
    warning = Check(
        "rule_set_in_force",
        False,
        f"Chưa có bộ quy tắc cho ngày {w.vn_date(day)} (sớm nhất: {earliest.title},"
        f" từ {w.vn_date(earliest.effective)}); đã áp dụng tạm bộ quy tắc này"
        " — cần xem xét thủ công",
        "Luật TĐKT 2022",
        Severity.REVIEW,
    )
    return earliest.evaluate(inp, extra=(warning,))
