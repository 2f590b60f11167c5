"""French date formats: abbreviated months with their period ("6 déc."), days cut with theirs ("sam."), "à" before
the time. The names every language defines: openbilan/formats/__init__.py."""

DATETIME_FORMAT = "j F Y à H:i"  # 6 décembre 2025 à 14:05

ABBR_DATE_FORMAT = "j N Y"  # 6 déc. 2025
ABBR_DATETIME_FORMAT = "j N Y à H:i"  # 6 déc. 2025 à 14:05
ABBR_MONTH_DAY_TIME_FORMAT = "j N à H:i"  # 6 déc. à 14:05
ABBR_WEEKDAY_MONTH_DAY_TIME_FORMAT = "D. j N à H:i"  # sam. 6 déc. à 14:05
ABBR_WEEKDAY_DATETIME_FORMAT = "D. j N Y à H:i"  # sam. 6 déc. 2025 à 14:05
WEEKDAY_MONTH_DAY_TIME_FORMAT = "l j F à H:i"  # samedi 6 décembre à 14:05
