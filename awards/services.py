"""Every write of the awards app, one transaction each, and the eligibility service."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from units.models import Person, Unit, User

from . import eligibility, selectors
from .models import (
    Award,
    AwardGrant,
    BaseSalary,
    CashCoefficient,
    Decision,
    Household,
    Quota,
    SubjectKind,
)

HOUSEHOLD_FACTOR = Decimal("1.5")  # households get 1.5× the individual amount (D152)


@dataclass(frozen=True)
class Recipient:
    """Exactly one of a person, a collective (unit) or a household."""

    person: Person | None = None
    unit: Unit | None = None
    household: Household | None = None

    def __post_init__(self):
        if sum(x is not None for x in (self.person, self.unit, self.household)) != 1:
            raise ValueError("A recipient is exactly one of person, unit, household.")

    @property
    def kind(self) -> str:
        if self.person:
            return SubjectKind.INDIVIDUAL
        if self.unit:
            return SubjectKind.COLLECTIVE
        return SubjectKind.HOUSEHOLD

    @property
    def name(self) -> str:
        if self.person:
            return self.person.full_name
        if self.unit:
            return self.unit.label
        return str(self.household)

    @property
    def scope_unit(self) -> Unit:
        """The unit whose staff keep the record: the person's unit, the collective itself,
        the household's village."""
        if self.person:
            return self.person.unit
        if self.unit:
            return self.unit
        return self.household.unit


def cash_amount(*, award: Award, subject_kind: str, on: date) -> int | None:
    """The cash reward in VND on a date: coefficient × base salary, both in force then.

    None when the catalogue holds no coefficient for that kind of subject.
    """
    salary = BaseSalary.objects.filter(valid_from__lte=on).order_by("-valid_from").first()
    lookup_kind = SubjectKind.INDIVIDUAL if subject_kind == SubjectKind.HOUSEHOLD else subject_kind
    coefficient = (
        CashCoefficient.objects.filter(award=award, subject_kind=lookup_kind, valid_from__lte=on)
        .order_by("-valid_from")
        .first()
    )
    if salary is None or coefficient is None:
        return None
    factor = coefficient.coefficient
    if subject_kind == SubjectKind.HOUSEHOLD:
        factor *= HOUSEHOLD_FACTOR
    amount = (factor * salary.amount).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return round_cash(int(amount))


def round_cash(amount: int) -> int:
    """Round a cash reward up to the next multiple of ``TDKT_CASH_ROUND_UP_TO`` đồng.

    Decree 91/2017 Art 70(3), kept by Decree 98/2023, rounds up to the next ten thousand
    đồng; whether Decree 152/2025 keeps the rule is UNCONFIRMED, so it is a setting
    (1 = no rounding).
    """
    step = max(int(settings.TDKT_CASH_ROUND_UP_TO), 1)
    return -(-amount // step) * step


def _check_subject_kind(award: Award, recipient: Recipient) -> None:
    if award.subject_kind not in (SubjectKind.ANY, recipient.kind):
        raise ValidationError(
            {
                "award": _("“%(award)s” is not awarded to a %(kind)s.")
                % {"award": award.name, "kind": SubjectKind(recipient.kind).label.lower()}
            }
        )


def _check_quota(award: Award, year: int, unit: Unit) -> None:
    """Refuse a grant over a local cap. The quota rows are locked, so two grants at
    once cannot both take the last place."""
    ancestors = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    quotas = Quota.objects.select_for_update().filter(award=award, year=year, unit__in=ancestors)
    for quota in quotas.select_related("unit"):
        used = AwardGrant.objects.filter(
            award=award,
            year=year,
            unit_scope__path__startswith=quota.unit.path,
            revoked_on__isnull=True,  # a revoked award frees its place
        ).count()
        if used >= quota.limit:
            raise ValidationError(
                _("The quota of %(limit)s “%(award)s” for %(unit)s in %(year)s is used up.")
                % {"limit": quota.limit, "award": award.name, "unit": quota.unit, "year": year}
            )


@transaction.atomic
def grant_create(
    *,
    award: Award,
    recipient: Recipient,
    year: int,
    kind: str,
    actor: User | None,
    decision: Decision | None = None,
    certificate_number: str = "",
    cash: int | None = None,
    legacy_key: str = "",
    recipient_class: str = "",
) -> AwardGrant:
    """Record an award granted. The cash amount is computed from the catalogue unless
    given; names are kept as they are today; local quotas are enforced."""
    _check_subject_kind(award, recipient)
    if kind not in award.kinds:
        raise ValidationError({"kind": _("This award is not given under that kind.")})
    scope = recipient.scope_unit
    _check_quota(award, year, scope)
    on = decision.issued_on if decision else date(year, 12, 31)
    grant = AwardGrant(
        award=award,
        person=recipient.person,
        unit=recipient.unit,
        household=recipient.household,
        recipient_name=recipient.name,
        recipient_unit_name=scope.label if recipient.kind != SubjectKind.COLLECTIVE else "",
        unit_scope=scope,
        year=year,
        kind=kind,
        decision=decision,
        certificate_number=certificate_number,
        cash_amount=cash
        if cash is not None
        else cash_amount(award=award, subject_kind=recipient.kind, on=on),
        legacy_key=legacy_key,
        recipient_class=recipient_class,
    )
    grant._history_user = actor
    grant.full_clean(exclude=["verification_code"])
    grant.save()
    return grant


@transaction.atomic
def decision_create(*, actor: User | None, **fields) -> Decision:
    decision = Decision(**fields)
    decision._history_user = actor
    decision.full_clean()
    decision.save()
    return decision


@transaction.atomic
def award_update(*, award: Award, actor: User | None, **fields) -> Award:
    """Edit the catalogue. The code never changes: other records and the law cite it."""
    fields.pop("code", None)
    award = Award.objects.select_for_update().get(pk=award.pk)
    for key, value in fields.items():
        setattr(award, key, value)
    award._history_user = actor
    award.full_clean()
    award.save()
    return award


@transaction.atomic
def record_save(*, instance, actor: User | None):
    """Save a record (rating, initiative, discipline, pending case, statistics) with its
    history entry; the forms have already limited what the user may set."""
    instance._history_user = actor
    instance.full_clean()
    instance.save()
    return instance


def eligibility_check(
    *, award: Award | str, year: int, person: Person | None = None, unit: Unit | None = None
) -> dict:
    """The verdict of the engine on a subject's records: the one call every form uses."""
    data = selectors.eligibility_input(award=award, year=year, person=person, unit=unit)
    return eligibility.evaluate(data)


def eligibility_checks(
    *,
    subjects: Iterable[tuple[Award | str, int, Person | None, Unit | None]],
    movements: Iterable[dict | None] | None = None,
    bloc_ranks: Iterable[int | None] | None = None,
) -> list[dict]:
    """The verdicts on many subjects ``(award, year, person, unit)``, in their order, from
    records read in one batch (``selectors.eligibility_inputs``); ``movements``: one
    engine ``movement`` object (or None) per subject, the movement each comes from;
    ``bloc_ranks``: one rank in the bloc (or None) per subject."""
    inputs = selectors.eligibility_inputs(
        subjects=subjects, movements=movements, bloc_ranks=bloc_ranks
    )
    return [eligibility.evaluate(data) for data in inputs]
