"""Builders of the public consultation tests: the Tuesday they live on (28/4/2026, after
the Hùng Kings' day off and before 30/4 and 1/5), approved nominees waiting for their
consultation, and a consultation opened on some of them. The fixtures (``today``,
``holidays``, ``situation``) live in ``tests/nominations/conftest.py``."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from nominations.models import NomineeOutcome
from nominations.services.consultation import consultation_open
from tests.factories import PersonFactory
from tests.factories import nominations as nf

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TUESDAY = date(2026, 4, 28)  # after the Hùng Kings' day off (27/4), before 30/4 and 1/5


def at(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=HCM)


def approved(dossier, award="CONG_DAN_TB", **fields):
    """A nominee as appraisal leaves it: approved, waiting for its consultation."""
    fields.setdefault("person", PersonFactory(unit=dossier.unit))
    return nf.nominee(
        dossier=dossier,
        award=award,
        outcome=NomineeOutcome.APPROVED,
        needs_consultation=True,
        **fields,
    )


def open_on(situation, users, *names, **kwargs):
    kwargs.setdefault("title", "Lấy ý kiến nhân dân đợt 1 năm 2026")
    return consultation_open(
        nominees=[situation[n] for n in names], actor=users["secretariat"], **kwargs
    )
