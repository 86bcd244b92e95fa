"""Settings for Verzuimloket. Every value comes from the environment (see .env.example)."""

import ipaddress
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .env import env, envbool, envint, envlist

BASE_DIR = Path(__file__).resolve().parent.parent

# A checkout is for development (as in healthchecks): `manage.py` works without any setup. Production says
# DEBUG=false (the Docker image and .env.example do), and then every secret is required.
DEBUG = envbool("DEBUG", True)
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
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "pgtrigger",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "gemeenten",
    "scholen",
    "bron",
    "autorisatie",
    "protocollering",
    "meldingen",
    "api",
    "beveiliging",
    "rechten",
    "berichten",
    "statistiek",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "beveiliging.middleware.SessieLimietMiddleware",
    "beveiliging.middleware.MFAVerplichtMiddleware",
    "beveiliging.middleware.BeveiligingsHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "beveiliging.middleware.GeweigerdeToegangMiddleware",
    "axes.middleware.AxesMiddleware",
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
# Short OLTP queries: JIT compilation only costs time. Server-side cursors cost three round trips per
# iterated queryset (DECLARE, FETCH, CLOSE) and do not survive a transaction-pooling proxy (pgbouncer).
DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# Prepared statements: psycopg prepares a statement the fifth time a connection runs it, and PostgreSQL then
# can reuse a generic plan instead of planning it again (−1.4 ms database CPU per submission, see
# docs/performance.md). This needs server-side parameter binding, and with it a statement holds at most 65,535
# parameters: our backend (verzuimloket/db/base.py) makes Django batch bulk_update, deletes and in_bulk by that
# limit; cap __in lists and hand-written statements yourself. Behind a transaction-pooling pgbouncer without
# max_prepared_statements set DATABASE_PREPARED_STATEMENTS=false: Django's defaults, client-side binding, no
# prepared statements.
if envbool("DATABASE_PREPARED_STATEMENTS", True):
    DATABASES["default"]["OPTIONS"].update(server_side_binding=True, prepare_threshold=5)
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL moet naar PostgreSQL wijzen (postgres://...)")
DATABASES["default"]["ENGINE"] = "verzuimloket.db"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out accounts and IPs before any check
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
WHITENOISE_AUTOREFRESH = DEBUG
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
SESSION_SAVE_EVERY_REQUEST = False  # beveiliging.middleware.SessieLimietMiddleware renews the idle clock
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
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

# ---- Machine-to-machine API (issue 6) ----
# Addresses of the TLS terminator(s) whose X-SSL-Client-Cert header is believed: IPs or networks.
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES", "127.0.0.1,::1")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES bevat {_proxy!r}: geen IP-adres of netwerk") from None
# How long a process remembers a certificate lookup; a revocation in another process takes at most this long.
API_CERTIFICAAT_CACHE_SECONDEN = envint("API_CERTIFICAAT_CACHE_SECONDEN", 30)
# The change feed holds back the last seconds, so a transaction that commits late is not skipped.
API_GEBEURTENISSEN_WACHTTIJD = envint("API_GEBEURTENISSEN_WACHTTIJD", 2)
REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "drf_spectacular.openapi.AutoSchema"
SPECTACULAR_SETTINGS = {
    "TITLE": "Verzuimloket API",
    "DESCRIPTION": "Machine-to-machine koppeling voor schooladministratiepakketten en gemeentelijke systemen. "
    "Zie docs/api.md.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.probleem_antwoorden",
    ],
    "ENUM_NAME_OVERRIDES": {"StatusEnum": "meldingen.workflow.Status"},
}

# ---------------------------------------------------------------------------------------------
# Security (issue 7): access log, login hardening, headers. Documented in docs/beveiliging.md.
# ---------------------------------------------------------------------------------------------

# Access log: its own retention, and its own key for the hash chain (so someone who can write to
# the database but not read the application's secrets cannot recompute the chain).
TOEGANGSLOG_BEWAARTERMIJN_DAGEN = envint("TOEGANGSLOG_BEWAARTERMIJN_DAGEN", 5 * 365)
if TOEGANGSLOG_BEWAARTERMIJN_DAGEN < 1:
    raise ImproperlyConfigured("TOEGANGSLOG_BEWAARTERMIJN_DAGEN moet minstens 1 zijn")
TOEGANGSLOG_SLEUTEL = env("TOEGANGSLOG_SLEUTEL")
if not TOEGANGSLOG_SLEUTEL:
    if not DEBUG:
        raise ImproperlyConfigured("TOEGANGSLOG_SLEUTEL ontbreekt")
    TOEGANGSLOG_SLEUTEL = "ontwikkeling-toegangslog-sleutel"

# Authorisation by beheer: activation links, the signed declaration, and the yearly review (BIO).
AUTORISATIE_ACTIVATIE_GELDIG_UREN = envint("AUTORISATIE_ACTIVATIE_GELDIG_UREN", 72)
AUTORISATIE_VERKLARING_MAX_BYTES = envint("AUTORISATIE_VERKLARING_MAX_BYTES", 5 * 1024 * 1024)
AUTORISATIE_HERZIENING_DAGEN = envint("AUTORISATIE_HERZIENING_DAGEN", 365)
AUTORISATIE_HERZIENING_GRATIE_DAGEN = envint("AUTORISATIE_HERZIENING_GRATIE_DAGEN", 30)

CELERY_BEAT_SCHEDULE = {
    "toegangslog-verzegelen": {"task": "protocollering.tasks.toegangslog_verzegelen_taak", "schedule": 60.0},
    "toegangslog-opschonen": {"task": "protocollering.tasks.toegangslog_opschonen_taak", "schedule": 24 * 3600.0},
    "autorisaties-herzien": {"task": "autorisatie.tasks.autorisaties_herzien_taak", "schedule": 24 * 3600.0},
}

# Login: multi-factor (django-otp TOTP) for every user and the admin; see beveiliging/middleware.py.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Verzuimloket")
OTP_TOTP_THROTTLE_FACTOR = 1  # django-otp: doubling back-off after each wrong code

# Failed logins (django-axes): lockout after 10 failures per account and, separately, per IP; it
# stays until beheer unlocks (AXES_COOLOFF_UREN sets an automatic expiry instead). The lockout
# page says the same for existing and unknown usernames.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 10)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_UREN", 0) or None
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/geblokkeerd.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# Behind the TLS proxy the client address comes from X-Forwarded-For (beveiliging/netwerk.py);
# without this every failure would count against the proxy's address and lock out everyone.
PROXY_HOPS = envint("PROXY_HOPS", 1 if SECURE_PROXY_SSL_HEADER else 0)
AXES_CLIENT_IP_CALLABLE = "beveiliging.netwerk.client_ip"

# Sessions: 30 minutes idle (SESSION_COOKIE_AGE above, renewed on every request), 12 hours absolute.
SESSIE_ABSOLUUT_MAXIMUM = envint("SESSIE_ABSOLUUT_MAXIMUM_SECONDEN", 12 * 3600)
SESSION_COOKIE_NAME = "__Host-sessionid" if SESSION_COOKIE_SECURE else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if CSRF_COOKIE_SECURE else "csrftoken"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# Content Security Policy (django-csp 4): no inline scripts or styles, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Optional OpenID Connect login (mozilla-django-oidc) for organisations with their own identity
# provider. Off by default. Users are never created by OIDC: beheer authorises them first, and the
# IdP's e-mail claim must match. MFA (TOTP) is still asked after an OIDC login.
OIDC_AAN = envbool("OIDC_AAN", False)
if OIDC_AAN:
    OIDC_RP_CLIENT_ID = env("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env("OIDC_RP_CLIENT_SECRET")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = env("OIDC_OP_JWKS_ENDPOINT")
    OIDC_RP_SIGN_ALGO = env("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_RP_SCOPES = "openid email"
    OIDC_CREATE_USER = False
    _oidc_verplicht = (
        "OIDC_RP_CLIENT_ID",
        "OIDC_RP_CLIENT_SECRET",
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
        "OIDC_OP_JWKS_ENDPOINT",
    )
    _ontbreekt = [naam for naam in _oidc_verplicht if not globals()[naam]]
    if _ontbreekt:
        raise ImproperlyConfigured(f"OIDC_AAN=true maar {', '.join(_ontbreekt)} ontbreekt")
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(1, "beveiliging.oidc.AlleenBekendeGebruikersBackend")
    LOGIN_REDIRECT_URL_FAILURE = "/inloggen/"

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
# The relay tops the broker queue up to this many rows; more stay due on their rows.
BERICHTEN_RELAY_MAX_WACHTRIJ = envint("BERICHTEN_RELAY_MAX_WACHTRIJ", 1000)
# Rows per task the relay hands over, sent over one SMTP session (one connect per mail made 10,000 mails slow).
BERICHTEN_MAILS_PER_TAAK = envint("BERICHTEN_MAILS_PER_TAAK", 50)
# Reminder term for gemeenten without their own setting (school days).
HERINNERING_TERMIJN_SCHOOLDAGEN = envint("HERINNERING_TERMIJN_SCHOOLDAGEN", 5)
# Retention purge: meldingen per batch; each batch is its own short transaction.
PURGE_BATCHGROOTTE = envint("PURGE_BATCHGROOTTE", 500)
# Threads (each its own database connection) that purge batches side by side; the purge runs at night.
PURGE_PARALLEL = envint("PURGE_PARALLEL", 2)
if not DEBUG and BERICHTEN_RETRY_DUUR_SECONDEN < 1800:
    raise ImproperlyConfigured("BERICHTEN_RETRY_DUUR_SECONDEN moet in productie minstens 1800 (30 minuten) zijn")
if (
    min(
        BERICHTEN_RETRY_MAX_SECONDEN,
        BERICHTEN_RETRY_BASIS_SECONDEN,
        BERICHTEN_CLAIM_SECONDEN,
        BERICHTEN_MAILS_PER_TAAK,
        PURGE_BATCHGROOTTE,
        PURGE_PARALLEL,
    )
    <= 0
):
    raise ImproperlyConfigured(
        "BERICHTEN_RETRY_*, BERICHTEN_CLAIM_SECONDEN, BERICHTEN_MAILS_PER_TAAK en PURGE_* moeten positief zijn"
    )

CELERY_BEAT_SCHEDULE |= {
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
