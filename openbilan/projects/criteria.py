"""The six validation criteria of a professional project and what each needs. Pure Python, no Django import.

A criterion is met when its evidence is there:
- alignment: the fit evidence from the suggestions was taken, and the person says in their words why it fits;
- feasibility: the person explains how the project respects their imperatives and the entry requirements, and the
  facts do not contradict it (the suggestions did not set the occupation aside for this person: training longer than
  they accept, a working condition they excluded, self-employment they refuse);
- labour market: at least MIN_MARKET element (an offer seen, an employer met...);
- training and funding: either no training is needed (and the person says why), or a training is named with at
  least one funding source chosen;
- action plan: at least MIN_STEPS steps, each dated;
- field evidence: at least MIN_INTERVIEWS interviews with professionals, or MIN_IMMERSIONS immersion (PMSMP), each
  with its debrief.
The coach validates only when every criterion is met; the person submits only then too.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("alignment", "feasibility", "labour_market", "funding", "action_plan", "field")
MIN_MARKET = 1
MIN_STEPS = 2
MIN_INTERVIEWS = 2
MIN_IMMERSIONS = 1


@dataclass(frozen=True)
class Evidence:
    alignment_taken: bool = False
    alignment_note: str = ""
    feasibility_note: str = ""
    feasibility_contradicted: bool = False  # the facts set the occupation aside for this person
    market_entries: int = 0
    training_needed: bool | None = None
    training_name: str = ""
    funding_sources: int = 0
    funding_note: str = ""
    dated_steps: int = 0
    interviews: int = 0  # interviews with a debrief (network meetings and those noted by the person)
    immersions: int = 0  # immersions with a debrief


@dataclass(frozen=True)
class Check:
    kind: str
    met: bool
    missing: str = ""  # a code saying what is missing; "" when met
    count: int = 0  # how much evidence there is (for "1 of 2")
    needed: int = 0


def _filled(text: str) -> bool:
    return bool(text and text.strip())


def check(evidence: Evidence) -> list[Check]:
    e = evidence
    out = []
    if not e.alignment_taken:
        out.append(Check("alignment", False, "alignment_not_taken"))
    elif not _filled(e.alignment_note):
        out.append(Check("alignment", False, "alignment_note"))
    else:
        out.append(Check("alignment", True))
    if e.feasibility_contradicted:
        out.append(Check("feasibility", False, "feasibility_contradicted"))
    else:
        filled = _filled(e.feasibility_note)
        out.append(Check("feasibility", filled, "" if filled else "feasibility"))
    market_met = e.market_entries >= MIN_MARKET
    out.append(Check("labour_market", market_met, "" if market_met else "market", e.market_entries, MIN_MARKET))
    if e.training_needed is None:
        out.append(Check("funding", False, "training_unknown"))
    elif e.training_needed is False:
        met = _filled(e.funding_note)
        out.append(Check("funding", met, "" if met else "no_training_note"))
    elif not _filled(e.training_name):
        out.append(Check("funding", False, "training_name"))
    else:
        met = e.funding_sources > 0
        out.append(Check("funding", met, "" if met else "funding_source", e.funding_sources, 1))
    steps_met = e.dated_steps >= MIN_STEPS
    out.append(Check("action_plan", steps_met, "" if steps_met else "steps", e.dated_steps, MIN_STEPS))
    field_met = e.interviews >= MIN_INTERVIEWS or e.immersions >= MIN_IMMERSIONS
    out.append(Check("field", field_met, "" if field_met else "field", e.interviews, MIN_INTERVIEWS))
    return out


def all_met(checks: list[Check]) -> bool:
    return all(c.met for c in checks)
