"""Template filters of the clusters pages."""

from django import template

from clusters.selectors import fmt

register = template.Library()


@register.filter
def points(value) -> str:
    """A number of points as Vietnamese readers write it: 75,5; 100; 92,33."""
    return fmt(value)
