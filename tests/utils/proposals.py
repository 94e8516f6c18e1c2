"""Builders of the proposal tests: dossiers at the proposal stage (the Council has voted),
for the year the proposal and decision tests use."""

from awards.models import CommendationKind
from nominations.models import DossierState
from tests.factories import nominations as nf

YEAR = 2026


def proposed_dossier(unit, user, *, kind=CommendationKind.MERIT, **fields):
    """A dossier of ``unit`` whose nominees the Council has voted on: ready for the
    secretariat's proposal (tờ trình) to the chairman."""
    return nf.dossier(
        unit=unit, created_by=user, kind=kind, year=YEAR, state=DossierState.PROPOSED, **fields
    )
