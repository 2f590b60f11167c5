"""The segments funders report on, computed once from plain dates (pure Python, no Django import).

Age band and job-seeker duration are taken on the day of the referral, so that a person stays in the same segment
for the whole life of the programme (docs/DOMAIN_NOTES.md, section 5).
"""

import datetime

UNDER_26, FROM_26_TO_44, FROM_45 = "under_26", "26_44", "45_plus"
UNDER_12_MONTHS, FROM_12_TO_23_MONTHS, FROM_24_MONTHS = "under_12m", "12_23m", "24m_plus"


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Age in whole years on `day` (a person born on 29 February has their birthday on 1 March)."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def age_band(birth_date: datetime.date | None, day: datetime.date) -> str:
    """ "under_26", "26_44", "45_plus", or "" when the birth date is unknown."""
    if birth_date is None:
        return ""
    age = age_on(birth_date, day)
    if age < 26:
        return UNDER_26
    if age < 45:
        return FROM_26_TO_44
    return FROM_45


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months from `start` to `end` (0 when `end` is before `start`)."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    return max(months, 0)


def job_seeker_band(since: datetime.date | None, day: datetime.date) -> str:
    """ "under_12m", "12_23m", "24m_plus" (long-term job seekers from 12 months), or "" when unknown."""
    if since is None:
        return ""
    months = months_between(since, day)
    if months < 12:
        return UNDER_12_MONTHS
    if months < 24:
        return FROM_12_TO_23_MONTHS
    return FROM_24_MONTHS


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the last day of that month when it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")
