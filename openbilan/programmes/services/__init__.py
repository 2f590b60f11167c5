"""Every write to programmes, referrals, outcomes, evaluations and cohort files, one module per part (the sections
of what was one services.py). Status changes go through the enrolment core (`enrolments.services`), including the
statuses of historical records. Programmes never imports journeys: what journeys must know (an evaluation answered)
goes through `enrolments.hooks`. Callers import this package: `from openbilan.programmes import services`."""

from openbilan.programmes.services.cohort import (  # noqa: F401
    PREVIEW_LIFETIME,
    PREVIEW_PEOPLE,
    ImportReport,
    ReportedProblem,
    apply_cohort_import,
    export_cohort,
    import_cohort,
    preview_cohort,
)
from openbilan.programmes.services.disability import (  # noqa: F401
    declare_disability,
    withdraw_disability,
)
from openbilan.programmes.services.follow_up import (  # noqa: F401
    EVALUATION_FIELDS,
    MOMENT_ORDER,
    SURVEY_EVALUATION,
    SURVEY_MONTHS,
    SURVEY_OUTCOME_MOMENT,
    SURVEY_WINDOW_DAYS,
    answer_survey,
    record_evaluation,
    record_outcome,
    schedule_surveys,
)
from openbilan.programmes.services.funders import (  # noqa: F401
    create_funder,
)
from openbilan.programmes.services.people import (  # noqa: F401
    DETAIL_FIELDS,
    EVALUATION_ANSWERED,
    segment_values,
)
from openbilan.programmes.services.programmes import (  # noqa: F401
    save_programme,
    set_inactivity_days,
    set_journey_template,
    upsert_programme,
)
from openbilan.programmes.services.referrals import (  # noqa: F401
    Decision,
    create_partner_referral,
    create_referral,
    decide_referral,
    find_duplicate,
)
