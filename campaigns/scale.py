"""Province-scale data for benchmarks and drills (``manage.py seed_province``): every
proposing unit registers for the year's open movements through the services, with plan
values around the movement's own; three in four submit, most are accepted and report an
actual against each target. One ``random.Random`` drives every choice."""

from __future__ import annotations

import random
from decimal import Decimal

from django.test import override_settings

from units.models import User
from units.scale import ensure_staff, proposing_units

from . import services
from .models import Registration
from .selectors import movements_open_for


@override_settings(
    TDKT_REGISTRATION_DEADLINE="31/12",
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
)
def add_registrations(rng: random.Random, *, year: int, secretariat: User) -> dict[str, int]:
    """Register every proposing unit that has not registered for ``year``."""
    units = proposing_units()
    staff = ensure_staff(units)
    have = set(Registration.objects.filter(year=year).values_list("unit_id", flat=True))
    made = accepted = 0
    for unit in units:
        if unit.pk in have:
            continue
        movements = movements_open_for(unit=unit, year=year)
        if not movements:
            continue
        user = staff[unit.pk]
        registration = services.registration_create(
            actor=user, unit=unit, year=year, movements=movements
        )
        for movement in registration.movements.all():
            for target in movement.targets.all():
                factor = Decimal(str(round(rng.uniform(0.9, 1.3), 2)))
                services.registered_target_add(
                    registration=registration,
                    actor=user,
                    movement=movement,
                    target=target,
                    plan_value=(target.plan_value * factor).quantize(Decimal("0.01")),
                )
        made += 1
        draw = rng.random()
        if draw >= 0.75:
            continue  # still a draft
        services.registration_submit(registration=registration, actor=user)
        if draw >= 0.6:
            continue  # waiting for the secretariat
        services.registration_accept(registration=registration, actor=secretariat)
        accepted += 1
        for target in registration.targets.all():
            share = Decimal(str(round(rng.uniform(0.4, 1.1), 2)))
            services.progress_report(
                target=target,
                actor=user,
                actual_value=(target.plan_value * share).quantize(Decimal("0.01")),
            )
    return {"registrations": made, "accepted": accepted}
