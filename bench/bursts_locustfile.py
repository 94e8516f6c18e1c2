"""The bursts of ``manage.py bench --bursts`` (Locust): many people acting at the same
moment, as their browsers do.

Run by ``manage.py bench``, which prepares the data (``reports/bench_bursts.py``), writes
the plan to the JSON file named by ``BENCH_PLAN`` and names the scenario in
``BENCH_BURST``. One Locust user per slot of the plan: each first loads its form (the
CSRF token and cookie come from the page, as in a browser), then waits until every user
has loaded its own (a gevent event), so that all of them send at the same moment. Each
user keeps its own cookies (a unit's staff and its head are two browsers). Every answer is
recorded with its latency (``bench/latencies.py``); the run ends when the last user is
done (or at Locust's ``--run-time``).

- ``deadline``: the unit's staff uploads the last document of the checklist (a small real
  PDF, multipart, through the upload form) and the unit's head submits the dossier;
- ``vote``: every Council member casts the secret ballot at the same second;
- ``consultation``: the public sends opinions from a small pool of addresses, so that
  most are throttled by the portal's own limit.
"""

import base64
import json
import os
import re
import uuid
from urllib.parse import urlencode

import gevent
from gevent.event import Event
from locust import FastHttpUser, constant, task
from locust.exception import StopUser

import bench.latencies  # noqa: F401 - keeps every request's latency (BENCH_LATENCIES)

PLAN = json.loads(open(os.environ["BENCH_PLAN"], encoding="utf-8").read())  # noqa: SIM115
NAME = os.environ["BENCH_BURST"]
BURST = PLAN["bursts"][NAME]
SLOTS = BURST["users"]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
GO = Event()
_state = {"next": 0, "loaded": 0, "done": 0}


class Browser:
    """One browser: its cookies, its client address, the proxy's headers."""

    def __init__(self, client, host: str, cookie: str = "", address: str = "127.0.0.1"):
        self.client = client
        self.origin = "https://" + host.split("://", 1)[-1].rstrip("/")
        self.cookies = dict(part.split("=", 1) for part in cookie.split("; ") if "=" in part)
        self.address = address

    def send(self, method: str, url: str, step: str, *, data=None, headers=None, address=None):
        sent = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": address or self.address,
            "Accept-Language": "vi",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **(headers or {}),
        }
        if method == "POST":  # what a browser sends with a form (Django's CSRF check)
            sent.update({"Origin": self.origin, "Referer": self.origin + url})
        response = self.client.request(
            method, url, name=step, data=data, headers=sent, allow_redirects=False
        )
        for line in getattr(response.headers, "getlist", lambda _name: [])("set-cookie") or []:
            pair = line.split(";", 1)[0]
            if "=" in pair:
                key, value = pair.split("=", 1)
                if value and "max-age=0" not in line.lower():
                    self.cookies[key.strip()] = value
                else:
                    self.cookies.pop(key.strip(), None)
        return response

    def form(self, url: str, step: str) -> str | None:
        """Load a page and return the CSRF token of its forms."""
        response = self.send("GET", url, step)
        found = TOKEN.search(response.text or "") if response.status_code == 200 else None
        return found.group(1) if found else None


def _multipart(fields: dict, file_field: str, file_name: str, content: bytes):
    boundary = f"----tdkt{uuid.uuid4().hex}"
    parts = []
    for key, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'
        )
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; '
        f'filename="{file_name}"\r\nContent-Type: application/pdf\r\n\r\n'
    )
    body = "".join(parts).encode() + head.encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class BurstUser(FastHttpUser):
    wait_time = constant(0)

    def on_start(self):
        if _state["next"] >= len(SLOTS):
            raise StopUser()
        self.slot = SLOTS[_state["next"]]
        _state["next"] += 1
        self.ready = False
        try:
            getattr(self, f"load_{NAME}")()
        finally:
            _state["loaded"] += 1
            if _state["loaded"] >= len(SLOTS):
                GO.set()
        GO.wait(timeout=BURST["barrier_seconds"])

    @task
    def burst(self):
        try:
            if self.ready:
                getattr(self, f"fire_{NAME}")()
        finally:
            _state["done"] += 1
            if _state["done"] >= len(SLOTS):
                gevent.spawn_later(0.2, self.environment.runner.quit)
        raise StopUser()

    # --- the last hour before the annual deadline ------------------------------------------

    def load_deadline(self):
        slot = self.slot
        self.staff = Browser(self.client, self.host, slot["staff_cookie"], slot["address"])
        self.head = Browser(self.client, self.host, slot["head_cookie"], slot["address"])
        self.upload_token = self.staff.form(slot["upload_url"], "deadline: upload form")
        self.submit_token = self.head.form(slot["detail_url"], "deadline: dossier page")
        self.ready = bool(self.upload_token and self.submit_token)

    def fire_deadline(self):
        slot = self.slot
        body, content_type = _multipart(
            {
                "csrfmiddlewaretoken": self.upload_token,
                "document_code": slot["document_code"],
                "nominee": "",
            },
            "file",
            slot["file_name"],
            base64.b64decode(BURST["pdf"]),
        )
        upload = self.staff.send(
            "POST",
            slot["upload_url"],
            "deadline: upload",
            data=body,
            headers={"Content-Type": content_type},
        )
        if upload.status_code != 302:
            return
        self.head.send(
            "POST",
            slot["submit_url"],
            "deadline: submit",
            data=f"csrfmiddlewaretoken={self.submit_token}",
            headers=FORM,
        )

    # --- a Council vote ---------------------------------------------------------------------

    def load_vote(self):
        slot = self.slot
        self.member = Browser(self.client, self.host, slot["cookie"], slot["address"])
        response = self.member.send("GET", slot["url"], "vote: ballot page")
        page = (response.text or "") if response.status_code == 200 else ""
        found = TOKEN.search(page)
        self.token = found.group(1) if found else None
        self.ready = bool(self.token) and all(f'name="{key}"' in page for key in slot["choices"])

    def fire_vote(self):
        data = {"csrfmiddlewaretoken": self.token, **self.slot["choices"]}
        self.member.send(
            "POST",
            self.slot["url"],
            "vote: ballot",
            data=urlencode(data),
            headers=FORM,
        )

    # --- a consultation opened to the public -------------------------------------------------

    def load_consultation(self):
        slot = self.slot
        self.visitor = Browser(self.client, self.host, "", slot["addresses"][0])
        self.token = self.visitor.form(BURST["url"], "consultation: page")
        self.ready = bool(self.token)

    def fire_consultation(self):
        for index, address in enumerate(self.slot["addresses"]):
            nominees = BURST["nominees"]
            data = {
                "csrfmiddlewaretoken": self.token,
                "nominee": nominees[index % len(nominees)],
                "is_objection": "1" if index % 4 == 0 else "0",
                "body": "Tôi đồng ý với đề nghị khen thưởng; đồng chí làm việc tận tụy.",
                "sender_name": "",
                "sender_contact": "",
                "website": "",  # the honeypot stays empty, as a person leaves it
            }
            self.visitor.send(
                "POST",
                BURST["url"],
                "consultation: opinion",
                data=urlencode(data),
                headers=FORM,
                address=address,
            )
