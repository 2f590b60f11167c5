"""The ranking arrays, built once per referential import from the referential's selectors and kept in process.

`prepared()` returns the same `ranking.Prepared` to every request until a new referential import lands: the import's
id, checksum and date form the version key (one small query per call). Without any import row (an empty or
hand-built referential, as in tests) nothing is cached.
"""

from __future__ import annotations

import threading

from openbilan.recommendations import ranking
from openbilan.referential import selectors as referential
from openbilan.referential.models import (
    CentreInteret,
    CoreLevel,
    Occupation,
    OccupationCentreInteret,
    OccupationSkill,
    WorkContext,
)

_lock = threading.Lock()
_cache: dict[str, ranking.Prepared] = {}


def version_key() -> str | None:
    last = referential.last_import()
    if last is None:
        return None
    return f"{last.pk}:{last.checksum}:{last.finished_at.isoformat()}"


def build(version: str = "") -> ranking.Prepared:
    """Read every active occupation and what ranking needs about it (a fixed number of queries)."""
    vectors = referential.occupation_vectors()
    core = referential.core_skills_by_code()
    contexts = referential.work_contexts_by_code()
    mobility = referential.mobility_targets()
    extra = {
        code: (parent, access, (basis or {}).get("esco"))
        for code, parent, access, basis in Occupation.objects.filter(is_active=True).values_list(
            "code_rome", "parent_code", "access", "interest_basis"
        )
    }
    principal: dict[str, set[int]] = {}
    secondary: dict[str, set[int]] = {}
    for code, centre, is_principal in OccupationCentreInteret.objects.filter(occupation__is_active=True).values_list(
        "occupation__code_rome", "centre__code", "is_principal"
    ):
        (principal if is_principal else secondary).setdefault(code, set()).add(centre)
    records = []
    for i, code in enumerate(vectors.codes):
        parent, access, evidence = extra.get(code, (code, "", None))
        records.append(
            ranking.OccupationRecord(
                code=code,
                label=vectors.labels[i],
                parent_code=parent or code,
                riasec=vectors.riasec_majeur[i] + (vectors.riasec_mineur[i] or ""),
                interests=vectors.interests[i],
                values=vectors.work_values[i],
                core_skills=core.get(code, ()),
                contexts=contexts.get(code, ()),
                centres_principal=tuple(sorted(principal.get(code, ()))),
                centres_secondary=tuple(sorted(secondary.get(code, set()) - principal.get(code, set()))),
                mobility=mobility.get(code, ()),
                access=access,
                interest_source=vectors.interest_sources[i],
                interest_evidence=evidence if isinstance(evidence, int) else None,
                domain=code[:1],
            )
        )
    # The names of every core skill. Read from the links themselves: excluding through the skill's links would also
    # drop a skill that is core for one occupation and complementary for another (its code would show instead).
    skill_labels = dict(
        OccupationSkill.objects.filter(occupation__is_active=True)
        .exclude(core=CoreLevel.NONE)
        .values_list("skill__code_ogr", "skill__label")
        .distinct()
    )
    return ranking.prepare(
        records,
        version=version,
        skill_labels=skill_labels,
        centre_labels=dict(CentreInteret.objects.values_list("code", "label")),
        context_labels=dict(WorkContext.objects.values_list("code_ogr", "label")),
    )


def prepared() -> ranking.Prepared:
    """The arrays for the current referential, built on first use after each import."""
    key = version_key()
    if key is None:
        return build("uncached")
    found = _cache.get(key)
    if found is not None:
        return found
    with _lock:
        found = _cache.get(key)
        if found is None:
            found = build(key)
            _cache.clear()
            _cache[key] = found
    return found


def clear() -> None:
    _cache.clear()
