"""The launch plan (Kế hoạch phát động, Decree 30/2020): printed unnumbered for signature
("Số: ..../KH-HĐTĐKT"), then issued by the launching unit's clerk, who records the number
the unit's register gave it, the date, the signer and the signed original
(``units.issuing.document_issue``), exactly as decisions are issued. The portal suggests
the register's next number and never invents one."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from units import issuing
from units.models import COMMUNE_LEVEL_KINDS, IssuedDocument, Signer, User

from ..models import LaunchLevel, Movement, MovementState
from ._common import _lock

PLAN_TYPE = "KH"  # Decree 30/2020, Appendix III: Kế hoạch


def plan_symbol(movement: Movement) -> str:
    """The issuer's symbol of the movement's plan: the Council's (a setting, "HĐTĐKT") for
    a provincial movement; otherwise the one the unit's register used last, "UBND" for a
    commune, or "" (the clerk types it)."""
    if movement.launch_level == LaunchLevel.COUNCIL:
        return settings.TDKT_MOVEMENT_PLAN_SYMBOL
    issuer = movement.launching_unit
    last = (
        IssuedDocument.objects.filter(issuer=issuer)
        .order_by("-year", "-number")
        .values_list("issuer_symbol", flat=True)
        .first()
    )
    if last:
        return last
    return "UBND" if issuer.kind in COMMUNE_LEVEL_KINDS else ""


def plan_number_line(movement: Movement) -> str:
    """ "05/KH-HĐTĐKT" once issued; "..../KH-HĐTĐKT" on the draft."""
    if movement.plan_register_id:
        return movement.plan_register.number_text
    return issuing.unnumbered(doc_type=PLAN_TYPE, issuer_symbol=plan_symbol(movement) or "....")


def plan_summary(movement: Movement) -> str:
    return f"Kế hoạch phát động phong trào thi đua “{movement.name}”"


@transaction.atomic
def movement_plan_issue(
    *,
    movement: Movement,
    actor: User,
    number: int,
    issued_on: datetime.date,
    signer: Signer | None,
    authority_line: str,
    issuer_symbol: str,
    signed_file,
) -> Movement:
    """The launching unit's clerk issues the signed plan of a launched movement: its
    number in the unit's register (unique per issuer, type and year), the date, who
    signed and how, and the signed original (a PDF). Any refusal saves nothing."""
    movement = _lock(Movement, movement)
    if movement.state == MovementState.DRAFT:
        raise ValidationError(_("Launch the movement before issuing its plan."))
    if movement.plan_register_id:
        raise ValidationError(
            _("The plan has already been issued as no. %(number)s.")
            % {"number": movement.plan_number}
        )
    if not actor.has_perm("campaigns.issue_movement_plan", movement):
        raise ValidationError(_("Only the launching unit's staff issue its plan."))
    issuer_symbol = (issuer_symbol or "").strip().upper()
    if not issuer_symbol:
        raise ValidationError({"issuer_symbol": [_("Enter the issuer's symbol, e.g. UBND.")]})
    register = issuing.document_issue(
        user=actor,
        issuer=movement.launching_unit,
        doc_type=PLAN_TYPE,
        issuer_symbol=issuer_symbol,
        year=issued_on.year if isinstance(issued_on, datetime.date) else 0,
        number=number,
        issued_on=issued_on,
        signer=signer,
        authority_line=authority_line,
        signed_file=signed_file,
        summary=plan_summary(movement),
    )
    movement.plan_register = register
    movement.plan_number = register.number_text
    movement.save(update_fields=["plan_register", "plan_number"])
    return movement
