import factory

from lms.users.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    nip = factory.Sequence(lambda n: f"19850101201001{1 + n % 2}{n % 999 + 1:03d}")
    username = factory.LazyAttribute(lambda user: user.nip or user.email)
    email = factory.Sequence(lambda n: f"asn{n}@contoh.go.id")
    first_name = factory.Faker("first_name", locale="id_ID")
    last_name = factory.Faker("last_name", locale="id_ID")
    password = factory.PostGenerationMethodCall("set_password", "Rahasia-Kuat-2026")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy signature
        if create:
            obj.save()
