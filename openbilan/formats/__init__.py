"""Date formats per language (settings.FORMAT_MODULE_PATH): the names templates and code use with `|date` and
`date_format`, so that French reads "6 déc. 2025" and "samedi 6 décembre à 14:05", and English its own way.

Django's own formats cover DATE_FORMAT, SHORT_DATE_FORMAT...; the ABBR_ and WEEKDAY_ names below are the project's.
Each is defined for every language of settings.LANGUAGES (a test checks it): a name missing for one language would
print the name itself. Format characters: https://docs.djangoproject.com/en/5.2/ref/templates/builtins/#date
(N: "déc.", "juin", "juil."; never M, which prints "Déc", "Jui" for juin).
"""
