"""The written opinions of absent members."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from units.models import User
from units.uploads import UploadKind, safe_storage_name, validate_upload

from ...models import (
    Attendance,
    CouncilSession,
    SessionState,
    WrittenChoice,
    WrittenOpinion,
    WrittenOpinionSheet,
)
from ...selectors.council import council_member_ids
from ._common import _locked

# --- Written opinions of absent members -------------------------------------------------

OPINION_PAPER_KINDS = (UploadKind.PDF, UploadKind.JPEG, UploadKind.PNG)


def _absent(session: CouncilSession):
    return Attendance.objects.filter(session=session, present=False).values("member_id")


@transaction.atomic
def written_opinion_record(
    *,
    session: CouncilSession,
    member: User,
    opinions: dict[int, str],
    paper: UploadedFile,
    actor: User,
) -> WrittenOpinionSheet:
    """Record an absent member's written opinion: agree or disagree on each agenda item
    they answered, with the signed paper (checked by the one upload validator). One per
    member and session; a member recorded present cannot give one. Before the count."""
    session = _locked(session)
    if session.state == SessionState.CLOSED:
        raise ValidationError(_("The vote is closed: written opinions can no longer be recorded."))
    if member.pk not in council_member_ids():
        raise ValidationError(
            {"member": _("Only current members of the Council give a written opinion.")}
        )
    if Attendance.objects.filter(session=session, member=member, present=True).exists():
        raise ValidationError(
            {
                "member": _(
                    "%(name)s is recorded as present at the session: a member present votes "
                    "by secret ballot and gives no written opinion."
                )
                % {"name": member.get_full_name()}
            }
        )
    if WrittenOpinionSheet.objects.filter(session=session, member=member).exists():
        raise ValidationError(
            {
                "member": _(
                    "The written opinion of %(name)s is already recorded for this session; "
                    "remove it first to record it again."
                )
                % {"name": member.get_full_name()}
            }
        )
    items = set(session.items.values_list("pk", flat=True))
    opinions = {int(k): v for k, v in opinions.items() if v}
    if any(k not in items for k in opinions):
        raise ValidationError(_("The opinion names an item that is not on this agenda."))
    if any(v not in WrittenChoice.values for v in opinions.values()):
        raise ValidationError(_("A written opinion is either agree or disagree."))
    if not opinions:
        raise ValidationError(
            _("Record the member's opinion (agree or disagree) on at least one nominee.")
        )
    if not paper:
        raise ValidationError({"paper": _("Attach the signed paper of the written opinion.")})
    kind = validate_upload(paper, allowed=OPINION_PAPER_KINDS)
    paper.seek(0)
    Attendance.objects.get_or_create(session=session, member=member, defaults={"present": False})
    sheet = WrittenOpinionSheet(
        session=session,
        member=member,
        paper_name=(paper.name or "")[:255],
        paper_kind=kind.value,
        recorded_by=actor,
    )
    sheet.paper.save(safe_storage_name(paper.name or "", kind), paper, save=False)
    sheet.save()
    WrittenOpinion.objects.bulk_create(
        [WrittenOpinion(sheet=sheet, item_id=pk, choice=choice) for pk, choice in opinions.items()]
    )
    return sheet


@transaction.atomic
def written_opinion_remove(*, sheet: WrittenOpinionSheet, actor: User) -> None:
    """Remove a written opinion recorded by mistake, before the count."""
    session = _locked(sheet.session)
    if session.state == SessionState.CLOSED:
        raise ValidationError(_("The vote is closed: written opinions can no longer be changed."))
    paper = sheet.paper
    sheet.delete()
    if paper:
        transaction.on_commit(lambda: paper.storage.delete(paper.name))
