"""Every beneficiary-facing French text the plain-language test reviews, with the kind it is reviewed as.

Sources (docs/PLAIN_LANGUAGE.md, "What is reviewed"):
- the questionnaire files (openbilan/assessments/instruments/*.json): name, summary, purpose, instructions, French
  adaptation note, answer labels, every item asked, value cards, scale names and reading texts;
- the journey template (openbilan/journeys/data/*.json): titles and purposes of phases, modules and activities, and
  the work contexts a person may rule out;
- the introspection exercises: driver texts (www/journeys/exercises.py) and the labels, help texts and choices of
  the forms a beneficiary fills in (www/journeys/forms.py, www/projects/forms.py);
- the templates a beneficiary sees (`BENEFICIARY_TEMPLATES`): every `{% translate %}` and `{% blocktranslate %}` text,
  except the branches only staff see (`STAFF_BRANCHES`). Which templates are left out, and why: `LEFT_OUT_TEMPLATES`.

Staff-only forms (template editor, interview log, skipping an activity, the coach's synthesis draft) are left out,
as are bibliographic notices (source, attribution, validation population): they cite names, dates and sample sizes.

Run `python -m tests.plain_language.inventory` for a table of every text, its score and its problems.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from openbilan.plain_language import review

ROOT = Path(__file__).resolve().parents[2]
INSTRUMENTS = sorted((ROOT / "openbilan" / "assessments" / "instruments").glob("*.json"))
JOURNEY_DATA = ROOT / "openbilan" / "journeys" / "data"


@dataclass(frozen=True)
class Text:
    source: str  # file or module
    key: str  # where in it
    kind: str  # a plain_language kind: item, label, prompt
    text: str
    msgid: str = ""  # for a gettext text read from code: its msgid (placeholders kept), to find its translation

    @property
    def problems(self):
        return review(self.text, self.kind)


def instrument_texts(paths=None) -> list[Text]:
    texts = []
    for path in INSTRUMENTS if paths is None else paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        source = f"instruments/{path.name}"

        def add(key, kind, value, source=source):
            if value:
                texts.append(Text(source, key, kind, value))

        add("name", "label", data["name"]["fr"])
        for key in ("summary", "purpose", "instructions", "adaptation"):
            add(key, "prompt", data.get(key, {}).get("fr"))
        for label in data["response_scale"].get("labels", []):
            add(f"response {label['value']}", "label", label["fr"])
        for item in data["items"]:
            if not item.get("administered", True):
                continue  # kept to score external files, never shown
            if data["kind"] == "ranking":
                add(f"card {item['id']}", "label", item["fr"])
                add(f"card {item['id']} description", "prompt", item.get("description", {}).get("fr"))
            else:
                add(f"item {item['id']}", "item", item["fr"])
        for scale in data["scales"]:
            if scale["code"] == "O6" and data["slug"] == "ipip-neo-120":
                continue  # facet not computed on the platform (its items are not asked), never shown
            add(f"scale {scale['code']} name", "label", scale["name"]["fr"])
            for key in ("description", "high", "low"):
                add(f"scale {scale['code']} {key}", "prompt", scale.get(key, {}).get("fr"))
    return texts


def journey_texts() -> list[Text]:
    texts = []
    for path in sorted(JOURNEY_DATA.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        source = f"journeys/data/{path.name}"
        if "phases" in data:
            texts.append(Text(source, "name", "label", data["name_fr"]))
            for phase in data["phases"]:
                nodes = [(f"phase {phase['code']}", phase)]
                for module in phase["modules"]:
                    nodes.append((f"module {module['slug']}", module))
                    nodes += [(f"activity {activity['slug']}", activity) for activity in module["activities"]]
                for key, node in nodes:
                    texts.append(Text(source, f"{key} title", "label", node["title_fr"]))
                    if node.get("purpose_fr"):
                        texts.append(Text(source, f"{key} purpose", "prompt", node["purpose_fr"]))
        for group in data.get("groups", []):
            texts.append(Text(source, f"group {group['title_fr']}", "label", group["title_fr"]))
            texts += [Text(source, f"context {code}", "label", fr) for code, fr, _en in group["contexts"]]
    return texts


def _form_texts(module: str, form_classes) -> list[Text]:
    from django import forms

    texts = []
    for form_class in form_classes:
        for name, field in form_class.base_fields.items():
            if isinstance(field.widget, forms.HiddenInput):
                continue
            key = f"{form_class.__name__}.{name}"
            if field.label:
                texts.append(Text(module, f"{key} label", "label", str(field.label)))
            if field.help_text:
                texts.append(Text(module, f"{key} help", "prompt", str(field.help_text)))
    return texts


def _choices(module: str, key: str, choices) -> list[Text]:
    return [Text(module, f"{key} choice {value}", "label", str(label)) for value, label in choices if value]


def form_texts() -> list[Text]:
    """Labels, help texts and choices written in the beneficiary's forms and exercises (French, the msgids)."""
    from django.utils import translation

    from openbilan.www.journeys import exercises
    from openbilan.www.journeys import forms as journey_forms
    from openbilan.www.projects import forms as project_forms

    with translation.override("fr"):
        journeys = "www/journeys/forms.py"
        projects = "www/projects/forms.py"
        texts = _form_texts(
            journeys,
            [
                journey_forms.NeedsAnalysisForm,
                journey_forms.TimelineEntryForm,
                journey_forms.DriverEntryForm,
                journey_forms.BeliefEntryForm,
                journey_forms.AspirationsForm,
                journey_forms.SelfAssessmentForm,
                journey_forms.ConsentForm,
                journey_forms.StatusForm,
                journey_forms.PreferencesForm,
            ],
        )
        texts += [
            Text(journeys, f"STATUS_ACTION_LABELS {action}", "label", str(label))
            for action, label in journey_forms.STATUS_ACTION_LABELS.items()
        ]
        texts += [
            Text("www/journeys/exercises.py", f"DRIVER_TEXTS {driver}", "prompt", str(text))
            for driver, text in exercises.DRIVER_TEXTS.items()
        ]
        texts += _form_texts(
            projects,
            [
                project_forms.AlignmentForm,
                project_forms.FeasibilityForm,
                project_forms.FundingForm,
                project_forms.MarketForm,
                project_forms.StepForm,
                project_forms.FieldForm,
                project_forms.WorkflowForm,
                project_forms.CommentForm,
                project_forms.ShareForm,
                project_forms.RetentionForm,
            ],
        )
        for form_class, name in [
            (project_forms.FundingForm, "training_needed"),
            (project_forms.RetentionForm, "months"),
        ]:
            texts += _choices(projects, f"{form_class.__name__}.{name}", form_class.base_fields[name].choices)
    return texts


# --- Templates ------------------------------------------------------------------------------------------------------
# Paths relative to openbilan/. Every template of these folders is either reviewed or left out with a reason (a test
# checks it, so a new template gets a decision).
TEMPLATE_FOLDERS = [
    "www/journeys/templates/journeys",
    "journeys/templates/journeys",
    "www/assessments/templates/assessments",
    "www/recommendations/templates/recommendations",
    "www/coaching/templates/coaching",
    "www/projects/templates/projects",
    "www/privacy/templates/privacy",
    "www/quality/templates/quality",
    "www/network/templates/network",
    "www/programmes/templates/programmes",
    "templates/dashboards",
    "templates/accounts",
    "accounts/templates/accounts",
    "templates/pages",
    "templates/errors",
]
BENEFICIARY_TEMPLATES = [
    # the person's bilan: home (inside dashboards/beneficiary.html), invitation, journey, activities, exercises, and
    # the reminder e-mails sent to the person (journeys.emails)
    *(
        f"www/journeys/templates/journeys/{name}"
        for name in [
            "home.html", "invitation.html", "journey.html", "activity.html", "status.html", "preferences.html",
            "aspirations.html", "beliefs.html", "drivers.html", "needs.html", "self_assessment.html", "timeline.html",
            "includes/entry_form.html", "includes/exercise_done.html", "includes/exercise_intro.html",
            "includes/history.html", "includes/phase_steps.html", "includes/save_status.html", "includes/finished.html",
            "includes/weeks.html", "includes/lifeline.html",
        ]
    ),
    *(
        f"journeys/templates/journeys/emails/{name}"
        for name in ["inactivity.txt", "inactivity_subject.txt", "weekly_recap.txt", "weekly_recap_subject.txt"]
    ),
    # questionnaires: list, pages, card sort, results
    *(
        f"www/assessments/templates/assessments/{name}"
        for name in [
            "list.html", "page.html", "sort.html", "results.html", "includes/cards.html", "includes/chart.html",
            "includes/progress.html", "includes/saved.html", "includes/score_table.html",
        ]
    ),
    # job suggestions
    *(
        f"www/recommendations/templates/recommendations/{name}"
        for name in [
            "list.html", "detail.html", "business.html", "profile.html", "shortlist.html", "why_not.html",
            "includes/actions.html", "includes/card.html", "includes/exploration.html", "includes/nav.html",
            "includes/shortlist_table.html", "includes/fit.html", "includes/results.html", "training.html",
        ]
    ),
    # messages and appointments with the coach
    *(
        f"www/coaching/templates/coaching/{name}"
        for name in [
            "messages.html", "messages_index.html", "appointments.html", "includes/thread.html",
            "includes/message_form.html", "includes/appointment_where.html",
        ]
    ),
    # the person's projects and synthesis
    *(
        f"www/projects/templates/projects/{name}"
        for name in [
            "index.html", "bilan.html", "project.html", "synthesis.html", "synthesis_version.html",
            "includes/criteria.html",
        ]
    ),
    "www/privacy/templates/privacy/index.html",
    "www/privacy/templates/privacy/erase.html",
    "www/privacy/templates/privacy/erased.html",
    # public offers, complaints, the person's accommodations
    *(
        f"www/quality/templates/quality/{name}"
        for name in [
            "offers.html", "offer.html", "includes/results.html", "complaint_new.html", "my_complaints.html",
            "my_accommodations.html",
        ]
    ),
    # meeting professionals: search, request, the meeting page (the person's side)
    *(
        f"www/network/templates/network/{name}"
        for name in ["index.html", "ask.html", "meeting.html", "includes/results.html"]
    ),
    # the invitation link, the surveys, the disability declaration
    *(
        f"www/programmes/templates/programmes/{name}"
        for name in [
            "invitation.html", "invitation_other_account.html", "invalid_link.html", "survey.html",
            "survey_done.html", "disability.html",
        ]
    ),
    "templates/dashboards/beneficiary.html",
    "templates/accounts/login.html",
    "templates/accounts/proposals.html",
    "templates/accounts/locked_out.html",
    "templates/accounts/password_reset_form.html",
    "templates/accounts/password_reset_done.html",
    "templates/accounts/password_reset_confirm.html",
    "templates/accounts/password_reset_complete.html",
    "accounts/templates/accounts/emails/password_reset.txt",
    "accounts/templates/accounts/emails/password_reset_subject.txt",
    "templates/pages/index.html",
    "templates/pages/contact.html",
    "templates/pages/privacy_policy.html",
    "templates/pages/accessibility.html",
    "templates/base.html",
    # the error pages everybody may meet (issue 19)
    *(
        f"templates/errors/{name}"
        for name in ["page.html", "400.html", "403.html", "403_csrf.html", "404.html", "429.html", "500.html"]
    ),
]  # fmt: skip

_COACH = "coach only (its view decorator or the page's context)"
_OPERATOR = "operator admin only (@role_required(Role.OPERATOR_ADMIN))"
_PROFESSIONAL = "the volunteer professional's pages (@role_required(Role.PROFESSIONAL) or an invitation for them)"
LEFT_OUT_TEMPLATES = {
    "www/journeys/templates/journeys/coach_index.html": _COACH,
    "www/journeys/templates/journeys/not_started.html": "shown to the coach when the person has not accepted yet",
    "www/journeys/templates/journeys/includes/coach_tools.html": _COACH,
    "www/journeys/templates/journeys/editor/activity_form.html": "journey template editor, staff only",
    "www/journeys/templates/journeys/editor/template.html": "journey template editor, staff only",
    "www/journeys/templates/journeys/editor/templates.html": "journey template editor, staff only",
    "www/journeys/templates/journeys/base.html": "no text",
    "www/journeys/templates/journeys/includes/entry_readonly.html": "no text",
    "www/assessments/templates/assessments/person.html": "the coach's list of a person's results",
    "www/assessments/templates/assessments/includes/meanings.html": "no text",
    "www/recommendations/templates/recommendations/person.html": "the coach's view of a person's suggestions",
    "www/recommendations/templates/recommendations/includes/attribution.html": (
        "bibliographic notice (ROME, O*NET, ESCO licences), like the instrument citations"
    ),
    "www/coaching/templates/coaching/person.html": _COACH,
    "www/coaching/templates/coaching/thread.html": "the coach's side of the thread (@role_required(Role.COACH))",
    "www/coaching/templates/coaching/form_page.html": "the coach's forms (notes, time, appointments)",
    "www/coaching/templates/coaching/includes/caseload.html": _COACH,
    "www/coaching/templates/coaching/includes/budget.html": _COACH,
    "www/coaching/templates/coaching/assignments.html": _OPERATOR,
    "www/coaching/templates/coaching/coach_agenda.html": _COACH,
    "www/coaching/templates/coaching/coach_inbox.html": _COACH,
    "www/programmes/templates/programmes/funder_form.html": _OPERATOR,
    "www/coaching/templates/coaching/assignment_detail.html": _OPERATOR,
    "www/coaching/templates/coaching/base.html": "no text",
    "www/coaching/templates/coaching/includes/event.html": "no text",
    "www/coaching/templates/coaching/includes/form.html": "no text",
    "www/projects/templates/projects/coach_index.html": _COACH,
    "www/projects/templates/projects/synthesis_edit.html": "the coach drafts the synthesis (404 for the person)",
    "www/projects/templates/projects/includes/coach_summary.html": _COACH,
    "www/projects/templates/projects/shared.html": "read by the adviser the person shares the synthesis with",
    "www/projects/templates/projects/shared_gone.html": "read by the adviser the person shares the synthesis with",
    "www/projects/templates/projects/base.html": "no text",
    "www/projects/templates/projects/includes/choices.html": "no text",
    "www/projects/templates/projects/includes/flash.html": "no text",
    "www/privacy/templates/privacy/two_factor.html": "two-factor sign-in, staff accounts only",
    "www/quality/templates/quality/manage.html": _OPERATOR,
    "www/quality/templates/quality/settings.html": _OPERATOR,
    "www/quality/templates/quality/offer_edit.html": _OPERATOR,
    "www/quality/templates/quality/complaints.html": _OPERATOR,
    "www/quality/templates/quality/complaint.html": _OPERATOR,
    "www/quality/templates/quality/accommodations.html": "coach and operator admin only",
    "www/network/templates/network/admin.html": _OPERATOR,
    "www/network/templates/network/professional_home.html": _PROFESSIONAL,
    "www/network/templates/network/profile.html": _PROFESSIONAL,
    "www/network/templates/network/signup.html": _PROFESSIONAL,
    "www/network/templates/network/signup_done.html": _PROFESSIONAL,
    "www/network/templates/network/invitation.html": _PROFESSIONAL,
    "www/network/templates/network/invitation_invalid.html": _PROFESSIONAL,
    "www/network/templates/network/base.html": "no text",
    "www/network/templates/network/includes/choices.html": "no text",
    "www/programmes/templates/programmes/list.html": _OPERATOR,
    "www/programmes/templates/programmes/form.html": _OPERATOR,
    "www/programmes/templates/programmes/detail.html": _OPERATOR,
    "www/programmes/templates/programmes/upload.html": _OPERATOR,
    "www/programmes/templates/programmes/preview.html": _OPERATOR,
    "www/programmes/templates/programmes/duplicates.html": _OPERATOR,
    "www/programmes/templates/programmes/includes/operator_home.html": _OPERATOR,
    "www/programmes/templates/programmes/includes/programme_cards.html": _OPERATOR,
    "www/programmes/templates/programmes/referral.html": "the prescriber's referral form",
    "www/programmes/templates/programmes/includes/prescriber_home.html": "the prescriber's dashboard",
    "www/programmes/templates/programmes/outcome.html": "the coach records the outcome (enrolment_for_coach)",
    "templates/dashboards/coach.html": _COACH,
    "templates/dashboards/funder.html": "the funder's dashboard",
    "templates/dashboards/operator.html": _OPERATOR,
    "templates/dashboards/prescriber.html": "the prescriber's dashboard",
    "templates/dashboards/no_role.html": "an account without a role (staff set-up error)",
    "templates/pages/legal_notice.html": "legal notice: publisher, licence and data sources (bibliographic)",
}

# Branches of `{% if %}` only staff see, in templates the person also sees. A branch is the `if` condition as written,
# "elif <condition>", or "else of <if condition>"; a text inside such a branch (at any depth) is left out.
_COACH_VIEW = "the coach reading the person's page"
STAFF_BRANCHES = {
    "*": {
        "as_coach": _COACH_VIEW,
        "access.is_coach": _COACH_VIEW,
        "not access.is_person": _COACH_VIEW,
        "else of access.is_person": _COACH_VIEW,
    },
    "www/journeys/templates/journeys/activity.html": {
        'skip_form and state != "skipped" and state != "done"': "the coach removes an activity (activity_skip)",
    },
    "www/journeys/templates/journeys/needs.html": {
        'access.is_coach and not needs.confirmed_at and access.enrolment.status == "active"': (
            "the coach confirms the needs analysis"
        ),
    },
    "www/projects/templates/projects/bilan.html": {
        "elif access.is_coach": "the coach drafts the synthesis",
    },
    "www/projects/templates/projects/project.html": {
        'elif "validate" in actions': "the coach validates the project or asks for changes",
    },
    "www/journeys/templates/journeys/includes/finished.html": {
        "else of for_person": "the coach reading the completed screen of the person's bilan",
    },
    "www/recommendations/templates/recommendations/detail.html": {
        "elif s.reaction_label or s.shortlisted": "the coach sees the person's reaction (after `if not as_coach`)",
    },
    "www/privacy/templates/privacy/index.html": {
        "is_staff_account": "a staff account asks its organisation to close it",
    },
    "www/network/templates/network/meeting.html": {
        "access.as_professional": "the professional's side of the meeting",
        "answer_form": "the professional accepts or declines (answer_form: as_professional only)",
        "feedback_form": "the professional's feedback (feedback_form: as_professional only)",
    },
}

# Texts that fail the review but must stay as they are, with the reason. Keep it short: rewrite a text rather than
# list it here. `template_texts` leaves them out; a test checks each is still in its template and still fails (so an
# entry that is no longer needed is removed).
ALLOWED = {
    ("templates/pages/accessibility.html", "Déclaration d'accessibilité"): (
        "the title the RGAA (French accessibility rules) requires for this page"
    ),
    ("templates/base.html", "Accessibilité : partiellement conforme"): (
        "the RGAA requires every page to show the conformity status in these words"
    ),
}

# The kind a template text is reviewed as: a text of at most LABEL_MAX_WORDS words in one sentence (a title, a button,
# a link, a table heading, a status) is a "label"; anything longer is a "prompt". A placeholder ({{ name }}) counts as
# one short word, PLACEHOLDER_WORD, when the text is reviewed.
LABEL_MAX_WORDS = 8
PLACEHOLDER_WORD = "Paul"
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class TemplateText:
    msgid: str  # as in the .po file: placeholders written %(name)s
    plural: str | None
    branches: tuple[str, ...]  # the enclosing {% if %} branches, outermost first
    line: int


def template_msgids(source: str) -> list[TemplateText]:
    """Every translate / blocktranslate text of a template, with its msgid (as makemessages writes it)."""
    from django.template.base import Lexer, TokenType
    from django.utils.translation import trim_whitespace

    tokens = Lexer(source).tokenize()
    found, stack, index = [], [], 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.token_type != TokenType.BLOCK:
            continue
        tag, _, rest = token.contents.partition(" ")
        if tag == "if":
            stack.append([rest.strip(), rest.strip()])
        elif tag == "elif":
            stack[-1][1] = f"elif {rest.strip()}"
        elif tag == "else" and stack:
            stack[-1][1] = f"else of {stack[-1][0]}"
        elif tag == "endif":
            stack.pop()
        elif tag in ("translate", "trans"):
            match = re.match(r"""\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""", rest)
            if match:  # a variable ({% translate name %}) is not a msgid
                msgid = match.group(1) if match.group(1) is not None else match.group(2)
                found.append(TemplateText(msgid, None, tuple(b for _, b in stack), token.lineno))
        elif tag in ("blocktranslate", "blocktrans"):
            parts, plural = [], []
            current, trimmed = parts, "trimmed" in rest.split()
            while True:
                inner = tokens[index]
                index += 1
                name = inner.contents.split()[0] if inner.token_type == TokenType.BLOCK else ""
                if name in ("endblocktranslate", "endblocktrans"):
                    break
                if name == "plural":
                    current = plural
                elif inner.token_type == TokenType.VAR:
                    current.append(f"%({inner.contents.strip()})s")
                elif inner.token_type == TokenType.TEXT:
                    current.append(inner.contents.replace("%", "%%"))

            def joined(pieces, trimmed=trimmed):
                text = "".join(pieces)
                return trim_whitespace(text) if trimmed else text

            found.append(
                TemplateText(
                    joined(parts), joined(plural) if plural else None, tuple(b for _, b in stack), token.lineno
                )
            )
    return found


def readable(msgid: str) -> str:
    """The text a person reads, for the review: placeholders as a short word, HTML tags dropped."""
    text = _PLACEHOLDER.sub(PLACEHOLDER_WORD, msgid).replace("%%", "%")
    return " ".join(_TAG.sub("", text).split())


def template_kind(text: str) -> str:
    from openbilan.plain_language import sentences, words

    return "label" if len(words(text)) <= LABEL_MAX_WORDS and len(sentences(text)) <= 1 else "prompt"


def staff_only(path: str, branches) -> str | None:
    """The reason a text inside these branches is left out, or None when the person may read it."""
    rules = {**STAFF_BRANCHES["*"], **STAFF_BRANCHES.get(path, {})}
    return next((rules[branch] for branch in branches if branch in rules), None)


def template_texts(paths=None, keep_awaiting: bool = False) -> list[Text]:
    """The French msgids of the beneficiary's templates (one Text per distinct msgid per template)."""
    texts = []
    for path in BENEFICIARY_TEMPLATES if paths is None else paths:
        seen = set()
        for found in template_msgids((ROOT / "openbilan" / path).read_text(encoding="utf-8")):
            if staff_only(path, found.branches) or (path, found.msgid) in ALLOWED:
                continue
            for msgid, suffix in [(found.msgid, ""), (found.plural, " (plural)")]:
                if msgid is None or (msgid, suffix) in seen:
                    continue
                seen.add((msgid, suffix))
                text = readable(msgid)
                key = (msgid[:60] + ("…" if len(msgid) > 60 else "")) + suffix
                texts.append(Text(f"templates/{path}", key, template_kind(text), text))
    return _without_awaiting(texts, keep_awaiting)


# --- The other forms a beneficiary fills in, and the errors a beneficiary can meet ----------------------------------
# Each form class below is one the person fills in; its labels, help texts, choices (model choice labels included)
# and every other French text written inside the class (its error messages, in `error_messages` or `clean()`) are
# reviewed, with the template rule for the kind (at most 8 words in one sentence: a label; else a prompt).
# Left out, staff or professionals only: privacy TokenForm (the second factor, staff accounts only); quality
# OfferForm, OperatorQualityForm, ComplaintStepForm (operator admin); network AnswerForm, FeedbackForm, ProfileForm,
# InvitationForm, SignupForm, InviteForm (the professional and the operator); programmes ProgrammeForm,
# CohortUploadForm, ReferralForm, OutcomeForm, DecisionForm (operator, prescriber, coach); coaching AppointmentForm,
# SettleForm, NoteForm, TimeForm, AdaptationForm, ContactForm, EndForm, AssignForm, OverrideForm, CaseloadForm (coach
# and operator admin).
BENEFICIARY_FORMS = {
    "www/privacy/forms.py": ("openbilan.www.privacy.forms", ["ConsentForm", "ErasureForm"]),
    "www/quality/forms.py": ("openbilan.www.quality.forms", ["ComplaintForm", "AccommodationForm"]),
    "www/network/forms.py": (
        "openbilan.www.network.forms",
        ["SearchForm", "RequestForm", "MessageForm", "ScheduleForm", "DebriefForm"],
    ),
    "www/programmes/forms.py": (
        "openbilan.www.programmes.forms",
        ["EvaluationForm", "SituationForm", "DisabilityForm"],
    ),
    "www/coaching/forms.py": ("openbilan.www.coaching.forms", ["MessageForm"]),
    # the choices of the project forms (FundingForm.sources: projects.models.FundingSource, MarketForm.kind...)
    "www/projects/forms.py": (
        "openbilan.www.projects.forms",
        ["AlignmentForm", "FeasibilityForm", "FundingForm", "MarketForm", "StepForm", "FieldForm", "WorkflowForm"],
    ),
}

# The errors a beneficiary can meet: each domain's message dict, minus the codes only staff or a professional meet.
_STAFF = "raised only on a coach's or an operator's action"
_PRO = "raised only on the volunteer professional's side (answer, feedback, profile, sign-up)"
ERROR_SOURCES = {
    "coaching/errors.py": ("openbilan.coaching.errors", "MESSAGES"),
    "network/errors.py": ("openbilan.network.errors", "MESSAGES"),
    "journeys/errors.py": ("openbilan.journeys.errors", "REFUSAL_MESSAGES"),
    "projects/errors.py": ("openbilan.projects.errors", "MESSAGES"),
    "quality/errors.py": ("openbilan.quality.errors", "MESSAGES"),
}
STAFF_ERRORS = {
    "coaching/errors.py": {
        **dict.fromkeys(
            ["slot_past", "slot_missing", "video_link", "location_missing"], "the coach books or proposes slots"
        ),
        **dict.fromkeys(["slot_not_yet", "not_booked", "already_settled"], "the coach settles or cancels"),
        "cap_reached": "the coach adding time (the person gets cap_reached_person)",
        **dict.fromkeys(["coach_not_of_operator", "same_coach"], "an operator admin assigns a coach"),
        **dict.fromkeys(["reason_missing", "text_missing"], _STAFF),
    },
    "network/errors.py": {
        **dict.fromkeys(["not_requested", "feedback_before_done", "feedback_missing"], _PRO),
        **dict.fromkeys(["unknown_codes", "no_occupation", "email_taken", "invitation_invalid"], _PRO),
        **dict.fromkeys(["not_pending", "not_operator"], "the operator validating a professional's sign-up"),
    },
    "journeys/errors.py": {
        "actor": "someone other than the person or their coach: never the person",
        "drop_reason": "the coach ends the bilan",
    },
    "projects/errors.py": {
        **dict.fromkeys(["not_reviewing", "comment_missing", "reviewer_missing", "reviewer_invalid"], _STAFF),
        **dict.fromkeys(
            ["synthesis_save_state", "synthesis_send_state", "synthesis_finalise_state", "synthesis_empty"],
            "the coach writes and sends the synthesis",
        ),
    },
    "quality/errors.py": {
        **dict.fromkeys(["illegal_transition", "answer_missing", "improvement_missing"], "operator handles complaints"),
        **dict.fromkeys(["price_missing", "deadlines_order", "offer_incomplete"], "operator edits its offer"),
    },
    # programmes/errors.py CSV_MESSAGES: the cohort file an operator uploads, all left out.
}

# Texts of files another engineer owns that fail the review: the rewrite is proposed to them (docs/PLAIN_LANGUAGE.md).
# A test checks each entry still fails, so it is removed once rewritten.
AWAITING_REWRITE: dict[tuple[str, str], str] = {}  # texts that fail and wait for their owner (none now)


def _without_awaiting(texts: list[Text], keep_awaiting: bool) -> list[Text]:
    return [t for t in texts if keep_awaiting or (t.source, t.key) not in AWAITING_REWRITE]


def _class_msgids(path: Path, class_name: str) -> list[str]:
    """Every literal passed to _() / gettext inside a class body (labels, errors raised in clean(), ...)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name)
    found = []
    for call in ast.walk(node):
        if (
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id in ("_", "gettext", "gettext_lazy")
            and call.args
            and isinstance(call.args[0], ast.Constant)
        ):
            found.append(call.args[0].value)
    return found


def _text(source: str, key: str, value) -> Text:
    text = readable(str(value))
    return Text(source, key, template_kind(text), text, str(value))


def beneficiary_form_texts(keep_awaiting: bool = False) -> list[Text]:
    """Labels, help texts, choices and error messages of the other forms a beneficiary fills in (French msgids)."""
    import importlib

    from django import forms
    from django.utils import translation
    from django.utils.functional import Promise

    texts = []
    with translation.override("fr"):
        for source, (module_name, class_names) in BENEFICIARY_FORMS.items():
            module = importlib.import_module(module_name)
            reviewed_elsewhere = source == "www/projects/forms.py"  # labels and help: form_texts()
            for class_name in class_names:
                form_class, seen = getattr(module, class_name), set()

                def add(key, value, seen=seen, source=source):
                    text = _text(source, key, value)
                    if text.text and text.text not in seen:
                        seen.add(text.text)
                        texts.append(text)

                for name, field in form_class.base_fields.items():
                    if isinstance(field.widget, forms.HiddenInput):
                        continue
                    key = f"{class_name}.{name}"
                    if not reviewed_elsewhere:
                        if field.label:
                            add(f"{key} label", field.label)
                        if field.help_text:
                            add(f"{key} help", field.help_text)
                    if isinstance(field, forms.ModelChoiceField):
                        continue  # rows of the database (a programme), not texts written here
                    for value, label in getattr(field, "choices", None) or []:
                        if value not in ("", None) and isinstance(label, Promise):  # not a button's code
                            add(f"{key} choice {value}", label)
                if reviewed_elsewhere:
                    continue
                for msgid in _class_msgids(ROOT / "openbilan" / source, class_name):
                    add(f"{class_name} {msgid[:50]}", translation.gettext(msgid))
    return _without_awaiting(texts, keep_awaiting)


def error_texts(keep_awaiting: bool = False) -> list[Text]:
    """The French error messages a beneficiary can meet (STAFF_ERRORS lists those left out, with the reason)."""
    import importlib

    from django.utils import translation

    from openbilan.enrolments.errors import InvalidLink
    from openbilan.journeys.errors import StaleVersion
    from openbilan.privacy.throttle import DAY, Throttled
    from openbilan.programmes.errors import NotAllowed

    texts = []
    with translation.override("fr"):
        for source, (module_name, attribute) in ERROR_SOURCES.items():
            messages = getattr(importlib.import_module(module_name), attribute)
            left_out = STAFF_ERRORS.get(source, {})
            for code, message in messages.items():
                if code not in left_out:
                    texts.append(_text(source, code, message))
        texts.append(_text("journeys/errors.py", "StaleVersion", StaleVersion(None).message))
        texts.append(_text("programmes/errors.py", "NotAllowed", NotAllowed().message))
        for expired in (False, True):
            texts.append(_text("enrolments/errors.py", f"InvalidLink expired={expired}", InvalidLink(expired).message))
        # the public complaint form and the password reset are throttled per hour; the text for 1 and many minutes
        for window in (60, 3600, DAY):
            texts.append(
                _text("privacy/throttle.py", f"Throttled window={window}", Throttled("complaint", 5, window).message)
            )
    return _without_awaiting(texts, keep_awaiting)


def set_password_texts() -> list[Text]:
    """The invitation page's set-password form: Django's SetPasswordForm, read in French (Django's own catalogue)."""
    from django.contrib.auth.forms import SetPasswordForm
    from django.contrib.auth.password_validation import password_validators_help_texts
    from django.utils import translation

    source = "django.contrib.auth SetPasswordForm"
    texts = []
    with translation.override("fr"):
        for name, field in SetPasswordForm.base_fields.items():
            texts.append(_text(source, f"{name} label", field.label))
        for code, message in SetPasswordForm.error_messages.items():
            texts.append(_text(source, f"error {code}", message))
        for index, help_text in enumerate(password_validators_help_texts()):
            texts.append(_text(source, f"password rule {index}", help_text))
    return texts


def all_texts() -> list[Text]:
    return (
        instrument_texts()
        + journey_texts()
        + form_texts()
        + beneficiary_form_texts()
        + error_texts()
        + set_password_texts()
        + template_texts()
    )


if __name__ == "__main__":  # pragma: no cover - a report for the person reviewing texts
    import os
    import sys

    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from openbilan.plain_language import measure

    rows = all_texts()
    failing = [row for row in rows if row.problems]
    for row in rows if "--all" in sys.argv else failing:
        print(f"{measure(row.text).score:6.1f}  {row.kind:6}  {row.source} :: {row.key}\n        {row.text}")
        for problem in row.problems:
            print(f"        - {problem}")
    print(f"{len(rows)} texts, {len(failing)} with problems")


# --- Typography: counts, names and dates in every template and module (openbilan.plain_language.typography) ---------
# Every template and Python module of openbilan/ is checked, staff pages included: "1 places" is wrong for everyone.
# Exceptions, each with its reason, keyed by (path under openbilan/, the text at fault); a test checks each is still
# found, so an exception that is no longer needed goes.
MINIMUM_REASON = "the small-cell threshold: reporting.selectors.minimum_cell refuses a setting below 2"

TYPOGRAPHY_ALLOWED = {
    ("coaching/errors.py", "%(cap)s permises"): "cap is a duration label ('24 h'), not a count",
    ("programmes/errors.py", "%(max)s ans"): "the cohort file's age range (15 to 99): its upper bound is never 0 or 1",
    ("www/reporting/exports.py", "%(minimum)s personnes"): MINIMUM_REASON,
    ("www/reporting/labels.py", "%(minimum)s personnes"): MINIMUM_REASON,
    ("www/reporting/templates/reporting/includes/headline.html", "%(minimum)s personnes"): MINIMUM_REASON,
    ("www/reporting/templates/reporting/includes/measures.html", "%(minimum)s personnes"): MINIMUM_REASON,
    ("www/reporting/templates/reporting/includes/occupations.html", "%(minimum)s personnes"): MINIMUM_REASON,
    ("www/reporting/templates/reporting/includes/programme_list.html", "%(minimum)s personnes"): MINIMUM_REASON,
    ("www/reporting/templates/reporting/includes/report_intro.html", "%(minimum)s personnes"): MINIMUM_REASON,
    ("www/reporting/templates/reporting/includes/satisfaction.html", "%(minimum)s réponses"): MINIMUM_REASON,
    ("www/reporting/templates/reporting/includes/summary_body.html", "%(minimum)s personnes"): MINIMUM_REASON,
    ("recommendations/explanations.py", "%(total)s compétences"): (
        "texts of earlier versions kept in LEGACY_TEXTS for the evidence projects copied then "
        "(their msgids cannot change)"
    ),
    ("www/explorer/forms.py", "%(limit_value)d caractères"): (
        "the explorer's search form is left to its owner (issue 20); its limit is 200 characters, never 0 or 1"
    ),
}


def typography_problems(keep_allowed: bool = False) -> list[str]:
    """Each problem as "path:line: code: detail" (path under openbilan/), in file order."""
    from openbilan.plain_language.typography import python_problems, template_problems

    found = []
    base = ROOT / "openbilan"
    for path in sorted(base.rglob("*")):
        parts = path.relative_to(base).parts
        if not path.is_file() or "migrations" in parts or "locale" in parts:
            continue
        if path.suffix in (".html", ".txt") and "templates" in parts:
            problems = template_problems(path.read_text(encoding="utf-8"))
        elif path.suffix == ".py":
            problems = python_problems(path.read_text(encoding="utf-8"))
        else:
            continue
        relative = "/".join(parts)
        for item in problems:
            if not keep_allowed and (relative, item.problem.detail) in TYPOGRAPHY_ALLOWED:
                continue
            found.append(f"{relative}:{item.line}: {item.problem.code}: {item.problem.detail}")
    return found
