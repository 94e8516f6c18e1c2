"""Every page a demo login reaches by following links opens: the demo that ``make run``
builds is walked from the dashboard, breadth first, as each of its six logins, and every
link to a page of the portal must answer 200 or a redirect (no link to a 404, no 500).

A walk of this kind found links to pages their reader could not open (a draft
registration from the completion page, a scoring round from the deadline list, a
province from a commune's page, a dossier from the review page of the administrator's
superuser account): each is fixed and tested where it was, and this walk keeps the whole
demo honest. Downloads and generated documents are left out (their own tests read them)."""

import re
from collections import deque
from io import StringIO

import pytest
from django.core.management import call_command

from tests.utils.links import page_links
from units.models import User

pytestmark = pytest.mark.django_db

LOGINS = ("secretariat", "chairman", "council", "unitstaff", "unithead", "admin")
PAGES_PER_LOGIN = 300
# Files and documents built on request (exports, PDFs, DOCX, downloads), the Django admin
# (its own app) and signing out.
NOT_WALKED = re.compile(
    r"/(dang-xuat|xuat|tai-ve|tai-lieu|in|pdf|docx|xlsx|quan-tri)(/|$|\?)"
    r"|\.(pdf|docx|xlsx|csv|zip|png|svg)(\?|$)|^/(static|media)/|[?&]format="
)


@pytest.fixture
def whole_demo(settings, tmp_path):
    """The demo as ``make run`` seeds it (Makefile, target run)."""
    settings.MEDIA_ROOT = tmp_path
    out = StringIO()
    call_command("seed_demo", stdout=out)
    for command in ("seed_demo_deadline", "seed_demo_campaigns", "seed_demo_nominations"):
        call_command(command, stdout=out)
    call_command("seed_province", "--steps", "units", "--no-progress", stdout=out)
    call_command("seed_demo_clusters", stdout=out)


def walk(client, limit: int) -> tuple[int, list[tuple[str, int, str]]]:
    """Pages opened, and (address, status, the page that linked it) for each failure."""
    queue, seen, failures, opened = deque([("/", "")]), {"/"}, [], 0
    while queue and opened < limit:
        address, referrer = queue.popleft()
        response = client.get(address)
        opened += 1
        if response.status_code in (301, 302):
            target = response["Location"]
            if target.startswith("/") and target not in seen:
                seen.add(target)
                queue.append((target, address))
            continue
        if response.status_code != 200:
            failures.append((address, response.status_code, referrer))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        for link in page_links(response.content.decode()):
            if link not in seen and not NOT_WALKED.search(link):
                seen.add(link)
                queue.append((link, address))
    return opened, failures


def test_every_link_a_demo_login_follows_opens(client, whole_demo):
    results = {}
    for username in LOGINS:
        client.force_login(User.objects.get(username=username))
        results[username] = walk(client, PAGES_PER_LOGIN)
        client.logout()
    assert {name: failures for name, (_n, failures) in results.items()} == {
        name: [] for name in LOGINS
    }
    # The walk went past the menus: every login opened pages beyond the first screens.
    assert all(opened >= 100 for opened, _f in results.values()), {
        name: opened for name, (opened, _f) in results.items()
    }
