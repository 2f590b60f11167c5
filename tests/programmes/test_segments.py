import datetime

from hypothesis import given
from hypothesis import strategies as st

from openbilan.programmes import segments

DAY = datetime.date(2021, 6, 15)


def test_age_bands_switch_on_the_26th_and_45th_birthdays():
    assert segments.age_band(datetime.date(1995, 6, 16), DAY) == "under_26"  # 25 until tomorrow
    assert segments.age_band(datetime.date(1995, 6, 15), DAY) == "26_44"
    assert segments.age_band(datetime.date(1976, 6, 16), DAY) == "26_44"
    assert segments.age_band(datetime.date(1976, 6, 15), DAY) == "45_plus"
    assert segments.age_band(None, DAY) == ""


def test_a_person_born_on_29_february_has_their_birthday_on_1_march():
    assert segments.age_on(datetime.date(2000, 2, 29), datetime.date(2021, 2, 28)) == 20
    assert segments.age_on(datetime.date(2000, 2, 29), datetime.date(2021, 3, 1)) == 21


def test_job_seeker_bands_count_whole_months():
    assert segments.job_seeker_band(datetime.date(2020, 6, 16), DAY) == "under_12m"
    assert segments.job_seeker_band(datetime.date(2020, 6, 15), DAY) == "12_23m"
    assert segments.job_seeker_band(datetime.date(2019, 6, 15), DAY) == "24m_plus"
    assert segments.job_seeker_band(datetime.date(2022, 1, 1), DAY) == "under_12m"  # a date after: no negative months
    assert segments.job_seeker_band(None, DAY) == ""


def test_adding_months_keeps_the_day_or_takes_the_last_day_of_a_shorter_month():
    assert segments.add_months(datetime.date(2021, 1, 31), 1) == datetime.date(2021, 2, 28)
    assert segments.add_months(datetime.date(2021, 8, 31), -6) == datetime.date(2021, 2, 28)
    assert segments.add_months(datetime.date(2021, 11, 15), 3) == datetime.date(2022, 2, 15)


dates = st.dates(min_value=datetime.date(1920, 1, 1), max_value=datetime.date(2030, 12, 31))


@given(dates, dates)
def test_age_matches_the_calendar(birth, day):
    age = segments.age_on(birth, day)
    if day >= birth:
        assert segments.add_months(birth, 12 * age) <= day or (birth.month, birth.day) == (2, 29)
        assert age >= 0


@given(dates, st.integers(min_value=-240, max_value=240))
def test_months_between_undoes_add_months(day, months):
    later = segments.add_months(day, abs(months))
    assert segments.months_between(day, later) == abs(months) or later.day < day.day
