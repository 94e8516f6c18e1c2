"""Test clients per role: the roles of the ``users`` fixture (tests/conftest.py) that the
permission matrices go through, and a client logged in as one of them."""

ROLES = ["anonymous", "staff_b", "staff_a", "head_a", "secretariat", "council", "chairman"]


def client_for(client, users, role):
    """The client logged in as ``role`` (left anonymous for "anonymous")."""
    if role != "anonymous":
        client.force_login(users[role])
    return client


def login_as_superuser(client, user):
    """``user`` made a superuser (the administrator's account: every permission, no role
    that sees units' data) and ``client`` logged in as them."""
    user.is_superuser = True
    user.save()
    client.force_login(user)
    return client
