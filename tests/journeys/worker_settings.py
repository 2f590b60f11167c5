"""Settings for the real worker process the reminder test starts: the test's own database, e-mails written to files
(the in-memory outbox cannot cross processes)."""

import os

from config.settings import *  # noqa: F403
from config.settings import DATABASES

DATABASES["default"]["NAME"] = os.environ["OPENBILAN_WORKER_DB_NAME"]
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["OPENBILAN_WORKER_MAIL_DIR"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
