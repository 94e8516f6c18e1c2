"""Test clients per role: the roles of the ``users`` fixture (tests/conftest.py) that the
permission matrices go through, and a client logged in as one of them."""

ROLES = ["anonymous", "staff_b", "staff_a", "head_a", "secretariat", "council", "chairman"]


def client_for(client, users, role):
    """The client logged in as ``role`` (left anonymous for "anonymous")."""
    if role != "anonymous":
        client.force_login(users[role])
    return client
