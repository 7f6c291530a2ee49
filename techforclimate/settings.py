"""Settings for Tech For Climate, read from the environment (see `.env.example`).

Two modes, chosen by DJANGO_ENV:
- "development" (the default): SQLite, Celery eager, e-mails to the console — a laptop needs
  nothing but Python;
- "production": every secret must be given, HTTPS and secure cookies are enforced, and
  `manage.py check --deploy` passes with no warning.
"""

from pathlib import Path
from urllib.parse import urlparse

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'development' or 'production', not {DJANGO_ENV!r}")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

# A production secret has no default: a forgotten variable must stop the site, not weaken it.
SECRET_KEY = env.str("SECRET_KEY", default="" if PRODUCTION else "dev-only-insecure-key-never-in-production")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

DJANGO_APPS = [
    # Before the admin, so that the admin's forms know the translated fields.
    "modeltranslation",
    "techforclimate.apps.OrganisersAdminConfig",  # django.contrib.admin with checked parameters
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]
THIRD_PARTY_APPS = [
    "allauth",
    "allauth.account",
    "allauth.mfa",
]
LOCAL_APPS = [
    "accounts",
    "mail",
    "events",
    "speakers",
    "registrations",
    "day",
    "feedback",
    "footprint",
    "backoffice",
    "techforclimate.apps.SiteConfig",  # the site package: commands and tasks that span the apps
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "techforclimate.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # request.event, from /2027/… or the current edition: before the page cache, whose pages
    # are kept by edition, and before the language is read from the edition's URLconf.
    "techforclimate.middleware.EditionMiddleware",
    # Public pages for visitors without a session, served whole from the cache (page_cache.py).
    "techforclimate.page_cache.PageCacheMiddleware",
    # Counts the public pages served, as they leave (a 304 from ConditionalGet is no view).
    "footprint.page_views.PageViewMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every page: a repeat visit to an unchanged page gets "304 Not Modified".
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "techforclimate.middleware.PrivateResponsesMiddleware",
    "techforclimate.middleware.ForgetDeskDataAtLogoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff without a second factor are sent to set one up before any admin page opens.
    "techforclimate.middleware.StaffSecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "techforclimate.urls"
WSGI_APPLICATION = "techforclimate.wsgi.application"

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
                "techforclimate.context_processors.language_links",
                "techforclimate.context_processors.personal_links",
                "techforclimate.context_processors.edition",
            ],
            # {{ session|lang:"title" }} marks a French fallback on an English page;
            # {% load fragment_cache %} is {% cache %} that survives Redis being away.
            "libraries": {"content_language": "core.content_language", "fragment_cache": "core.fragment_cache"},
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction begins, so two registrations queue
    # for it instead of both reading and then failing with "database is locked" on write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests use a file too, not Django's in-memory default, so that concurrent tests see
    # SQLite's real locking.
    DATABASES["default"].setdefault("TEST", {"NAME": f"{DATABASES['default']['NAME']}-test"})
else:
    # Persistent connections: without them PostgreSQL halves a page's throughput here.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # Django's and allauth's, the logged-in person's row read from the cache (accounts/backends.py).
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "registrations:mine"
ACCOUNT_ADAPTER = "mail.adapter.OutboxAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
# Sign-up, login and reset answer the same whether or not an address has an account.
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Tech For Climate] "
# Links in account e-mails use the scheme of the address the site is served at.
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlparse(SITE_URL).scheme or "https"
# Rate limits count per client address: X-Forwarded-For is trusted only from this many
# proxies in front of the site. Too high, and a client forges its address to escape the
# limits; too low (0 behind a proxy), and every visitor has the proxy's address and shares
# one limit. Production runs behind one TLS proxy (see SECURE_PROXY_SSL_HEADER); a laptop
# behind none.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1 if PRODUCTION else 0)
# allauth's rate limits are on by default (login failures, sign-ups, resets, codes); they
# count in the cache, which is Redis in production so that every worker shares them.
# Second factors (allauth's mfa): an authenticator app and its recovery codes, for every
# account; required for staff before the back office opens (accounts/second_factor.py).
# No security keys (WebAuthn) yet: they work only through JavaScript (the browser's
# credentials API), on pages that otherwise need none.
MFA_ADAPTER = "accounts.second_factor.SecondFactorAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Tech For Climate"

# --- Languages and time ---------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Translated content (django-modeltranslation): one column per language; French is the
# reference, shown (marked lang="fr") wherever the English text is missing.
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = ("fr", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr",)
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Paris")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Files only organisers may download (badge print runs): never under MEDIA_URL.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        # Hashed, compressed names in production; plain files in development and tests so
        # that nothing needs `collectstatic` before a page can render.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

# Development serves files straight from static/ so nothing needs `collectstatic` first.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG


# --- E-mail ---------------------------------------------------------------------------------
def mailer_from_url(url: str) -> dict:
    """Turn an EMAIL_URL (smtp://user:password@host:587, consolemail://, filemail:///path)
    into a MAILERS entry, the form of e-mail settings Django 6.1 expects."""
    config = env.email_url_config(url)
    options = {
        "host": config.get("EMAIL_HOST"),
        "port": config.get("EMAIL_PORT"),
        "username": config.get("EMAIL_HOST_USER"),
        "password": config.get("EMAIL_HOST_PASSWORD"),
        "use_tls": config.get("EMAIL_USE_TLS"),
        "use_ssl": config.get("EMAIL_USE_SSL"),
        "file_path": config.get("EMAIL_FILE_PATH"),
    }
    if config["EMAIL_BACKEND"].endswith("smtp.EmailBackend"):
        options["timeout"] = 10
        options.pop("file_path")
    elif config["EMAIL_BACKEND"].endswith("filebased.EmailBackend"):
        # django-environ drops the leading slash of filemail:///absolute/path.
        options = {"file_path": urlparse(url).path or options["file_path"]}
    else:
        options = {}
    return {"BACKEND": config["EMAIL_BACKEND"], "OPTIONS": {k: v for k, v in options.items() if v not in (None, "")}}


MAILERS = {"default": mailer_from_url(env.str("EMAIL_URL", default="consolemail://"))}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Tech For Climate <bonjour@techforclimate.fr>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Redis, cache and Celery ----------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "core.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Whole public pages for visitors without a session (techforclimate/page_cache.py): kept at
# most this long, and dropped at once by any edit. Several processes must share the cache
# (Redis) for an edit in one to reach the others, so production without Redis (several
# workers, each its own memory cache) keeps none unless told; 0 turns it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=60 if REDIS_URL or not PRODUCTION else 0)

CELERY_BROKER_URL = REDIS_URL or "memory://"
if REDIS_URL:
    CELERY_BROKER_TRANSPORT = "core.broker:Transport"  # kombu's, reusing its Redis clients
# With no Redis the tasks run in-process, so a laptop needs no broker and no worker.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task a worker took but never acknowledged (the worker died) goes to another worker
# after this many seconds; e-mail retries wait less than this.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# Publishing to a Redis that is down gives up within a few seconds: the e-mail row stays
# pending and the sweep below sends it once Redis is back.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_BROKER_TRANSPORT_OPTIONS |= {"socket_connect_timeout": 2, "socket_timeout": 5}
CELERY_BEAT_SCHEDULE = {
    "requeue-due-emails": {"task": "emails.requeue_due", "schedule": 60.0},
    "event-reminders": {"task": "emails.event_reminders", "schedule": crontab(hour=9, minute=0)},
    "reconfirmation": {"task": "registrations.reconfirmation", "schedule": crontab(hour=9, minute=30)},
    # The morning after an event, its checked-in attendees are asked what they thought.
    "feedback-requests": {"task": "registrations.feedback_requests", "schedule": crontab(hour=9, minute=0)},
    "release-lapsed-seats": {"task": "registrations.release_lapsed_seats", "schedule": 300.0},
    # Seat offers past their deadline pass to the next person; waiting lists close at the cut-off.
    "sweep-seat-offers": {"task": "registrations.sweep_offers", "schedule": 300.0},
    "anonymise-past-attendees": {"task": "accounts.anonymise_past_attendees", "schedule": crontab(hour=3, minute=0)},
}
EMAIL_RETRY_BASE_SECONDS = env.int("EMAIL_RETRY_BASE_SECONDS", default=30)
# How long a registration waits for the event's lock before "very busy, please retry".
REGISTRATION_LOCK_WAIT_MS = env.int("REGISTRATION_LOCK_WAIT_MS", default=8000)
# Attendees' personal data is anonymised this many days after the event.
RETENTION_DAYS = env.int("RETENTION_DAYS", default=180)
# Page views are counted in memory and written at most this often (a crash loses this much).
PAGE_VIEWS_FLUSH_SECONDS = env.int("PAGE_VIEWS_FLUSH_SECONDS", default=60)

# --- Security -------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# With Redis, a session is read from it rather than from the database (core/sessions.py);
# without, each worker's memory cache would disagree with the others after a log-out.
SESSION_ENGINE = "core.sessions" if REDIS_URL else "django.contrib.sessions.backends.db"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every step at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}
