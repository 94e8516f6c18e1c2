"""The Django admin (``/quan-tri/``, the administrator's superuser account): a unit posted
as something other than an id is refused as an invalid choice, not a 500 (Django's
autocomplete widget looked the value up again to draw it)."""

import pytest
from django.urls import reverse

from tests.factories import user_with_role
from units.models import Role, Signer

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(province):
    user = user_with_role(Role.ADMINISTRATOR, username="quantri")
    user.is_staff = user.is_superuser = True
    user.save()
    return user


@pytest.mark.parametrize("unit", ["abc", "-1", "1.5"])
def test_a_signer_with_a_forged_unit_is_refused_and_nothing_is_saved(
    client, superuser, province, unit
):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:units_signer_add"),
        {"unit": unit, "full_name": "Nguyễn Văn A", "position": "Giám đốc", "sort_order": "1"},
    )
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors.as_data()["unit"]
    assert error.code == "invalid_choice"
    assert 'value="Nguyễn Văn A"' in response.content.decode()  # the input kept
    assert not Signer.objects.exists()


def test_a_signer_with_a_real_unit_is_saved(client, superuser, province):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:units_signer_add"),
        {
            "unit": province["unit_a"].pk,
            "full_name": "Nguyễn Văn A",
            "position": "Giám đốc",
            "sort_order": "1",
        },
    )
    assert response.status_code == 302
    assert list(Signer.objects.values_list("unit__name", "full_name")) == [
        ("Xã Bình Sơn", "Nguyễn Văn A")
    ]
