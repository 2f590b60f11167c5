"""The fast insert used for generated cohorts and historical migrations."""

import datetime

import pytest
from django.utils import timezone

from openbilan import bulk
from openbilan.accounts.models import Membership, Role, User
from openbilan.enrolments.models import Enrolment, EnrolmentStatus, Transition
from tests.accounts.factories import OrganisationFactory
from tests.programmes.factories import EnrolmentFactory


def test_objects_are_inserted_and_receive_their_primary_keys(db):
    users = [User(email=f"bulk{n}@exemple.invalid", first_name="A", last_name=str(n), password="!x") for n in range(7)]
    bulk.insert(User, users, key=("email",))
    assert all(user.pk for user in users)
    assert User.objects.get(pk=users[3].pk).last_name == "3"
    assert User.objects.get(pk=users[3].pk).date_joined is not None


def test_foreign_keys_assigned_before_the_related_row_existed_are_resolved(db):
    operator = OrganisationFactory()
    user = User(email="a@exemple.invalid", password="!x")
    bulk.insert(User, [user], key=("email",))
    membership = Membership(user=user, organisation=operator, role=Role.BENEFICIARY)
    bulk.insert(Membership, [membership])
    assert Membership.objects.get().user == user


def test_values_are_converted_per_column_type_and_defaults_filled(db):
    enrolment = EnrolmentFactory()
    at = timezone.make_aware(datetime.datetime(2021, 6, 1, 12))
    bulk.insert_values(
        Transition,
        ("enrolment_id", "kind", "from_state", "to_state", "at"),
        [(enrolment.pk, Transition.Kind.STATUS, EnrolmentStatus.INVITED, "active", at)],
    )
    transition = Transition.objects.get()
    assert (transition.to_state, transition.at, transition.reason_code, transition.note) == ("active", at, "", "")


def test_an_unknown_or_missing_required_column_is_refused(db):
    with pytest.raises(ValueError):
        bulk.insert_values(Transition, ("enrolment_id", "colour"), [(1, "blue")])
    with pytest.raises(ValueError):
        bulk.insert_values(Enrolment, ("status",), [("active",)])
