"""Value types of the eligibility engine: the parsed input and the verdict.

Everything is a frozen dataclass so that a parsed input can be shared between checks
without any rule mutating what another rule reads, and so that a verdict can be compared
whole in tests. Only ``Check.to_dict`` and ``Verdict.to_dict`` shape the JSON of the
contract (ELIGIBILITY.md, "Output"); nothing else in the package knows that shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class Outcome(StrEnum):
    """The three verdicts of the contract."""

    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    NEEDS_REVIEW = "needs_review"


class Severity(StrEnum):
    """How a check weighs on the verdict; internal, never printed.

    The contract's check has no "hard" flag, yet the verdict depends on it: a failed
    alternative route of Bằng khen must not make a subject ineligible when the other
    route passed. So each check carries its weight here:

    - ``HARD``: failing it makes the verdict ``ineligible``;
    - ``REVIEW``: its presence makes the verdict at best ``needs_review`` (a route only a
      human can decide, such as leading a thematic movement);
    - ``INFO``: shown to the clerk, never changes the verdict (a route not taken).
    """

    HARD = "hard"
    REVIEW = "review"
    INFO = "info"


@dataclass(frozen=True)
class Subject:
    kind: str
    gender: str | None = None


@dataclass(frozen=True)
class Title:
    code: str
    year: int
    kind: str


@dataclass(frozen=True)
class Initiative:
    id: str
    year: int
    level: str
    used_by: str | None = None


@dataclass(frozen=True)
class Discipline:
    """A disciplinary measure; ``end`` None means it is still running."""

    level: str
    start: date
    end: date | None


@dataclass(frozen=True)
class Pending:
    investigation: bool = False
    complaint: bool = False


@dataclass(frozen=True)
class Members:
    total: int
    ldtt: int
    completed_tasks: int
    cstdcs: int
    disciplined_warning_or_above: int


@dataclass(frozen=True)
class Movement:
    """A named thematic movement the collective led (extension key ``movement``)."""

    name: str
    years: int


@dataclass(frozen=True)
class EligibilityInput:
    """One validated input object; ``ratings`` is keyed by the year as an int."""

    award: str
    year: int
    subject: Subject
    ratings: Mapping[int, str] = field(default_factory=lambda: MappingProxyType({}))
    titles: tuple[Title, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    discipline: tuple[Discipline, ...] = ()
    pending: Pending = Pending()
    members: Members | None = None
    bloc_rank: int | None = None
    movement: Movement | None = None
    rule_set: date | None = None


@dataclass(frozen=True)
class Check:
    """One condition as the clerk reads it: a stable id, the outcome, why, and the law."""

    rule: str
    passed: bool
    detail: str
    basis: str
    severity: Severity = Severity.HARD

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "passed": self.passed,
            "detail": self.detail,
            "basis": self.basis,
        }


@dataclass(frozen=True)
class Verdict:
    award: str
    year: int
    verdict: Outcome
    checks: tuple[Check, ...]

    @classmethod
    def from_checks(cls, award: str, year: int, checks: tuple[Check, ...]) -> Verdict:
        """Derive the verdict from the checks, so no rule can set it inconsistently."""
        if any(c.severity is Severity.HARD and not c.passed for c in checks):
            outcome = Outcome.INELIGIBLE
        elif any(c.severity is Severity.REVIEW for c in checks):
            outcome = Outcome.NEEDS_REVIEW
        else:
            outcome = Outcome.ELIGIBLE
        return cls(award=award, year=year, verdict=outcome, checks=checks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "award": self.award,
            "year": self.year,
            "verdict": str(self.verdict),
            "checks": [c.to_dict() for c in self.checks],
        }
