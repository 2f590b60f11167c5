"""Six-score O*NET profiles (interests, work values) for ROME occupations. Pure Python, no Django import.

The chain, documented in docs/DATA.md and reproducible from the raw official files:

1. ROME appellation (code_ogr) -> ESCO occupation, through the official ESCO-ROME mapping (France Travail, V1.4).
   Each appellation has one ESCO target; its mapping relation gives a weight w1 (RELATION_WEIGHTS).
2. ESCO occupation -> O*NET-SOC occupations, through the official ESCO-O*NET crosswalk (ESCO and US DOL, 2022),
   each link with a weight w2 from its type of match. Only O*NET codes with data count; a detailed code without
   data (e.g. 11-1011.03) uses its `.00` parent when that one has data. An ESCO occupation with no usable link
   borrows the links of its nearest broader concept in the ESCO hierarchy (a broader ESCO occupation, or its ISCO-08
   group, which the crosswalk maps as exactISCO), up to MAX_BROADER_STEPS levels, at BROADER_ESCO_FACTOR.
3. Each (appellation, O*NET code) path weighs w1 * w2 / n, n being the number of usable links of that ESCO
   occupation: an ESCO occupation linked to ten O*NET codes does not count ten times.
4. The `direct` profile of a ROME code is the weighted mean, over all its paths, of the six O*NET scores
   (Interests: OI scale 1-7; Work Values: EX scale 1-7), rounded to two decimals.
5. Fallbacks for a code with no path: its ROME parent code's direct profile (`parent`), else the plain mean of the
   direct profiles of the codes sharing its parent (`siblings`), else no profile (`none`: e.g. military
   occupations, which O*NET does not describe; they keep ROME's own RIASEC letters).

The weights are a documented heuristic of this project, not an official method.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from openbilan.referential import riasec

INTEREST_ELEMENTS = ("Realistic", "Investigative", "Artistic", "Social", "Enterprising", "Conventional")
INTEREST_LETTERS = riasec.LETTERS  # in the order of INTEREST_ELEMENTS, O*NET's names for them
WORK_VALUE_ELEMENTS = ("Achievement", "Independence", "Recognition", "Relationships", "Support", "Working Conditions")
WORK_VALUE_KEYS = ("achievement", "independence", "recognition", "relationships", "support", "working_conditions")

# exactISCO: the crosswalk maps an ISCO group (reached only through the ESCO hierarchy) to an O*NET code.
RELATION_WEIGHTS = {"exactmatch": 1.0, "closematch": 0.8, "narrowmatch": 0.6, "broadmatch": 0.5, "exactisco": 0.5}
BROADER_ESCO_FACTOR = 0.5
MAX_BROADER_STEPS = 3

DIRECT, PARENT, SIBLINGS, NONE = "direct", "parent", "siblings", "none"
SOURCES = (DIRECT, PARENT, SIBLINGS, NONE)


def relation_weight(relation: str) -> float | None:
    """Weight of a SKOS mapping relation ('skos:exactMatch', 'closeMatch'...); None for an unknown relation."""
    return RELATION_WEIGHTS.get(relation.strip().lower().removeprefix("skos:"))


@dataclass(frozen=True)
class Profile:
    scores: tuple[float, ...] | None
    source: str
    basis: dict = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Chain:
    """The crosswalk inputs shared by every profile built over them."""

    parent_of: Mapping[str, str]  # code_rome -> code_rome_parent (every ROME code)
    appellation_code: Mapping[int, str]  # appellation code_ogr -> code_rome
    esco_rome: Sequence[tuple[str, int, str]]  # (ESCO URI, appellation code_ogr, relation)
    esco_onet: Sequence[tuple[str, str, str]]  # (O*NET-SOC code, ESCO URI, type of match)
    esco_broader: Mapping[str, Sequence[str]] = field(default_factory=dict)  # ESCO URI -> broader URIs


def scores_by_code(
    rows: Iterable[tuple[str, str, str, float]], elements: Sequence[str], scale: str
) -> dict[str, tuple]:
    """O*NET rows (code, element name, scale id, value) -> {code: six values in `elements` order}; complete only."""
    partial: dict[str, dict[str, float]] = defaultdict(dict)
    for code, element, scale_id, value in rows:
        if scale_id == scale and element in elements:
            partial[code][element] = value
    return {
        code: tuple(values[e] for e in elements) for code, values in partial.items() if len(values) == len(elements)
    }


def _onet_links(chain: Chain) -> dict[str, list[tuple[str, float]]]:
    links: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for onet, uri, match in chain.esco_onet:
        weight = relation_weight(match)
        if weight is not None:
            links[uri].append((onet, weight))
    return links


def _data_code(onet: str, scores: Mapping[str, tuple]) -> str | None:
    if onet in scores:
        return onet
    parent = onet[:-3] + ".00"
    return parent if parent in scores else None


def _resolve_esco(uri: str, links: Mapping, broader: Mapping, scores: Mapping) -> tuple[list[tuple[str, float]], int]:
    """The usable O*NET links (code with data, weight) of an ESCO occupation, or else of its nearest broader concepts;
    and how many steps up the hierarchy they came from."""
    frontier, seen = [uri], {uri}
    for steps in range(MAX_BROADER_STEPS + 1):
        found = [
            (data, weight) for u in frontier for onet, weight in links.get(u, ()) if (data := _data_code(onet, scores))
        ]
        if found:
            return found, steps
        frontier = sorted({b for u in frontier for b in broader.get(u, ()) if b not in seen})
        seen.update(frontier)
        if not frontier:
            break
    return [], 0


def _mean(vectors: Sequence[tuple[tuple[float, ...], float]]) -> tuple[float, ...]:
    total = sum(weight for _, weight in vectors)
    size = len(vectors[0][0])
    return tuple(round(sum(v[i] * w for v, w in vectors) / total, 2) for i in range(size))


def build_profiles(chain: Chain, scores: Mapping[str, tuple[float, ...]]) -> dict[str, Profile]:
    """One Profile per ROME code of `chain.parent_of`, with its provenance in `basis`."""
    links = _onet_links(chain)
    resolved: dict[str, tuple[list[tuple[str, float]], int]] = {}
    weights: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    esco_used: dict[str, set[str]] = defaultdict(set)
    broader_used: dict[str, set[str]] = defaultdict(set)
    appellations_used: dict[str, set[int]] = defaultdict(set)
    for uri, code_ogr, relation in sorted(chain.esco_rome):
        code = chain.appellation_code.get(code_ogr)
        rome_weight = relation_weight(relation)
        if code is None or rome_weight is None:
            continue
        if uri not in resolved:
            resolved[uri] = _resolve_esco(uri, links, chain.esco_broader, scores)
        usable, steps = resolved[uri]
        if not usable:
            continue
        share = rome_weight * (BROADER_ESCO_FACTOR if steps else 1.0) / len(usable)
        for data, onet_weight in usable:
            weights[code][data] += share * onet_weight
        esco_used[code].add(uri)
        appellations_used[code].add(code_ogr)
        if steps:
            broader_used[code].add(uri)

    profiles: dict[str, Profile] = {}
    for code in sorted(chain.parent_of):
        onet_weights = weights.get(code)
        if onet_weights:
            ordered = sorted(onet_weights.items(), key=lambda item: (-item[1], item[0]))
            total = sum(onet_weights.values())
            profiles[code] = Profile(
                scores=_mean([(scores[onet], weight) for onet, weight in sorted(onet_weights.items())]),
                source=DIRECT,
                basis={
                    "onet": [[onet, round(weight / total, 3)] for onet, weight in ordered],
                    "esco": len(esco_used[code]),
                    "esco_via_broader": len(broader_used[code]),
                    "appellations": len(appellations_used[code]),
                },
            )
    children: dict[str, list[str]] = defaultdict(list)
    for code, parent in chain.parent_of.items():
        children[parent].append(code)
    for code in sorted(chain.parent_of):
        if code in profiles:
            continue
        parent = chain.parent_of[code]
        if parent != code and parent in profiles and profiles[parent].source == DIRECT:
            profiles[code] = Profile(profiles[parent].scores, PARENT, {"from": [parent]})
            continue
        siblings = sorted(s for s in children[parent] if s != code and s in profiles and profiles[s].source == DIRECT)
        if siblings:
            profiles[code] = Profile(_mean([(profiles[s].scores, 1.0) for s in siblings]), SIBLINGS, {"from": siblings})
        else:
            profiles[code] = Profile(None, NONE, {})
    return profiles


def coverage(profiles: Mapping[str, Profile]) -> dict[str, int]:
    """How many codes each source gave a profile to, plus the total with a profile."""
    counts = dict.fromkeys(SOURCES, 0)
    for profile in profiles.values():
        counts[profile.source] += 1
    counts["total"] = len(profiles)
    counts["profiled"] = counts["total"] - counts[NONE]
    return counts


def top_letters(scores: Sequence[float], count: int = 3) -> str:
    """The `count` highest interest letters, ties broken in RIASEC order."""
    order = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    return "".join(INTEREST_LETTERS[i] for i in order[:count])
