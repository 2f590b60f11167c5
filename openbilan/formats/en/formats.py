"""English date formats for the names the project defines (openbilan/formats/__init__.py); Django's own English
formats stay as they are for the others."""

ABBR_DATE_FORMAT = "j M Y"  # 6 Dec 2025
ABBR_DATETIME_FORMAT = "j M Y, H:i"  # 6 Dec 2025, 14:05
ABBR_MONTH_DAY_TIME_FORMAT = "j M, H:i"  # 6 Dec, 14:05
ABBR_WEEKDAY_MONTH_DAY_TIME_FORMAT = "D j M, H:i"  # Sat 6 Dec, 14:05
ABBR_WEEKDAY_DATETIME_FORMAT = "D j M Y, H:i"  # Sat 6 Dec 2025, 14:05
WEEKDAY_MONTH_DAY_TIME_FORMAT = "l j F, H:i"  # Saturday 6 December, 14:05
