"""Revoking awards (Law 06/2022/QH15, Art. 93): the issuer annuls awards it granted for
false declarations, forged dossiers, unlawful appraisal or violations found later within
the achievement period, by a later decision.

The revoking decision is issued like any other (``units.issuing``: its number from the
register, its date, signer, authority line and signed original) and recorded as a
``Decision`` of the revocation kind (``REVOCATION_KIND``). The grants stay in the archive,
marked revoked with that decision, the date and the reason: the public verification page
says so and every count (eligibility history, quotas, reports) leaves them out
(``IN_FORCE``). One transaction: any refusal leaves nothing behind, the register entry
included.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from units import issuing
from units.models import Role, Signer, Unit, User
from units.selectors import roles_of

from .models import REVOCATION_KIND, AwardGrant, Decision

# The grants still in force: every count of awards filters on this.
IN_FORCE = Q(revoked_on__isnull=True)

REASON_MAX = 500


def revocation_issuer(decision: Decision) -> Unit | None:
    """The body that revokes: the issuer of the original decision (the province's People's
    Committee for a legacy decision of unknown issuer)."""
    return decision.issuer or issuing.provincial_committee()


def revocable_grants(decision: Decision):
    """The grants of ``decision`` that are still in force."""
    return decision.grants.filter(IN_FORCE)


def _require_secretariat(actor: User) -> None:
    if not roles_of(actor).has(Role.SECRETARIAT):
        raise ValidationError(_("Only the secretariat may revoke awards."))


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for revoking these awards.")})
    if len(reason) > REASON_MAX:
        raise ValidationError(
            {"reason": _("Keep the reason under %(n)s characters.") % {"n": REASON_MAX}}
        )
    return reason


@transaction.atomic
def grants_revoke(
    *,
    decision: Decision,
    grant_ids: Iterable[int],
    actor: User,
    number: int,
    issued_on: datetime.date,
    signer: Signer | None,
    authority_line: str,
    signed_file,
    reason: str,
) -> Decision:
    """Revoke the chosen grants of ``decision`` by a new decision issued in the register of
    the original decision's issuer. Returns the revoking decision."""
    _require_secretariat(actor)
    reason = _clean_reason(reason)
    if decision.kind == REVOCATION_KIND:
        raise ValidationError(_("A revoking decision grants no awards to revoke."))
    wanted = {int(pk) for pk in grant_ids}
    if not wanted:
        raise ValidationError({"grants": _("Choose at least one award to revoke.")})
    grants = list(AwardGrant.objects.select_for_update().filter(decision=decision, pk__in=wanted))
    if len(grants) != len(wanted):
        raise ValidationError({"grants": _("Choose awards granted by this decision.")})
    already = [g.recipient_name for g in grants if g.is_revoked]
    if already:
        raise ValidationError(
            {"grants": _("Already revoked: %(names)s.") % {"names": ", ".join(sorted(already))}}
        )
    if not isinstance(issued_on, datetime.date):
        raise ValidationError({"issued_on": _("Enter the date of the revoking decision.")})
    if issued_on < decision.issued_on:
        raise ValidationError(
            {
                "issued_on": _(
                    "The revoking decision cannot be dated before the decision it revokes "
                    "(%(date)s)."
                )
                % {"date": decision.issued_on.strftime("%d/%m/%Y")}
            }
        )
    if issued_on > timezone.localdate():
        raise ValidationError({"issued_on": _("The date cannot be in the future.")})
    issuer = revocation_issuer(decision)
    if issuer is None:
        raise ValidationError(_("The body that issued this decision is not in the unit tree."))
    if signer is not None and signer.unit_id != issuer.pk:
        raise ValidationError({"signer": _("Choose a signer of %(unit)s.") % {"unit": issuer}})
    summary = _("Revoking awards granted by decision %(number)s of %(date)s") % {
        "number": decision.number,
        "date": decision.issued_on.strftime("%d/%m/%Y"),
    }
    register = issuing.document_issue(
        user=actor,
        issuer=issuer,
        doc_type="QĐ",
        issuer_symbol=_symbol(decision),
        year=issued_on.year,
        number=number,
        issued_on=issued_on,
        signer=signer,
        authority_line=authority_line,
        signed_file=signed_file,
        summary=summary,
    )
    revoking = Decision(
        number=register.number_text,
        issued_on=register.issued_on,
        issuer=issuer,
        signer_name=register.signer_name,
        signer_position=f"{register.signer_position} {issuer.name}".strip(),
        authority=decision.authority,
        kind=REVOCATION_KIND,
        summary=summary[:500],
    )
    revoking._history_user = actor
    revoking.full_clean()
    revoking.save()
    for grant in grants:
        grant.revoked_by = revoking
        grant.revoked_on = revoking.issued_on
        grant.revocation_reason = reason
        grant._history_user = actor
        grant.save(update_fields=["revoked_by", "revoked_on", "revocation_reason"])
    return revoking


def _symbol(decision: Decision) -> str:
    """The issuer's symbol of the original decision's number ("12/QĐ-UBND" → "UBND")."""
    number = decision.number or ""
    if "-" in number:
        return number.rsplit("-", 1)[-1].strip() or "UBND"
    return "UBND"
