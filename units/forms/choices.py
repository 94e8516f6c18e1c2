"""Unit dropdowns people can use with 300+ units: each option is the unit's full label
("Thôn 1, xã Bình Sơn"), grouped by the commune or department it belongs to (an
``<optgroup>`` per unit directly under the province), and marked ``data-searchable`` so
static/js/portal.js turns it into a search box (tom-select, from node_modules).

Two queries whatever the number of units: the units, and the names of the group heads
the queryset does not hold itself.
"""

from __future__ import annotations

from html import escape

from django import forms
from django.db.models import QuerySet
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ..models import Unit

# The columns an option reads: the label is stored (Unit.full_name), never built from the
# ancestors one query at a time.
CHOICE_FIELDS = ("id", "name", "full_name", "path", "depth", "kind", "parent_id")


def _head_id(path: str) -> int | None:
    """The unit directly under the root that the unit at ``path`` lies in (itself at depth
    1)."""
    parts = path.strip("/").split("/")
    return int(parts[1]) if len(parts) >= 2 and parts[1].isdigit() else None


def grouped_unit_choices(queryset: QuerySet[Unit]) -> list:
    """``[(pk, label), …, (group label, [(pk, label), …]), …]``: the root(s) first, then
    one group per unit under the root, in the tree's order. Rows, not model instances: a
    province's 1,500 units built as objects took 50 ms of every page with a unit filter."""
    rows = list(
        queryset.select_related(None)
        .order_by("path")
        .values_list("pk", "name", "full_name", "path", "depth")
    )
    names = {pk: name for pk, name, _full, _path, depth in rows if depth == 1}
    missing = {_head_id(path) for *_rest, path, _depth in rows} - names.keys() - {None}
    if missing:
        names.update(Unit.objects.filter(pk__in=missing).values_list("pk", "name"))
    top: list = []
    groups: dict[str, list] = {}
    for pk, name, full_name, path, _depth in rows:
        option = (pk, full_name or name)
        head = _head_id(path)
        if head is None:
            top.append(option)
        else:
            groups.setdefault(names.get(head, ""), []).append(option)
    return top + [(label, options) for label, options in groups.items()]


class GroupedSelect(forms.Select):
    """A ``<select>`` written straight into a string. Django's Select renders a template
    per option: on a province's 1,500 units that took most of the archive's and the person
    search's page time (issue 13's profile). Same markup, same attributes, same
    ``selected`` option; the field still validates against its queryset."""

    @property
    def choices(self):
        return self._choices

    @choices.setter
    def choices(self, value):
        # grouped_unit_choices already gives Django's normalized shape (pairs, and groups
        # of pairs); normalizing 1,500 of them again cost 15 ms a page.
        self._choices = list(value)

    def render(self, name, value, attrs=None, renderer=None):
        # The name first, then the attributes in their order, as Django's template does.
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        chosen = {str(v) for v in self.format_value(value)}
        written = "".join(
            f" {key}" if val is True else f' {key}="{escape(str(val))}"'
            for key, val in final.items()
            if val is not False and val is not None
        )
        parts = [f"<select{written}>"]
        for key, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(format_html('<optgroup label="{}">', key))
                parts.extend(self._option(k, text, chosen) for k, text in label)
                parts.append("</optgroup>")
            else:
                parts.append(self._option(key, label, chosen))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above

    @staticmethod
    def _option(key, label, chosen: set[str]) -> str:
        value = "" if key is None else str(key)
        selected = " selected" if value in chosen else ""
        # The standard library's escape on plain strings: Django's (lazy-aware) escape
        # through its wrappers cost 40 ms a page over 1,500 options.
        return f'<option value="{escape(value)}"{selected}>{escape(str(label))}</option>'


def use_unit_choices(
    field: forms.ModelChoiceField, queryset: QuerySet[Unit], *, searchable: bool = True
) -> None:
    """Give a unit field its queryset (validation) and its grouped options, searchable
    unless ``searchable`` is False. The search widget leaves htmx working: it keeps the
    ``<select>`` in the form (hidden) with its name and value and fires ``change`` on it,
    so ``hx-include`` and ``change from:`` triggers read it as before (the nominee page's
    collective and the quick person form use it; tests/e2e/test_unit_dropdown_search.py)."""
    field.queryset = queryset.select_related(None).only(*CHOICE_FIELDS)
    if type(field.widget) is forms.Select:
        fast = GroupedSelect(attrs=field.widget.attrs)
        fast.is_required = field.widget.is_required
        field.widget = fast
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    # The widget renders the groups; the field still validates against the queryset.
    field.widget.choices = empty + grouped_unit_choices(queryset)
    if searchable:
        field.widget.attrs["data-searchable"] = "1"
        field.widget.attrs["data-no-results"] = _("No unit matches.")
