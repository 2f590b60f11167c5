"""OpenBilan settings, read from the environment.

OPENBILAN_ENV=development (the default) gives safe local defaults: SQLite under var/, console e-mail, DEBUG on.
OPENBILAN_ENV=production requires SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL and turns on every HTTPS protection,
so that `manage.py check --deploy` passes without warnings.
"""

import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("OPENBILAN_VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_str("OPENBILAN_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when OPENBILAN_ENV=production.")
    SECRET_KEY = "development-only-secret-key-never-use-in-production-0123456789abcdef"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when OPENBILAN_ENV=production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "openbilan.www.accounts.admin_apps.TwoFactorAdminConfig",  # django.contrib.admin behind the second factor
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "openbilan.accounts",
    "openbilan.privacy",
    "openbilan.referential",
    "openbilan.assessments",
    "openbilan.programmes",
    "openbilan.journeys",
    "openbilan.recommendations",
    "openbilan.coaching",
    "openbilan.projects",
    "openbilan.network",
    "openbilan.quality",
    "openbilan.www",
    "openbilan.www.explorer",
    "openbilan.www.assessments",
    "openbilan.www.journeys",
    "openbilan.www.recommendations",
    "openbilan.www.coaching",
    "openbilan.www.projects",
    "openbilan.www.network",
    "openbilan.www.programmes",
    "openbilan.www.reporting",
    "openbilan.www.privacy",
    "openbilan.www.quality",
    # issue 18: the funder's publications (reporting.Publication)
    "openbilan.reporting",
    # Issue 20: places, BMO hiring demand and the person's place (domain, then its web feature).
    "openbilan.territory",
    "openbilan.www.territory",
    # Issue 21: certifications (RNCP/RS) and training offers (LHEO), and their pages.
    "openbilan.training",
    "openbilan.www.training",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "openbilan.www.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "openbilan.www.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "openbilan.dbrouters.ReportingReplicaMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "openbilan.www.accounts.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # Issue 16: `Cache-Control: no-store, private` on every response to a signed-in person (and personal links).
    "openbilan.www.security.PrivateCacheMiddleware",
    # Issue 16: a session ends after a while without activity (OPENBILAN_IDLE_MINUTES*), and SESSION_COOKIE_AGE.
    "openbilan.www.accounts.middleware.InactivityTimeoutMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "openbilan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openbilan.www.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'openbilan.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=PRODUCTION,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work together; a busy timeout avoids "database is locked" under light load.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
if env_str("DATABASE_REPLICA_URL"):
    # A PostgreSQL streaming replica for the funders' reporting reads (openbilan/dbrouters.py, docs/OPERATIONS.md).
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60 if PRODUCTION else 0),
        conn_health_checks=PRODUCTION,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["openbilan.dbrouters.ReportingReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "www:home"
LOGOUT_REDIRECT_URL = "www:index"

# Login throttling (django-axes): five failures lock one account *from one address* for a while, so that a shared
# training-centre address never locks out everybody, and nobody can lock an account from elsewhere.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "openbilan.www.accounts.views.locked_out"
AXES_USERNAME_FORM_FIELD = "username"
# Issue 16: the count is kept per address as login matches it (case-folded), so case variants share five tries.
AXES_USERNAME_CALLABLE = "openbilan.www.accounts.lockout.username_key"
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 1) if PRODUCTION else None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if PRODUCTION else ["REMOTE_ADDR"]

# Background tasks (reminders, e-mails): django-tasks, the backport of Django 6's task framework, with its database
# backend so that it works on SQLite and PostgreSQL with no extra server. Run the worker with `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "email"],
    }
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    BASE_DIR / "openbilan" / "static",
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# Outside production, whitenoise serves straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")

# E-mail: console in development; SMTP settings from the environment in production.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "OpenBilan <ne-pas-repondre@openbilan.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
# Issue 16: minutes without a request before a session ends (InactivityTimeoutMiddleware); staff (coaches, operator
# admins, the technical admin) hold many people's files: theirs is shorter than everyone else's.
OPENBILAN_IDLE_MINUTES_STAFF = env_int("OPENBILAN_IDLE_MINUTES_STAFF", 30)
OPENBILAN_IDLE_MINUTES = env_int("OPENBILAN_IDLE_MINUTES", 120)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# The public address of the platform, for links in e-mails sent outside a request (reminders, surveys).
# The public address of every link sent outside the site (OPENBILAN_BASE_URL: its former name, still read).
SITE_URL = env_str("SITE_URL", env_str("OPENBILAN_BASE_URL", "http://127.0.0.1:8000"))
OPENBILAN_SITE_NAME = env_str("OPENBILAN_SITE_NAME", "OpenBilan")
OPENBILAN_CONTACT_EMAIL = env_str("OPENBILAN_CONTACT_EMAIL", "contact@openbilan.localhost")
OPENBILAN_OPERATOR_NAME = env_str("OPENBILAN_OPERATOR_NAME", "Opérateur de démonstration OpenBilan")
# Messages between a person and their coach: attachment size, hourly limit per sender, e-mail grouping delay.
OPENBILAN_ATTACHMENT_MAX_BYTES = env_int("OPENBILAN_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024)
OPENBILAN_MESSAGES_PER_HOUR = env_int("OPENBILAN_MESSAGES_PER_HOUR", 30)
OPENBILAN_MESSAGE_DIGEST_MINUTES = env_int("OPENBILAN_MESSAGE_DIGEST_MINUTES", 15)
# The smallest group a funder may see a figure for; smaller cells are shown as "< 11" (docs/DOMAIN_NOTES.md, section 4).
OPENBILAN_MIN_CELL_SIZE = 11

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "openbilan.logformat.JsonFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    # Issue 16: the secret of an address (a share link's token...) never reaches a log line (openbilan/logformat.py).
    "filters": {"redact_secrets": {"()": "openbilan.logformat.RedactSecrets"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": env_str("LOG_FORMAT", "json" if PRODUCTION else "plain"),
            "filters": ["redact_secrets"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        # The development server's request lines go through the same handler (and its redaction).
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
# The technical Django admin lives at an unguessable path in production (set OPENBILAN_ADMIN_PATH).
OPENBILAN_ADMIN_PATH = env_str("OPENBILAN_ADMIN_PATH", "admin-technique")

# Issue 23: sign in with FranceConnect (beneficiaries) and ProConnect (prescribers; staff where the operator accepts
# it). Each provider is on only when its environment variables are set (config/identity.py, docs/OPERATIONS.md).
from config.identity import providers_from_env  # noqa: E402 - kept with the lines of its issue

INSTALLED_APPS += ["openbilan.identity", "openbilan.www.identity"]
MIDDLEWARE += ["openbilan.www.identity.middleware.ProviderFormActionMiddleware"]
OPENBILAN_IDENTITY_PROVIDERS = providers_from_env()

# Issue 19: the site's own error pages (openbilan/www/errors.py; handler400/403/404/500 are in config/urls.py): the
# CSRF refusal, and a rate limit that escapes a view, answer them too.
CSRF_FAILURE_VIEW = "openbilan.www.errors.csrf_failure"
MIDDLEWARE += ["openbilan.www.errors.ThrottledMiddleware"]
# Issue 19: dates by named formats per language (openbilan/formats): "6 déc.", never "6 Déc".
FORMAT_MODULE_PATH = ["openbilan.formats"]

# Issue 23: the partner API (/api/v1/, openbilan/partners and openbilan/www/api): organisation tokens, problem-details
# errors, OpenAPI schema and its ReDoc page served from our own static files; webhooks only to https addresses.
INSTALLED_APPS += [
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "openbilan.partners",
    "openbilan.www.api",
]
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["openbilan.www.api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": [],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "openbilan.www.api.schema.ProblemAutoSchema",
    "EXCEPTION_HANDLER": "openbilan.www.api.problems.handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_CLASSES": [],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OpenBilan — API partenaires",
    "DESCRIPTION": "Orientations des prescripteurs, suivi partagé par la personne, webhooks. Voir docs/API.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}
OPENBILAN_WEBHOOK_ALLOW_LOOPBACK = env_bool("OPENBILAN_WEBHOOK_ALLOW_LOOPBACK", False)
