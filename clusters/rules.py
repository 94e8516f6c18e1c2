"""Who may do what with blocs, covenants, scoring tables and the Council's review
(django-rules). The pages answer 404 when a permission is missing (``require_perm``).

- The secretariat keeps the blocs: creates them, sets their members, heads and deputies,
  assigns the Council members, edits and versions the scoring tables, answers re-check
  requests.
- The bloc's head of the year drafts its covenant and opens it for signature; each
  member's head signs it; the head may propose a change of the scoring table.
- A Council member assigned to the bloc comments and asks for re-checks.
- The bloc's members, the Council, the chairman and the secretariat see the bloc.
"""

import rules
from django.utils import timezone

from units.models import Role
from units.rules import is_chairman, is_council_member, is_secretariat
from units.selectors import roles_of

from .models import BlocCouncilMember, BlocLeadership, BlocMembership


def head_unit_ids(user) -> set[int]:
    """The units whose head the user is (role "unit head")."""
    return {a.unit_id for a in roles_of(user).assignments if a.role == Role.UNIT_HEAD}


def _bloc_and_year(obj):
    """(bloc, year) of a bloc (this year), a covenant or a round."""
    if obj is None:
        return None, None
    bloc = getattr(obj, "bloc", obj)
    year = getattr(obj, "year", None) or timezone.localdate().year
    return bloc, year


@rules.predicate
def is_bloc_member(user, obj) -> bool:
    bloc, year = _bloc_and_year(obj)
    ids = roles_of(user).unit_ids
    if bloc is None or not ids:
        return False
    return BlocMembership.objects.filter(bloc=bloc, year=year, unit_id__in=ids).exists()


@rules.predicate
def is_bloc_head(user, obj) -> bool:
    """The user is of the bloc's head unit of the year (its staff or head)."""
    bloc, year = _bloc_and_year(obj)
    ids = roles_of(user).unit_ids
    if bloc is None or not ids:
        return False
    return BlocLeadership.objects.filter(bloc=bloc, year=year, head_id__in=ids).exists()


@rules.predicate
def heads_a_member(user, obj) -> bool:
    """The user is the head of one of the bloc's member units of the year (signs)."""
    bloc, year = _bloc_and_year(obj)
    heads = head_unit_ids(user)
    if bloc is None or not heads:
        return False
    return BlocMembership.objects.filter(bloc=bloc, year=year, unit_id__in=heads).exists()


@rules.predicate
def is_assigned_council(user, obj) -> bool:
    bloc, year = _bloc_and_year(obj)
    if bloc is None:
        return False
    return BlocCouncilMember.objects.filter(bloc=bloc, year=year, user=user).exists()


@rules.predicate
def heads_any_bloc(user) -> bool:
    """The user is of a unit heading a bloc this year (may propose a table change)."""
    ids = roles_of(user).unit_ids
    if not ids:
        return False
    return BlocLeadership.objects.filter(year=timezone.localdate().year, head_id__in=ids).exists()


sees_every_bloc = is_secretariat | is_chairman | is_council_member

rules.add_perm("clusters.view_bloc", sees_every_bloc | is_bloc_member)
rules.add_perm("clusters.manage_blocs", is_secretariat)
rules.add_perm("clusters.add_rules_document", is_secretariat | is_bloc_head)
rules.add_perm("clusters.view_covenant", sees_every_bloc | is_bloc_member)
rules.add_perm("clusters.draft_covenant", is_secretariat | is_bloc_head)
rules.add_perm("clusters.sign_covenant", heads_a_member)
rules.add_perm("clusters.view_table", sees_every_bloc | heads_any_bloc)
rules.add_perm("clusters.change_table", is_secretariat)
rules.add_perm("clusters.propose_table", heads_any_bloc)
rules.add_perm("clusters.view_review", is_secretariat | is_chairman | is_council_member)
rules.add_perm("clusters.comment_round", is_council_member)
rules.add_perm("clusters.answer_recheck", is_secretariat)
# The covenant document of the report pipeline: the kind's permission is asked without an
# object; its ``object_check`` then asks ``clusters.view_covenant`` of the covenant.
rules.add_perm("clusters.request_covenant_document", rules.is_authenticated)
