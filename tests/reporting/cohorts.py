"""Random cohorts for the property tests: people with a status, an outcome at the end, follow-ups, an evaluation and
their segments, counted here the simple way (one person at a time) into what the reporting selectors read."""

from collections import Counter
from dataclasses import dataclass

from hypothesis import strategies as st

from openbilan.reporting.figures import (
    DROP_REASONS,
    HELPED_MOST,
    OUTCOMES,
    STATUS_GROUP_OF,
    Dimension,
    EvaluationCounts,
    ReportData,
    outcome_group,
)

PRESCRIBERS = {1: "france_travail", 2: "france_travail", 3: "mission_locale", 4: "apec", 5: "mission_locale"}
# Zones d'emploi within their département (reporting.selectors.zone_key): "14-" is a zone not known.
ZONES = {"14": ("14-2804", "14-2804", "14-2805", "14-"), "76": ("76-2813", "76-2815"), "2A": ("2A-9401",)}


@dataclass(frozen=True)
class Person:
    status: str
    drop_reason: str
    end_outcome: str
    later: tuple  # outcome at 3, 6 and 12 months ("" when none)
    age_band: str
    qpv: bool | None
    prescriber: int | None
    departement: str
    zone: str
    gender: str
    hot: tuple | None  # (knows_self_better agrees, overcame, unexpected, helped_most)


@st.composite
def people(draw, min_size=11, max_size=90):
    size = draw(st.integers(min_value=min_size, max_value=max_size))
    # Skewed mixes, so that small cells, zeros and cells just above the threshold all happen.
    status_weights = draw(st.lists(st.integers(0, 6), min_size=5, max_size=5).filter(any))
    statuses = [
        s
        for s, w in zip(("invited", "active", "paused", "completed", "dropped"), status_weights, strict=True)
        for _ in range(w)
    ]
    result = []
    for _ in range(size):
        status = draw(st.sampled_from(statuses))
        completed = status == "completed"
        result.append(
            Person(
                status=status,
                drop_reason=draw(st.sampled_from(DROP_REASONS[:3])) if status == "dropped" else "",
                end_outcome=draw(st.sampled_from((*OUTCOMES[:4], "", "job_seeking"))) if completed else "",
                later=tuple(draw(st.sampled_from(("", "", "training", "employed_durable"))) for _ in range(3))
                if completed
                else ("", "", ""),
                age_band=draw(st.sampled_from(("under_26", "26_44", "26_44", "45_plus"))),
                qpv=draw(st.sampled_from((True, False, False, None))),
                prescriber=draw(st.sampled_from((1, 2, 2, 3, 4, 5, None))),
                departement=(departement := draw(st.sampled_from(("14", "14", "76", "2A")))),
                zone=draw(st.sampled_from(ZONES[departement])),
                gender=draw(st.sampled_from(("female", "female", "male", "other", ""))),
                hot=(
                    draw(st.booleans()),
                    draw(st.booleans()),
                    draw(st.booleans()),
                    draw(st.sampled_from(HELPED_MOST[:4])),
                )
                if completed and draw(st.booleans())
                else None,
            )
        )
    return result


def _rows(cohort, key) -> list[tuple]:
    counts = Counter((key(p), p.status, p.end_outcome) for p in cohort)
    return [(*k, n) for k, n in counts.items()]


def report_data(cohort: list[Person]) -> ReportData:
    completers = [p for p in cohort if p.status == "completed"]
    follow_ups = {}
    for i, moment in enumerate(("3m", "6m", "12m")):
        follow_ups[moment] = {
            "eligible": len(completers),
            "outcomes": dict(Counter(p.later[i] for p in completers if p.later[i])),
        }
    hot = EvaluationCounts(eligible=len(completers))
    answers = [p.hot for p in completers if p.hot]
    hot.respondents = len(answers)
    questions = ("knows_self_better", "overcame_blocks", "unexpected")
    hot.agree = {q: sum(a[i] for a in answers) for i, q in enumerate(questions)}
    hot.answered = dict.fromkeys(questions, len(answers))
    hot.helped_most = dict(Counter(a[3] for a in answers))
    return ReportData(
        programme={"programme": "p"},
        statuses=dict(Counter(p.status for p in cohort)),
        end_outcomes=dict(Counter(p.end_outcome for p in completers if p.end_outcome)),
        drop_reasons=dict(Counter(p.drop_reason for p in cohort if p.status == "dropped")),
        follow_ups=follow_ups,
        evaluations={"hot": hot},
        segments={
            "age_band": Dimension(rows=_rows(cohort, lambda p: p.age_band)),
            "qpv": Dimension(rows=_rows(cohort, lambda p: p.qpv)),
            "gender": Dimension(rows=_rows(cohort, lambda p: p.gender)),
            "departement": Dimension(rows=_rows(cohort, lambda p: p.departement)),
            "zone_emploi": Dimension(
                rows=_rows(cohort, lambda p: p.zone),
                parent="departement",
                parent_of={zone: zone.split("-")[0] for zones in ZONES.values() for zone in zones},
            ),
            "prescriber_network": Dimension(
                rows=_rows(cohort, lambda p: PRESCRIBERS.get(p.prescriber) if p.prescriber else None)
            ),
            "prescriber": Dimension(
                rows=_rows(cohort, lambda p: p.prescriber),
                parent="prescriber_network",
                parent_of={**PRESCRIBERS, None: None},
            ),
        },
    )


def truth(cohort: list[Person]) -> dict:
    """The true count behind each path of the attacker's system (tests.reporting.attacker)."""
    values: Counter = Counter()
    values[("enrolled",)] = len(cohort)
    for p in cohort:
        group = STATUS_GROUP_OF[p.status]
        values[("status", group)] += 1
        values[("detail", p.status)] += 1
        if p.status == "dropped":
            values[("drop", p.drop_reason)] += 1
        if p.status == "completed":
            values[("completed",)] += 1
            kind = p.end_outcome or "unknown"
            values[("outcome", kind)] += 1
            if outcome_group(kind) == "employed":
                values[("outcome", "employed")] += 1
        segments = {
            "age_band": p.age_band,
            "qpv": "" if p.qpv is None else p.qpv,
            "gender": p.gender,
            "departement": p.departement,
            "zone_emploi": p.zone,
            "prescriber_network": PRESCRIBERS.get(p.prescriber, "") if p.prescriber else "",
            "prescriber": "" if p.prescriber is None else p.prescriber,
        }
        for name, value in segments.items():
            values[(name, value, "enrolled")] += 1
            values[(name, value, "status", group)] += 1
            if p.status == "completed":
                values[(name, value, "completed")] += 1
                values[(name, value, "outcome", outcome_group(p.end_outcome or "unknown"))] += 1
    return values
