"""Every write of the journeys domain, one module per part: templates, the journey's lifecycle (its start and its
phases), activities, the person's entries, and the decision of reminders (their e-mails: journeys/emails.py). Each
function is one transaction; refusals raise a translated error. Callers keep writing
`from openbilan.journeys import services` and `services.open_phase(...)`.
"""

from openbilan.journeys.errors import NotAllowed
from openbilan.journeys.services.activities import (
    EVENT_ACTIVITIES,
    PlatformEvent,
    confirm_needs_analysis,
    follow_event,
    mark_activity_done,
    record_interview,
    record_platform_event,
    record_platform_event_for_person,
    require_open,
    skip_activity,
)
from openbilan.journeys.services.entries import (
    TOOL_OF_MODEL,
    add_entry,
    delete_entry,
    save_entry,
    save_self_assessment,
    set_email_preference,
)
from openbilan.journeys.services.lifecycle import (
    current_phase,
    ensure_journey,
    follow_status_change,
    open_phase,
    record_outside_activity,
    start_journey,
    start_journeys_in_bulk,
)
from openbilan.journeys.services.reminders import (
    MAX_INACTIVITY_REMINDERS,
    enqueue_due_reminders,
    schedule_reminder,
)
from openbilan.journeys.services.templates import (
    ACTIVITY_FIELDS,
    DEFAULT_TEMPLATE_FILE,
    DEFAULT_TEMPLATE_SLUG,
    TemplateFileError,
    copy_template,
    default_template,
    import_template,
    load_template_file,
    move_activity,
    save_activity,
)

__all__ = [
    "ACTIVITY_FIELDS",
    "DEFAULT_TEMPLATE_FILE",
    "DEFAULT_TEMPLATE_SLUG",
    "EVENT_ACTIVITIES",
    "MAX_INACTIVITY_REMINDERS",
    "TOOL_OF_MODEL",
    "NotAllowed",
    "PlatformEvent",
    "TemplateFileError",
    "add_entry",
    "confirm_needs_analysis",
    "copy_template",
    "current_phase",
    "default_template",
    "delete_entry",
    "enqueue_due_reminders",
    "ensure_journey",
    "follow_event",
    "follow_status_change",
    "import_template",
    "load_template_file",
    "mark_activity_done",
    "move_activity",
    "open_phase",
    "record_interview",
    "record_outside_activity",
    "record_platform_event",
    "record_platform_event_for_person",
    "require_open",
    "save_activity",
    "save_entry",
    "save_self_assessment",
    "schedule_reminder",
    "set_email_preference",
    "skip_activity",
    "start_journey",
    "start_journeys_in_bulk",
]
