"""Who may do what at a bloc's year-end meeting (django-rules; the pages answer 404).

- The secretariat and the bloc's head of the round's year record the meeting: attendance,
  adoption of the ranking, the ballot, the election and the proposals.
- The Council, the chairman and the bloc's members see the meeting; a member unit present
  at the meeting casts its secret ballot.
"""

import rules

from units.rules import is_chairman, is_council_member, is_secretariat

from .rules import is_bloc_head, is_bloc_member


def _round(obj):
    """The round of a meeting (or the round itself)."""
    return getattr(obj, "round", obj)


@rules.predicate
def heads_the_bloc(user, obj) -> bool:
    return obj is not None and is_bloc_head(user, _round(obj))


@rules.predicate
def member_of_the_bloc(user, obj) -> bool:
    return obj is not None and is_bloc_member(user, _round(obj))


rules.add_perm("clusters.manage_meeting", is_secretariat | heads_the_bloc)
rules.add_perm(
    "clusters.view_meeting",
    is_secretariat | is_chairman | is_council_member | heads_the_bloc | member_of_the_bloc,
)
rules.add_perm("clusters.vote_meeting", member_of_the_bloc)
# The documents of the report pipeline: asked without an object, then ``object_check``.
rules.add_perm("clusters.request_meeting_document", rules.is_authenticated)
