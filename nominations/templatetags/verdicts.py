"""Template filters for the engine's stored verdicts."""

from django import template

register = template.Library()


@register.filter
def failed_checks(result) -> list[dict]:
    """The checks of a stored verdict that did not pass, each fact said once: two routes
    (or a rule and a blocking check) may miss on the same detail."""
    seen: set[str] = set()
    checks = []
    for check in (result or {}).get("checks", []) if isinstance(result, dict) else []:
        detail = str(check.get("detail", ""))
        if check.get("passed") or detail in seen:
            continue
        seen.add(detail)
        checks.append(check)
    return checks
