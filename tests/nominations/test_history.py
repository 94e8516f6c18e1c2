"""A person's award history shows their nominations on the way and their outcome."""

import re

import pytest
from django.urls import reverse

from nominations.models import DossierState, NomineeOutcome
from tests.factories import nominations as nf

pytestmark = pytest.mark.django_db


def _section(html: str) -> list[list[str]]:
    block = re.search(r'data-testid="history-nominations">(.*?)</section>', html, re.S).group(1)
    return [
        [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", block, re.S)
        if "<td>" in row
    ]


def test_the_history_lists_nominations_sent_with_their_outcome(client, province, users):
    person = province["person_a"]
    sent = nf.dossier(
        unit=province["unit_a"], created_by=users["staff_a"], state=DossierState.IN_COUNCIL
    )
    nf.nominee(dossier=sent, person=person, outcome=NomineeOutcome.APPROVED)
    draft = nf.dossier(unit=province["unit_a"], created_by=users["staff_a"], year=2025)
    nf.nominee(dossier=draft, person=person, award="GK")  # a draft stays the unit's

    client.force_login(users["secretariat"])
    html = client.get(reverse("awards:person_history", args=[person.pk])).content.decode()
    assert _section(html) == [
        [
            "2026",
            "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
            "Xã Bình Sơn",
            "Trình Hội đồng",
            "Đạt, chuyển bước tiếp theo",
        ]
    ]
    dossier_link = reverse("nominations:dossier_detail", args=[sent.pk])
    assert f'href="{dossier_link}"' in html
    # The Council member may read the history but not open the dossier.
    client.force_login(users["council"])
    html = client.get(reverse("awards:person_history", args=[person.pk])).content.decode()
    assert len(_section(html)) == 1 and f'href="{dossier_link}"' not in html
