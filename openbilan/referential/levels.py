"""The qualification levels of the 2019 national nomenclature (décret n° 2019-14): the codes stored and read in
cohort files and imperatives, and the level number each stands for. Pure Python, no Django import.

"infra3" gathers everything below level 3 (no diploma, or below the CAP); it counts as level 2. The labels a person
reads are in referential/choices.py (QualificationLevel), which uses these codes.
"""

from __future__ import annotations

INFRA_3 = "infra3"
CODES: tuple[str, ...] = (INFRA_3, "3", "4", "5", "6", "7", "8")
NUMBERS: dict[str, int] = {INFRA_3: 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8}
