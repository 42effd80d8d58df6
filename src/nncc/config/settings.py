"""Settings, read from the environment so one build runs on a laptop and in production.

NNCC_DATABASE_URL   database URL; default an SQLite file in NNCC_DATA_DIR
NNCC_DATA_DIR       where the SQLite database and uploads live (default ./var)
NNCC_SECRET_KEY     signing key; else DATA_DIR/secret_key (made by `nncc demo`)
NNCC_DEBUG          "1" to turn debug on (never in production)
NNCC_ALLOWED_HOSTS  comma-separated host names (default localhost,127.0.0.1)
NNCC_TASK_BACKEND   "database" (default) or "immediate" (tests, one-shot CLI runs)
NNCC_IMPORT_MAX_BYTES  largest import file accepted, in bytes (default 256 MiB)
NNCC_IMPORT_MAX_ROWS   most rows one import file may hold (default 1,000,000)
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("NNCC_DATA_DIR", Path.cwd() / "var")).resolve()

TESTING = "pytest" in sys.modules or os.environ.get("NNCC_TESTING") == "1"
DEBUG = os.environ.get("NNCC_DEBUG", "0") == "1"

_secret = os.environ.get("NNCC_SECRET_KEY", "")
_secret_file = DATA_DIR / "secret_key"
if not _secret and _secret_file.is_file():
    # Written by `nncc demo` (and `nncc init-secret`) with a random key; production sets the
    # environment variable instead.
    _secret = _secret_file.read_text().strip()
if not _secret:
    if not (DEBUG or TESTING):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "Set NNCC_SECRET_KEY, or run `nncc demo` / `nncc init-secret` to create "
            f"{_secret_file}, or NNCC_DEBUG=1 for development."
        )
    # Development and tests only: nothing real is signed with this key.
    _secret = "nncc-insecure-development-key-do-not-use-in-production-0123456789"  # noqa: S105
SECRET_KEY = _secret

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("NNCC_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "nncc.kernel",
    "nncc.reference",
    "nncc.agencies",
    "nncc.registry",
    "nncc.intake",
    "nncc.resolution",
    "nncc.eradication",
    "nncc.stats",
    "nncc.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "nncc.kernel.middleware.HtmxLoginRedirectMiddleware",
    "nncc.kernel.middleware.AuditContextMiddleware",
]

ROOT_URLCONF = "nncc.config.urls"
WSGI_APPLICATION = "nncc.config.wsgi.application"

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
                "nncc.kernel.context_processors.viewer",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("NNCC_DATABASE_URL") or f"sqlite:///{DATA_DIR / 'nncc.sqlite3'}",
        conn_max_age=0 if TESTING else 60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets readers work beside one writer; synchronous=FULL so an acknowledged commit
    # survives power loss; IMMEDIATE transactions take the write lock up front, which avoids
    # "database is locked" upgrades in the middle of a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
            "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("NNCC_TEST_SQLITE", "")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ur", "اردو")]
TIME_ZONE = "Asia/Karachi"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS: list[Path] = []  # app static folders are found by the app finders
# Serve static files from the app itself (air-gapped deployments have no CDN); finders let a
# fresh checkout serve without a collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 12 * 60 * 60  # absolute re-authentication after 12 hours
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and os.environ.get("NNCC_HTTPS", "0") == "1":
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Deployments sit on closed government networks, not on the browsers' public HSTS preload list.
SILENCED_SYSTEM_CHECKS = ["security.W021"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "nncc.kernel.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "nncc API",
    "DESCRIPTION": (
        "Seizures, arrests, persons and eradication reported by the agencies of a national "
        "narcotics coordination centre. Every object is filtered by the caller's agency and "
        "the record's handling code; records you may not see answer 404."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "/static/vendor/swagger-ui-dist",
    "SWAGGER_UI_FAVICON_HREF": "/static/nncc/favicon.svg",
    "REDOC_DIST": "/static/vendor/redoc",
}

_task_backend = os.environ.get("NNCC_TASK_BACKEND", "immediate" if TESTING else "database")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if _task_backend == "immediate"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

# Bulk imports: a file beyond either limit is refused as a whole, with a message saying so.
# An .xlsx workbook may unpack to at most ten times NNCC_IMPORT_MAX_BYTES.
NNCC_IMPORT_MAX_BYTES = int(os.environ.get("NNCC_IMPORT_MAX_BYTES", 256 * 1024 * 1024))
NNCC_IMPORT_MAX_ROWS = int(os.environ.get("NNCC_IMPORT_MAX_ROWS", 1_000_000))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("NNCC_LOG_LEVEL", "WARNING")},
}
