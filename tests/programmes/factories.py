import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from openbilan.accounts.models import Membership, Organisation, Role
from openbilan.enrolments.models import Enrolment, EnrolmentStatus
from openbilan.programmes.models import Programme
from tests.accounts.factories import OrganisationFactory, UserFactory


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("slug",)
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"programme-{n}")
    name = factory.Sequence(lambda n: f"Programme régional {n}")
    operator = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.OPERATOR)
    funder = factory.SubFactory(OrganisationFactory, funder=True)
    starts_on = datetime.date(2026, 9, 1)
    ends_on = datetime.date(2027, 6, 30)
    capacity = 100

    @factory.post_generation
    def cohort_prescribers(obj, create, extracted, **kwargs):
        """`ProgrammeFactory(cohort_prescribers=True)`: the programme lists the prescribers the test cohort files
        name (a file may only name the programme's own prescribers)."""
        if not create or not extracted:
            return
        from tests.programmes.cohort import add_prescribers

        add_prescribers(obj)


class EnrolmentFactory(DjangoModelFactory):
    class Meta:
        model = Enrolment
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    beneficiary = factory.SubFactory(UserFactory, role=Role.BENEFICIARY)
    coach = factory.SubFactory(UserFactory, role=Role.COACH)
    status = EnrolmentStatus.ACTIVE
    consented_at = factory.LazyFunction(timezone.now)
    shares_with_prescriber = False
    # The person's choice names the organisation it was made for (issue 16, finding 3).
    shared_with = factory.LazyAttribute(lambda o: o.prescriber if o.shares_with_prescriber else None)

    class Params:
        invited = factory.Trait(status=EnrolmentStatus.INVITED, consented_at=None)
        completed = factory.Trait(status=EnrolmentStatus.COMPLETED, completed_at=factory.LazyFunction(timezone.now))
        dropped = factory.Trait(
            status=EnrolmentStatus.DROPPED, drop_reason="personal", dropped_at=factory.LazyFunction(timezone.now)
        )
        paused = factory.Trait(status=EnrolmentStatus.PAUSED, paused_at=factory.LazyFunction(timezone.now))
        referred = factory.Trait(prescriber=factory.SubFactory(OrganisationFactory, prescriber=True))

    @factory.post_generation
    def coach_membership(obj, create, extracted, **kwargs):
        """A coach follows bilans of their own operator (openbilan.enrolments.access): the coach given to the
        factory also becomes a coach of the programme's operator."""
        if create and obj.coach_id is not None:
            Membership.objects.get_or_create(user=obj.coach, organisation=obj.programme.operator, role=Role.COACH)
