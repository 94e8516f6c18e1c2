"""Confirmation dialogs in the browser (issue 9, 15): dismissing the dialog leaves the
thing undone; accepting it does the step. The dialog is the browser's own
(window.confirm, from static/js/confirm.js reading data-confirm)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def draft(demo):
    """A draft dossier of Xã Bình Sơn with one nominee, prepared by the unit's staff."""
    from nominations.models import DossierState
    from tests.factories import nominations as nf
    from units.models import Person, Unit, User

    staff = User.objects.get(username="unitstaff")
    person = Person.objects.filter(unit__code__startswith="xa-binh-son").order_by("pk").first()
    dossier = nf.dossier(
        unit=Unit.objects.get(code="xa-binh-son"),
        created_by=staff,
        state=DossierState.DRAFT,
        title="Hồ sơ thử xác nhận",
    )
    nf.nominee(dossier=dossier, award="BK_TINH", person=person)
    return dossier, person


def test_dismissing_the_dialog_leaves_the_nominee_accepting_removes_it(
    login, dialogs, draft, screenshot
):
    from nominations.models import Nominee

    dossier, person = draft
    page = login("unitstaff")
    page.goto(f"/ho-so/{dossier.pk}/")
    remove = page.get_by_role("button", name=f"Bỏ {person.full_name}")

    dialogs.accept = False
    remove.click()
    page.wait_for_timeout(300)
    assert dialogs.messages == [
        f"Xóa {person.full_name} khỏi hồ sơ? Báo cáo thành tích và tài liệu của người này"
        " cũng bị xóa."
    ]
    expect(page.get_by_test_id("nominee-row")).to_have_count(1)
    assert Nominee.objects.filter(dossier=dossier).count() == 1

    dialogs.accept = True
    with page.expect_navigation():
        remove.click()
    expect(page.get_by_test_id("nominee-row")).to_have_count(0)
    assert Nominee.objects.filter(dossier=dossier).count() == 0
    screenshot(page, "e2e-confirm-nominee-removed")
