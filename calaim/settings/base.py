"""Settings shared by every environment.

Every secret and address comes from the environment (django-environ); dev.py and test.py give safe
local defaults, production.py refuses to start without real values.
"""

import datetime
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
# How many load balancers in front of gunicorn append to X-Forwarded-For (0: use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "guardian",
    "axes",
    "reversion",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "core",
    "jobs",
    "accounts",
    "audit",
    "members",
    "eligibility",
    "careplans",
    "risk",
    "notifications",
    "cbo_partners",
    "referrals",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "core.request_limits.RequestBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.sessions.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "accounts.htmx_session.HtmxSessionEndedMiddleware",  # before CSRF: sees its refusals
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.RequireVerifiedDeviceMiddleware",
    "accounts.middleware.NoStoreWhenAuthenticatedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "calaim.urls"
WSGI_APPLICATION = "calaim.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

# Django's widget templates, the common widgets built in Python (core/form_renderer.py).
FORM_RENDERER = "core.form_renderer.PortalFormRenderer"

DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/calaim")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# psycopg's own default; Django turns preparing off (None). Django's client-side binding cursors
# never prepare, so only core/prepared.py's cursors do: the long statements planned once.
DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = 5

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.UserWithRolesBackend",  # ModelBackend, loading roles with the user
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# At least 12 characters, not like the user's names (ASVS 2.1), not a common or numeric password.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.validators.NotContainingNamesValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# The interface in English and Spanish (locale/): a user's own choice (accounts.User.language),
# else the browser's (LocaleMiddleware); `<html lang>` follows.
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The plan's time zone: timezone.localdate() is "today" for every due date, window and default.
TIME_ZONE = "America/Los_Angeles"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))

# Sessions end when the browser closes and after 30 idle minutes: shared clinic workstations.
SESSION_COOKIE_AGE = 30 * 60
SESSION_TOUCH_SECONDS = 60  # the idle timeout is extended at most this often (core/sessions.py)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "core.views.csrf_failure"  # the app's page, with a way back in

# The earliest as-of day an evaluation or export accepts (core/dates.py); none is after today.
EARLIEST_AS_OF = datetime.date.fromisoformat(env("EARLIEST_AS_OF", default="2022-01-01"))

# The day the portal went live (ISO date; empty: none). A clock that fell due before it, for a
# member without imported HRA history, says "no record before go-live" instead of overdue
# (careplans/clocks/history.py).
_go_live = env("PORTAL_GO_LIVE", default="")
PORTAL_GO_LIVE = datetime.date.fromisoformat(_go_live) if _go_live else None

# Roster files can be large (300,000 members is ~60 MB); anything larger is refused with a message.
ROSTER_MAX_UPLOAD_BYTES = env.int("ROSTER_MAX_UPLOAD_BYTES", default=200 * 1024 * 1024)
CLINICAL_MAX_UPLOAD_BYTES = env.int("CLINICAL_MAX_UPLOAD_BYTES", default=1024 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Any other request body (JSON, forms): 413 above this (core/request_limits.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=1024 * 1024)
# The floor under every form and serializer field (core/bounds.py).
INPUT_MAX_TEXT_LENGTH = env.int("INPUT_MAX_TEXT_LENGTH", default=20_000)
INPUT_MAX_LIST_ITEMS = env.int("INPUT_MAX_LIST_ITEMS", default=1_000)

# Error reports must never carry PHI: request bodies and local variables are hidden.
DEFAULT_EXCEPTION_REPORTER_FILTER = "core.error_reports.PhiSafeExceptionReporterFilter"

# Email (reminder digests, job-failure notices): SMTP from the environment in production
# (EMAIL_URL, e.g. smtp+tls://user:password@smtp.example.org:587), the console in development.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"] or "localhost"
EMAIL_PORT = _email["EMAIL_PORT"] or 25
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"] or ""
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"] or ""
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="CalAIM Care Management <noreply@localhost>")
# Links in emails point here (an email has no request to build an absolute URL from).
PORTAL_BASE_URL = env("PORTAL_BASE_URL", default="http://localhost:8000").rstrip("/")

REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_TIMEOUT = 2
# A running import or evaluation stamps a heartbeat this often; one silent for longer than
# JOB_SILENCE_SECONDS lost its worker and is marked interrupted (core/heartbeat.py).
JOB_HEARTBEAT_SECONDS = env.int("JOB_HEARTBEAT_SECONDS", default=15)
JOB_SILENCE_SECONDS = env.int("JOB_SILENCE_SECONDS", default=180)
# One immediate retry, then give up: a person is waiting for the page (core/queue.py).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}

# Fails open (core/cache.py): without Redis, pages and the API keep working.
CACHES = {
    "default": {
        "BACKEND": "core.cache.FailOpenRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.api_errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "core.api_schema.PortalPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env("API_USER_RATE", default="600/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CalAIM care-management portal API",
    "DESCRIPTION": "Members, imports, eligibility, care management and the PHI access log.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Every operation documents the error answers it can give (core/api_schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api_schema.document_error_responses",
    ],
    # Several serializers share these choices; one schema name each instead of hashed ones.
    "ENUM_NAME_OVERRIDES": {
        "CsReferralReasonEnum": "referrals.models.Reason",
        "CsClosureReasonEnum": "referrals.models.ClosureReason",
        "CsReferralStatusEnum": "referrals.models.Status",
        "CsUrgencyEnum": "referrals.models.Urgency",
        "CsServiceEnum": "referrals.catalog.CHOICES",
        "EnrollmentStatusEnum": "careplans.models.EnrollmentStatus",
        "DisenrollmentReasonEnum": "careplans.models.DisenrollmentReason",
        "EligibilityStatusEnum": "eligibility.models.EligibilityStatus",
        "EvaluationRunStatusEnum": "eligibility.models.EvaluationRun.Status",
        "ImportJobStatusEnum": "core.models.ImportJob.Status",
        "ImportJobKindEnum": "core.models.ImportJob.Kind",
        "AssessmentKindEnum": "careplans.models.AssessmentKind",
        "AssessmentStatusEnum": "careplans.models.AssessmentStatus",
        "CarePlanStatusEnum": "careplans.models.CarePlanStatus",
        "GoalStatusEnum": "careplans.models.GoalStatus",
        "TaskStatusEnum": "careplans.models.TaskStatus",
        "AcknowledgementMethodEnum": "careplans.models.AcknowledgementMethod",
        "ClockStateEnum": "careplans.models.ClockState",
        "ContactKindEnum": "careplans.models.ContactKind",
        "RiskTierEnum": "members.models.RiskTier",
        "JobRunStatusEnum": "jobs.models.JobRun.Status",
        "NotificationKindEnum": "notifications.models.Notification.Kind",
        "ProgramEnum": "members.models.Program",
        "PopulationEnum": "eligibility.rules.POPULATION_CHOICES",
        "ConsentMethodEnum": "cbo_partners.models.ConsentMethod",
        "CboAssignmentStatusEnum": "cbo_partners.models.AssignmentStatus",
        "CboDeclineReasonEnum": "cbo_partners.models.DeclineReason",
    },
}

# Failed logins (accounts/lockout.py): one client address may fail LOGIN_FAILURES_PER_ADDRESS
# times in 15 minutes whatever the usernames (django-axes, reading the address our trusted
# proxies saw); a username fails 5 times freely, then waits 1, 2, 4 ... up to 15 minutes between
# tries, so nobody can lock a colleague out for long from one address.
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURES_PER_ADDRESS", default=30)
AXES_COOLOFF_TIME = 0.25
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "accounts.access.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
LOGIN_FREE_FAILURES_PER_USERNAME = 5
LOGIN_MAX_DELAY_SECONDS = 15 * 60

# Second factor (django-otp): TOTP for everyone, enrolled at first login, with backup codes.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="CalAIM Care Management")
MFA_BACKUP_CODE_COUNT = 10

# API tokens (django-rest-knox): stored hashed, end after 30 idle minutes like a session (each use
# extends them, at most once a minute) and 10 hours after they were issued whatever the use.
REST_KNOX = {
    "TOKEN_TTL": timedelta(minutes=env.int("API_TOKEN_IDLE_MINUTES", default=30)),
    "AUTO_REFRESH": True,
    "AUTO_REFRESH_MAX_TTL": timedelta(hours=env.int("API_TOKEN_MAX_HOURS", default=10)),
    "MIN_REFRESH_INTERVAL": 60,
    "TOKEN_LIMIT_PER_USER": 10,
}

# Content-Security-Policy (django-csp): files from this host only; no inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

GUARDIAN_RAISE_403 = False
ANONYMOUS_USER_NAME = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Request lines carry no PHI (searches are POSTed), but keep 4xx noise down.
    "loggers": {
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}

CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "core.tasks.clear_expired_sessions",
        "schedule": crontab(hour=2, minute=15),
    },
    # After the plan's nightly feeds (roster 00:30, clinical 01:00 in a typical plan) have landed.
    "nightly-eligibility-evaluation": {
        "task": "eligibility.tasks.nightly_evaluation_task",
        "schedule": crontab(hour=3, minute=0),
    },
    "weekly-determination-pruning": {
        "task": "eligibility.tasks.prune_determinations_task",
        "schedule": crontab(hour=4, minute=30, day_of_week="sun"),
    },
    # Jobs whose worker died are marked interrupted within minutes (core/heartbeat.py).
    "interrupt-silent-import-jobs": {
        "task": "core.tasks.interrupt_silent_import_jobs",
        "schedule": 60.0,
    },
    "interrupt-silent-evaluations": {
        "task": "eligibility.tasks.interrupt_silent_runs_task",
        "schedule": 60.0,
    },
    # After midnight in the plan's time zone: "due soon" and "overdue" move with the calendar.
    # After the eligibility evaluation (03:00): the same night's data, the plan's day.
    "nightly-risk-stratification": {
        "task": "risk.tasks.nightly_stratification_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # The plan's morning, after the night's clocks (01:30) and stratification (03:30).
    "morning-outreach-reminders": {
        "task": "notifications.tasks.send_reminders_task",
        "schedule": crontab(hour=6, minute=30),
    },
    # Just after midnight, plan time: consents that expired yesterday lose their CBO grants
    # (the member scope already hid them; this returns the CBO's tasks and tells the plan CM).
    "daily-cbo-consent-sweep": {
        "task": "cbo_partners.tasks.sweep_consents_task",
        "schedule": crontab(hour=0, minute=15),
    },
    "nightly-clock-refresh": {
        "task": "careplans.tasks.refresh_all_clocks_task",
        "schedule": crontab(hour=1, minute=30),
    },
}
