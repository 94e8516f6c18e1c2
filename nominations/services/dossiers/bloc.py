"""A dossier proposed by an emulation bloc's year-end meeting (issue 11, point 7).

The meeting (clusters) proposes its leading unit for the provincial Emulation Flag and
others for Bằng khen. Each proposal becomes a draft dossier of the proposed unit itself,
with the unit as its collective nominee carrying its rank in the bloc: the unit then adds
its achievement report and its head submits it as any dossier. The dossier is created on
the bloc's behalf by the person who recorded the meeting (the secretariat or the bloc's
head), which the history says; the eligibility verdict is computed at once with the rank.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import Award, CommendationKind
from units.models import Unit, User

from ...models import Dossier, DossierState, EventAction, Nominee
from ...selectors.dossiers import award_fits
from .._core import event_record, store_verdicts
from ._common import _validate_dossier
from .nominees import _clean_nominee, _subject_snapshot


@transaction.atomic
def bloc_proposal_create(
    *,
    unit: Unit,
    year: int,
    award_code: str,
    bloc_rank: int,
    title: str,
    summary: str,
    actor: User,
) -> tuple[Dossier, Nominee]:
    """A draft dossier of ``unit`` proposing the unit itself for ``award_code`` with its
    rank in the bloc; its eligibility verdict is stored at once."""
    award = Award.objects.filter(code=award_code).first()
    if award is None or not award_fits(
        award, subject_kind="collective", kind=CommendationKind.MERIT
    ):
        raise ValidationError(
            _("The award %(code)s is not in the catalogue for collectives.") % {"code": award_code}
        )
    dossier = Dossier(
        unit=unit,
        year=year,
        kind=CommendationKind.MERIT,
        title=title,
        summary=summary,
        created_by=actor,
    )
    _validate_dossier(dossier)
    dossier._history_user = actor
    dossier.save()
    event_record(
        dossier=dossier,
        actor=actor,
        action=EventAction.CREATED,
        to_state=DossierState.DRAFT,
        note=summary,
        data={"title": dossier.title, "year": year, "kind": dossier.kind, "bloc_rank": bloc_rank},
    )
    _kind, display_name, unit_name = _subject_snapshot(person=None, collective=unit, household=None)
    nominee = Nominee(
        dossier=dossier,
        award=award,
        collective=unit,
        display_name=display_name[:255],
        unit_name=unit_name[:255],
        bloc_rank=bloc_rank,
        sort_order=1,
    )
    _clean_nominee(nominee)
    nominee._history_user = actor
    nominee.save()
    event_record(
        dossier=dossier,
        actor=actor,
        action=EventAction.NOMINEE_ADDED,
        data={"nominee": nominee.display_name, "award": award.name, "bloc_rank": bloc_rank},
    )
    store_verdicts([nominee])
    return dossier, nominee
