"""factory_boy factories for the organisation."""

import factory

from units import services
from units.models import Person, Role, Unit, User

PASSWORD = "correct-horse-battery-2026"


class UnitFactory(factory.django.DjangoModelFactory):
    """Units go through the service so their tree path is right."""

    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = "commune"
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.unit_create(actor=None, **kwargs)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    gender = "male"
    birth_year = 1980
    unit = factory.SubFactory(UnitFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return services.person_create(actor=None, **kwargs)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người Dùng {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.gov.vn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def user_with_role(role: str, unit: Unit | None = None, **kwargs) -> User:
    """A user holding one role (of ``unit`` for unit roles)."""
    user = UserFactory(**kwargs)
    position = "member" if role == Role.COUNCIL_MEMBER else ""
    services.role_assign(user=user, role=role, actor=None, unit=unit, council_position=position)
    return user
