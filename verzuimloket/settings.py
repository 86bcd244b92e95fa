"""Settings for Verzuimloket. Every value comes from the environment (see .env.example)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env, envbool, envint, envlist

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = envbool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY ontbreekt: zet SECRET_KEY (of DEBUG=true voor ontwikkeling)")
    SECRET_KEY = "ontwikkeling-niet-geheim-" + "x" * 40

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Keyed pseudonyms for statistics and the access log (HMAC). Never the SECRET_KEY itself.
PSEUDONIEM_SLEUTEL = env("PSEUDONIEM_SLEUTEL")
if not PSEUDONIEM_SLEUTEL:
    if not DEBUG:
        raise ImproperlyConfigured("PSEUDONIEM_SLEUTEL ontbreekt")
    PSEUDONIEM_SLEUTEL = "ontwikkeling-pseudoniem-sleutel"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "guardian",
    "pgtrigger",
    "gemeenten",
    "scholen",
    "bron",
    "autorisatie",
    "protocollering",
    "meldingen",
    "berichten",
    "statistiek",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "verzuimloket.urls"
WSGI_APPLICATION = "verzuimloket.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/verzuimloket"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL moet naar PostgreSQL wijzen (postgres://...)")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Sessions and cookies (BIO: 30 minutes idle, tightened further in the security issue).
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", False) else None

# Mail
EMAIL_HOST = env("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = envint("EMAIL_PORT", 1025)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Verzuimloket <noreply@verzuimloket.example>")

# Redis and Celery
REDIS_URL = env("REDIS_URL", "redis://127.0.0.1:6379/0")
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", False)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Bron: the pupil register. The local database implementation stands in until DUO is connected.
BRON_REGISTER = env("BRON_REGISTER", "bron.register.LokaalBronRegister")


# ---------------------------------------------------------------------------------------------------------------
# Background work (issue 5): outbox mail, reminders, overviews, retention purge. See docs/achtergrondtaken.md.
from celery.schedules import crontab  # noqa: E402

# Where attenderingsmails go when a gemeente has no attenderingsmailbox; empty: the mail lands in beheer's list.
ATTENDERING_FALLBACK_ADRES = env("ATTENDERING_FALLBACK_ADRES")
# Retries of temporary SMTP failures: exponential backoff with jitter, given up after BERICHTEN_RETRY_DUUR_SECONDEN.
BERICHTEN_RETRY_BASIS_SECONDEN = envint("BERICHTEN_RETRY_BASIS_SECONDEN", 30)
BERICHTEN_RETRY_MAX_SECONDEN = envint("BERICHTEN_RETRY_MAX_SECONDEN", 600)
BERICHTEN_RETRY_DUUR_SECONDEN = envint("BERICHTEN_RETRY_DUUR_SECONDEN", 3600)
# How long a row handed to Celery is leased before the relay hands it over again (lost message, killed worker).
BERICHTEN_CLAIM_SECONDEN = envint("BERICHTEN_CLAIM_SECONDEN", 300)
BERICHTEN_RELAY_INTERVAL_SECONDEN = envint("BERICHTEN_RELAY_INTERVAL_SECONDEN", 5)
# The relay tops the broker queue up to this many messages; more stay due on their rows.
BERICHTEN_RELAY_MAX_WACHTRIJ = envint("BERICHTEN_RELAY_MAX_WACHTRIJ", 1000)
# Reminder term for gemeenten without their own setting (school days).
HERINNERING_TERMIJN_SCHOOLDAGEN = envint("HERINNERING_TERMIJN_SCHOOLDAGEN", 5)
# Retention purge: meldingen per batch; each batch is its own short transaction.
PURGE_BATCHGROOTTE = envint("PURGE_BATCHGROOTTE", 200)
if not DEBUG and BERICHTEN_RETRY_DUUR_SECONDEN < 1800:
    raise ImproperlyConfigured("BERICHTEN_RETRY_DUUR_SECONDEN moet in productie minstens 1800 (30 minuten) zijn")
if BERICHTEN_RETRY_MAX_SECONDEN <= 0 or BERICHTEN_RETRY_BASIS_SECONDEN <= 0 or BERICHTEN_CLAIM_SECONDEN <= 0:
    raise ImproperlyConfigured("BERICHTEN_RETRY_*/BERICHTEN_CLAIM_SECONDEN moeten positief zijn")

CELERY_BEAT_SCHEDULE = {
    "berichten-relay": {
        "task": "berichten.tasks.relay_uitgaand",
        "schedule": float(BERICHTEN_RELAY_INTERVAL_SECONDEN),
        "options": {"expires": BERICHTEN_RELAY_INTERVAL_SECONDEN * 2},
    },
    "berichten-dagoverzichten": {
        "task": "berichten.tasks.dagoverzichten_plannen",
        "schedule": crontab(hour=7, minute=0),
    },
    "berichten-herinneringen": {
        "task": "berichten.tasks.herinneringen_verwerken",
        "schedule": crontab(hour=7, minute=15, day_of_week="mon-fri"),
    },
    # Daily; the task itself waits for the first school day and is idempotent per month.
    "berichten-maandoverzichten": {
        "task": "berichten.tasks.maandoverzichten_plannen",
        "schedule": crontab(hour=6, minute=30),
    },
    "statistiek-purge": {"task": "statistiek.tasks.purge_verlopen", "schedule": crontab(hour=2, minute=30)},
}
