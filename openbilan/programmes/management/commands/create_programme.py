import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from openbilan.accounts import services as accounts
from openbilan.accounts.models import Organisation
from openbilan.programmes import services
from openbilan.programmes.errors import NotAllowed


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date: write it YYYY-MM-DD.") from None


def _organisation(name: str, kind: str) -> Organisation:
    existing = Organisation.objects.filter(name__iexact=name, kind=kind).first()
    if existing is not None:
        return existing
    slug = slugify(name)[:80] or kind
    if Organisation.objects.filter(slug=slug).exclude(kind=kind).exists():
        slug = f"{slug[:70]}-{kind}"
    return accounts.upsert_organisation(slug=slug, name=name, kind=kind)


class Command(BaseCommand):
    help = "Create a programme, or update the one with this slug (safe to run twice)."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--name", required=True)
        parser.add_argument("--funder", required=True, help="The funder's name (created if it does not exist).")
        parser.add_argument("--operator", help="The operator's name (default: the only operator, or the site's).")
        parser.add_argument("--starts", type=_date, help="YYYY-MM-DD")
        parser.add_argument("--ends", type=_date, help="YYYY-MM-DD")
        parser.add_argument("--capacity", type=int)

    def handle(self, *args, slug, name, funder, operator=None, starts=None, ends=None, capacity=None, **options):
        if slug != slugify(slug) or not slug:
            raise CommandError(f"{slug!r} is not a valid identifier: use lower-case letters, digits and hyphens.")
        if capacity is not None and capacity < 1:
            raise CommandError("--capacity must be a positive number.")
        if operator is None:
            operators = Organisation.objects.filter(kind=Organisation.Kind.OPERATOR)
            only = operators.first() if operators.count() == 1 else None
            operator_org = only or _organisation(settings.OPENBILAN_OPERATOR_NAME, Organisation.Kind.OPERATOR)
        else:
            operator_org = _organisation(operator, Organisation.Kind.OPERATOR)
        try:
            programme = services.upsert_programme(
                slug=slug,
                name=name,
                operator=operator_org,
                funder=_organisation(funder, Organisation.Kind.FUNDER),
                starts_on=starts,
                ends_on=ends,
                capacity=capacity,
            )
        except NotAllowed as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Programme {programme.slug}: {programme.name} ({programme.funder})"))
