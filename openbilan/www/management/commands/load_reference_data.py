from django.core.management.base import BaseCommand

from openbilan.domains import domain_modules


class Command(BaseCommand):
    help = (
        "Load the reference data shipped under data/ (ROME, O*NET, instruments...). Each domain with a "
        "`reference.py` module loads its part; every loader is idempotent."
    )

    def handle(self, *args, **options):
        loaded = 0
        for module in domain_modules("reference"):
            module.load(stdout=self.stdout)
            loaded += 1
        self.stdout.write(self.style.SUCCESS(f"Reference data loaded by {loaded} domain(s)."))
