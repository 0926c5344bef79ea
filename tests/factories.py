import factory
from allauth.account.models import EmailAddress

from accounts.models import User
from agencies.models import Agency, Membership, Unit
from competitions.models import Organiser, OrganiserMembership

TEST_PASSWORD = "Uji-Sandi-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name", locale="id_ID")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Pemerintah Kabupaten Contoh {n}")
    kind = Agency.Kind.KABUPATEN


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"Dinas Pelayanan {n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    agency = factory.SubFactory(AgencyFactory)
    unit = None
    role = Membership.Role.ADMIN_LOKAL


class OrganiserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organiser
        django_get_or_create = ["name"]

    name = "Kementerian PANRB"
    short_name = "KemenPAN-RB"


class OrganiserMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganiserMembership

    user = factory.SubFactory(UserFactory)
    organiser = factory.SubFactory(OrganiserFactory)
    role = OrganiserMembership.Role.SECRETARIAT
