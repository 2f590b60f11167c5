"""Synthetic occupations for the pure ranking tests (no database): small, varied, reproducible."""

import random

from openbilan.recommendations.ranking import OccupationRecord, prepare

NIGHT, WEEKEND, HEAVY, STANDING, TRAVEL, PUBLIC = 300803, 23376, 300795, 300800, 300779, 403020
INDEPENDENT, LIBERAL, PRIVATE_EMPLOYEE = 403106, 403102, 403103
EXCLUDABLE = (NIGHT, WEEKEND, HEAVY, STANDING, TRAVEL, PUBLIC)
CONTEXT_LABELS = {
    NIGHT: "Travail de nuit",
    WEEKEND: "Travail les week-ends et jours fériés",
    HEAVY: "Port et manipulation de charges lourdes ou encombrantes",
    STANDING: "Station debout prolongée",
    TRAVEL: "Déplacements professionnels",
    PUBLIC: "En contact avec du public",
    INDEPENDENT: "Travailleur indépendant",
    LIBERAL: "Profession libérale",
    PRIVATE_EMPLOYEE: "Salarié secteur privé (CDI, CDD)",
}
ACCESS = (
    "Cet emploi est accessible sans diplôme.",
    "Cet emploi est accessible avec un CAP.",
    "Cet emploi est accessible avec un Bac professionnel.",
    "Cet emploi est accessible avec un BTS.",
    "Cet emploi est accessible avec une Licence.",
    "Cet emploi est accessible avec un Master.",
    "Cet emploi est accessible avec une expérience dans le secteur.",
    "Cet emploi est accessible avec un Diplôme d'Etat d'Infirmier, obligatoire pour exercer.",
)
DOMAINS = "ADGHJKMN"


def record(code, *, label=None, parent=None, riasec="S", interests=None, values=None, **kwargs) -> OccupationRecord:
    return OccupationRecord(
        code=code,
        label=label or f"Métier {code}",
        parent_code=parent or code,
        riasec=riasec,
        interests=interests,
        values=values,
        **kwargs,
    )


def _code(n: int) -> str:
    return f"{DOMAINS[n % len(DOMAINS)]}{1100 + n:04d}"


def random_records(seed: int = 7, count: int = 60) -> list[OccupationRecord]:
    """`count` occupations over 8 grands domaines, 3 per parent code, with random profiles, skills and contexts."""
    rng = random.Random(seed)
    records = []
    for n in range(count):
        domain = DOMAINS[n % len(DOMAINS)]
        code = _code(n)
        within = n // len(DOMAINS)  # parents group three codes of the same grand domaine, as in the ROME
        parent = _code(n - len(DOMAINS) * (within % 3))
        contexts = rng.sample((*EXCLUDABLE, INDEPENDENT, LIBERAL, PRIVATE_EMPLOYEE), rng.randint(0, 4))
        records.append(
            record(
                code,
                parent=parent,
                riasec=rng.choice("RIASEC") + rng.choice(["", *"RIASEC"]),
                interests=None if n % 11 == 5 else [round(rng.uniform(1, 7), 2) for _ in range(6)],
                values=None if n % 13 == 6 else [round(rng.uniform(1, 7), 2) for _ in range(6)],
                core_skills=rng.sample(range(1000, 1040), 6),
                contexts=contexts,
                centres_principal=(rng.randint(1, 10),),
                centres_secondary=(rng.randint(11, 20),),
                mobility=[_code((n + k) % count) for k in (1, 2, 3)],
                access=rng.choice(ACCESS),
                domain=domain,
            )
        )
    return records


def random_prepared(seed: int = 7, count: int = 60):
    return prepare(
        random_records(seed, count),
        version=f"test-{seed}",
        skill_labels={skill: f"Compétence {skill}" for skill in range(1000, 1040)},
        centre_labels={centre: f"Centre {centre}" for centre in range(1, 21)},
        context_labels=CONTEXT_LABELS,
    )
