import json

from django.core.management.base import BaseCommand, CommandError

from openbilan.training import selectors


class Command(BaseCommand):
    help = (
        "Print the current certifications that lead to an occupation (ROME 4.0 code), most precise link first: "
        '[{"code", "title", "level", "active", "replaces", "certifiers"}]. --level N keeps level N (--spread S: '
        "levels N-S to N+S). Exit status 2 for an unknown occupation."
    )

    def add_arguments(self, parser):
        parser.add_argument("code_rome")
        parser.add_argument("--level", type=int, choices=range(1, 9), metavar="N")
        parser.add_argument("--spread", type=int, default=0, choices=range(0, 8), metavar="S")
        parser.add_argument("--format", choices=("json", "text"), default="text")

    def handle(self, *args, code_rome, level=None, spread=0, format="text", **options):
        cards = selectors.current_for_occupation(code_rome, level=level, spread=spread)
        if cards is None:
            raise CommandError(f"Unknown ROME code: {code_rome!r} (no such occupation in ROME 4.0).", returncode=2)
        if format == "json":
            rows = [
                {
                    "code": card.code,
                    "title": card.title,
                    "level": card.level,
                    "active": card.is_active,
                    "replaces": list(card.replaces),
                    "certifiers": list(card.certifiers),
                }
                for card in cards
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for card in cards:
            level_text = f"niveau {card.level}" if card.level else "niveau ?"
            self.stdout.write(f"{card.code}\t{level_text}\t{card.title}\t{', '.join(card.certifiers)}")
        self.stdout.write(f"{len(cards)} certification(s).")
