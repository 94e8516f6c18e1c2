"""The local quotas: the places a submission takes, under the quota rows' lock."""

from django.utils.translation import gettext as _

from awards.models import Award, AwardGrant, Quota
from units.models import Unit

from ...models import (
    Dossier,
    DossierState,
    Nominee,
    NomineeOutcome,
)

# --- Quotas --------------------------------------------------------------------------------

# A nominee of a dossier in these states does not hold a place in a quota.
QUOTA_FREE_STATES = (DossierState.DRAFT, DossierState.WITHDRAWN, DossierState.REJECTED)
QUOTA_FREE_OUTCOMES = (NomineeOutcome.NOT_APPROVED, NomineeOutcome.FAILED)


def _locked_quotas(*, award: Award, year: int, unit: Unit) -> list[Quota]:
    """The quotas of ``award`` in ``year`` on the unit and every unit above it, locked
    (in a fixed order) until the transaction ends: two submissions wait for each other
    here, and the second counts the first's places."""
    ancestors = [int(pk) for pk in unit.path.strip("/").split("/") if pk]
    return list(
        Quota.objects.select_for_update(of=("self",))
        .filter(award=award, year=year, unit__in=ancestors)
        .select_related("unit")
        .order_by("pk")
    )


def quota_places_taken(*, quota: Quota, exclude_dossier: Dossier | None = None) -> int:
    """Places of a quota already taken: nominees of its award and year in dossiers of the
    quota unit's subtree that were sent (not draft, withdrawn or not approved) and not
    turned down, plus the grants of the award and year in the subtree that no nominee
    led to (legacy records, grants entered by hand). A grant from a nominee is that
    nominee's place, counted once."""
    nominees = (
        Nominee.objects.filter(
            award=quota.award_id,
            dossier__year=quota.year,
            dossier__unit__path__startswith=quota.unit.path,
        )
        .exclude(dossier__state__in=QUOTA_FREE_STATES)
        .exclude(outcome__in=QUOTA_FREE_OUTCOMES)
        .exclude(grant__revoked_on__isnull=False)  # its award was revoked: place freed
    )
    if exclude_dossier is not None:
        nominees = nominees.exclude(dossier=exclude_dossier)
    grants = AwardGrant.objects.filter(
        award=quota.award_id,
        year=quota.year,
        unit_scope__path__startswith=quota.unit.path,
        nominee__isnull=True,
        revoked_on__isnull=True,  # a revoked award frees its place (awards.revocation)
    )
    return nominees.count() + grants.count()


def _quota_problems(dossier: Dossier, nominees: list[Nominee]) -> list[str]:
    """A message for each local quota this dossier's nominees would go over."""
    wanted: dict[int, list[Nominee]] = {}
    for nominee in nominees:
        wanted.setdefault(nominee.award_id, []).append(nominee)
    problems = []
    for award_id in sorted(wanted):
        group = wanted[award_id]
        award = group[0].award
        for quota in _locked_quotas(award=award, year=dossier.year, unit=dossier.unit):
            taken = quota_places_taken(quota=quota, exclude_dossier=dossier)
            if taken + len(group) > quota.limit:
                problems.append(
                    _(
                        "The quota for “%(award)s” of %(unit)s in %(year)s is %(limit)s: "
                        "%(taken)s already proposed or awarded, this dossier proposes"
                        " %(count)s more."
                    )
                    % {
                        "award": award.name,
                        "unit": quota.unit.label,
                        "year": quota.year,
                        "limit": quota.limit,
                        "taken": taken,
                        "count": len(group),
                    }
                )
    return problems
