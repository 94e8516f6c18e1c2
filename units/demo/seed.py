"""The entry point: :func:`seed_demo` builds the whole demo province in one transaction."""

import random

from django.db import transaction
from simple_history.utils import bulk_create_with_history

from ..models import Person, Unit
from ._common import ROOT_CODE
from .builder import _Builder
from .logins import _create_logins
from .signers import _create_signers


def seed_demo(
    *, password: str, people_per_unit_range: tuple[int, int] = (1, 3), seed: int = 2026
) -> dict[str, int]:
    """Build the demo province, its registry and the demo logins; return the counts.

    Raises ``RuntimeError("already seeded")`` when the provincial PC already exists.
    """
    with transaction.atomic():
        if Unit.objects.filter(code=ROOT_CODE).exists():
            raise RuntimeError("already seeded")
        builder = _Builder(random.Random(seed), people_per_unit_range)
        builder.tree()
        people, fixed_index = builder.people()
        created = bulk_create_with_history(people, Person, batch_size=500)
        fixed = {key: created[index] for key, index in fixed_index.items()}
        users = _create_logins(password, fixed, builder.units)
        _create_signers(fixed, builder.units)
    return {"units": len(builder.units), "people": len(created), "users": users}
