"""Builders for the eligibility engine's test cases, shared by the test_eligibility files."""

Y = 2025
NOT_BLOCKED = [
    ("no_open_investigation", True),
    ("no_open_complaint", True),
    ("no_discipline_in_period", True),
]


def case(award, year=Y, kind="individual", **records):
    return {"award": award, "year": year, "subject": {"kind": kind}, **records}


def merit(code, *years, kind="CONG_TRANG"):
    return [{"code": code, "year": y, "kind": kind} for y in years]


def initiative(ident, year, level="unit", used_by=None):
    return {"id": ident, "year": year, "level": level, "used_by": used_by}


def pairs(result):
    """The (rule, passed) list of an output, in order."""
    return [(c["rule"], c["passed"]) for c in result["checks"]]


def check(result, rule):
    """The one check of ``rule`` in an output."""
    (found,) = [c for c in result["checks"] if c["rule"] == rule]
    return found
