from django.core.management.base import BaseCommand

from openbilan.reporting import services


class Command(BaseCommand):
    help = (
        "Make the funders' publications due today: the first one, the monthly ones (from the first day of each month) "
        "and the end-of-programme one, each when at least 11 people have a new situation (docs/REPORTING.md). "
        "Run it once a day."
    )

    def handle(self, *args, **options):
        made = services.publish_due()
        for publication in made:
            self.stdout.write(
                f"{publication.programme.slug}: {publication.get_kind_display()} au {publication.as_of.isoformat()}"
            )
        self.stdout.write(self.style.SUCCESS(f"{len(made)} publication(s)."))
