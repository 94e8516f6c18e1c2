"""What came from a movement, for its page (campaigns): the dossiers of movement kind
that picked it, as far as the user may see them, and the awards granted from them.
Registered in ``NominationsConfig.ready()`` (campaigns never imports nominations)."""

from awards.models import AwardGrant

from .selectors._core import dossier_list_visible


def movement_links(*, movement, user) -> dict:
    dossiers = list(
        dossier_list_visible(user=user).filter(campaign=movement).order_by("-year", "title")[:200]
    )
    grants = list(
        AwardGrant.objects.filter(nominee__dossier__campaign=movement)
        .select_related("award")
        .order_by("-year", "recipient_name")[:500]
    )
    return {"dossiers": dossiers, "grants": grants}
