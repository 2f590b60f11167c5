"""Turn the projects domain's plain data (criteria checks, evidence snapshots, history) into what the pages show."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from openbilan.projects import criteria, snapshot, workflow
from openbilan.projects.models import FundingSource, Opening, ProjectState
from openbilan.projects.selectors import ProjectView

CRITERIA = {
    "alignment": (
        _("Cohérence avec vos résultats"),
        _("Ce que vos questionnaires, vos valeurs et votre expérience disent de ce projet."),
    ),
    "feasibility": (
        _("Faisabilité"),
        _("Le projet respecte vos impératifs (horaires, mobilité, santé) et les conditions d'accès au métier."),
    ),
    "labour_market": (_("Marché du travail"), _("Les offres que vous avez vues, les employeurs rencontrés.")),
    "funding": (_("Formation et financement"), _("La formation nécessaire, s'il en faut une, et comment la financer.")),
    "action_plan": (_("Plan d'action"), _("Les étapes pour réaliser le projet, chacune avec une date.")),
    "field": (
        _("Preuves du terrain"),
        _("Au moins deux enquêtes métier ou un stage court en entreprise (immersion), chacun avec son compte rendu."),
    ),
}

MISSING = {
    "alignment_not_taken": _(
        "Les éléments de cohérence n'ont pas pu être repris : faites d'abord vos questionnaires, puis actualisez-les."
    ),
    "alignment_note": _("Écrivez pourquoi ce projet vous correspond."),
    "feasibility": _("Expliquez comment ce projet respecte vos impératifs et les conditions d'accès."),
    "feasibility_contradicted": _(
        "Les faits contredisent ce projet : d'après vos impératifs, ce métier est écarté (la raison est donnée "
        "plus haut). Revoyez vos impératifs ou le projet avec votre consultant·e, puis actualisez les éléments."
    ),
    "market": _("Notez au moins une offre consultée ou un employeur rencontré."),
    "training_unknown": _("Dites si une formation est nécessaire."),
    "no_training_note": _("Dites en quelques mots pourquoi aucune formation n'est nécessaire."),
    "training_name": _("Indiquez la formation choisie."),
    "funding_source": _("Choisissez au moins un financement."),
    "steps": _("Ajoutez des étapes datées : %(needed)s au moins."),
    "field": _("Faites des enquêtes métier (%(interviews)s au moins) ou une immersion, avec leur compte rendu."),
}

EVENTS = {
    "created": _("Projet créé"),
    "submit": _("Soumis pour validation"),
    "withdraw": _("Demande de validation retirée"),
    "request_changes": _("Modifications demandées"),
    "validate": _("Validé"),
}


def render(text) -> str:
    """A snapshot of the suggestions' Text, in the reader's language."""
    value = snapshot.load(text)
    if value is None:
        return ""
    return value.render(gettext, lambda number: number_format(number, 2))


@dataclass(frozen=True)
class CriterionRow:
    kind: str
    title: str
    help: str
    met: bool
    missing: str
    comment: str  # the reviewer's comment on this criterion, when changes were asked


def criterion_rows(view: ProjectView) -> list[CriterionRow]:
    comments = view.review.criteria_comments if view.review else {}
    rows = []
    for check in view.checks:
        title, help_text = CRITERIA[check.kind]
        missing = ""
        if not check.met:
            missing = str(MISSING.get(check.missing, "")) % {
                "needed": criteria.MIN_STEPS,
                "interviews": criteria.MIN_INTERVIEWS,
            }
        rows.append(
            CriterionRow(check.kind, str(title), str(help_text), check.met, missing, comments.get(check.kind, ""))
        )
    return rows


def alignment(evidence: dict) -> dict | None:
    if not evidence:
        return None
    return {
        "rank": evidence.get("rank"),
        "eligible": evidence.get("eligible"),
        "reasons": [
            {"kind": r["kind"], "text": render(r["text"]), "counts": r.get("weight", 0) > 0}
            for r in evidence.get("reasons", [])
        ],
    }


def feasibility(evidence: dict) -> dict | None:
    if not evidence:
        return None
    return {
        "entry": render(evidence.get("entry")),
        "training": render(evidence.get("training")),
        "excluded_by": render(evidence.get("excluded_by")) if evidence.get("excluded_by") else "",
        "local_demand": render(evidence.get("local_demand")) if evidence.get("local_demand") else "",
        "travel_km": evidence.get("travel_km"),
    }


def funding_labels(codes: list[str]) -> list[str]:
    labels = dict(FundingSource.choices)
    return [str(labels.get(code, code)) for code in codes]


def event_label(event) -> str:
    if event.action == "validate" and event.to_state == ProjectState.SECOND_REVIEW:
        return gettext("Validé par le ou la consultant·e : en attente du second relecteur")
    return str(EVENTS.get(event.action, event.action))


def actions_for(access, view: ProjectView) -> list[str]:
    state = view.project.state
    if access.is_person:
        if workflow.editable(state):
            return ["submit"]
        return ["withdraw"] if state == ProjectState.SUBMITTED else []
    if (access.is_coach and state == ProjectState.SUBMITTED) or (
        access.is_reviewer and state == ProjectState.SECOND_REVIEW
    ):
        return ["request_changes", "validate"]
    return []


def opening_label(opening: Opening) -> str:
    what = gettext("votre projet") if opening.project_id else gettext("votre synthèse")
    if opening.via == Opening.Via.LINK:
        return gettext("%(format)s de %(what)s, par le lien « %(recipient)s »") % {
            "format": opening.get_format_display(),
            "what": what,
            "recipient": opening.link.recipient if opening.link else "?",
        }
    who = opening.actor.get_full_name() if opening.actor else gettext("un compte supprimé")
    return gettext("%(format)s de %(what)s, par %(who)s (%(via)s)") % {
        "format": opening.get_format_display(),
        "what": what,
        "who": who,
        "via": opening.get_via_display().lower(),
    }


def draft_texts(doc: dict) -> dict[str, str]:
    """A first draft of the coach's four texts, from the facts of the journey (the coach rewrites them)."""
    facts = doc["facts"]
    circumstances = ngettext(
        "Bilan de compétences réalisé dans le cadre du programme « %(programme)s », commencé le %(started)s, avec "
        "%(interviews)s entretien avec votre consultant·e.",
        "Bilan de compétences réalisé dans le cadre du programme « %(programme)s », commencé le %(started)s, avec "
        "%(interviews)s entretiens avec votre consultant·e.",
        facts.get("interviews", 0),
    ) % {
        "programme": facts.get("programme", ""),
        "started": doc["started"] or "?",
        "interviews": facts.get("interviews", 0),
    }
    skills = []
    if doc["chart_rows"]:
        top = ", ".join(row.name for row in sorted(doc["chart_rows"], key=lambda row: -row.score)[:3])
        skills.append(gettext("Vos centres d'intérêt les plus forts : %(top)s.") % {"top": top})
    if doc["values"]:
        skills.append(gettext("Ce qui compte le plus pour vous : %(values)s.") % {"values": ", ".join(doc["values"])})
    if doc["skills"]:
        skills.append(gettext("Compétences confirmées : %(skills)s.") % {"skills": ", ".join(doc["skills"][:8])})
    kept = [o["label"] for o in doc["options"] if o.get("shortlisted")]
    options = gettext("Pistes retenues pour approfondir : %(kept)s.") % {"kept": ", ".join(kept)} if kept else ""
    project_lines = [
        gettext("%(title)s (%(code)s) : %(state)s.")
        % {"title": p["title"], "code": p["code"], "state": p["state_label"]}
        for p in doc["projects"]
    ]
    return {
        "circumstances": circumstances,
        "skills": " ".join(skills),
        "options": options,
        "project": "\n".join(project_lines),
    }
