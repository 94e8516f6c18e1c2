"""The eligibility engine: may this subject be proposed for award X for year Y, and why?

Pure standard-library Python, no database and no Django (ELIGIBILITY.md): the web form,
appraisal, batch checks and ``manage.py check_eligibility`` all call ``evaluate`` with a
JSON-shaped dict that a selector built from the records, and get the contract's output.

- ``parse``: strict validation of the input (``validate_input``, ``InputError``);
- ``rules``: one function per award, producing checks with their legal basis;
- ``records``: how those rules read ratings, merit history and initiatives;
- ``blocking``: the checks every award shares (investigation, complaint, discipline);
- ``rulesets``: the rule sets by effective date and which one applies;
- ``thresholds``: Council vote thresholds and quorum;
- ``wording``: the Vietnamese of the checks' details.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .parse import InputError, validate_input
from .rules import AWARD_RULES
from .rulesets import RULE_SETS, RuleSet, evaluate_input, select_rule_set
from .thresholds import quorum, vote_threshold
from .types import Check, EligibilityInput, Outcome, Verdict

AWARD_CODES: tuple[str, ...] = tuple(AWARD_RULES)


def evaluate(data: dict[str, Any], *, on: date | None = None) -> dict[str, Any]:
    """Validate one input object and return the contract's output object.

    ``on`` picks the rule set in force on that date instead of 31/12 of the award year;
    a ``rule_set`` date inside the input takes precedence. Raises ``InputError``.
    """
    return evaluate_input(validate_input(data), on=on).to_dict()


__all__ = [
    "AWARD_CODES",
    "RULE_SETS",
    "Check",
    "EligibilityInput",
    "InputError",
    "Outcome",
    "RuleSet",
    "Verdict",
    "evaluate",
    "evaluate_input",
    "quorum",
    "select_rule_set",
    "validate_input",
    "vote_threshold",
]
