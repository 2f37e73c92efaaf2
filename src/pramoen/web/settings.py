"""Pramoen settings: one file, driven by the environment.

PRAMOEN_ENV            development (default) or production
PRAMOEN_DATA_DIR       where the SQLite database, evidence files and collected static live
                       (default: ./var)
DATABASE_URL           PostgreSQL (postgres://…) instead of the embedded SQLite
PRAMOEN_PG_PREPARE     0: no server-side binding nor prepared statements on PostgreSQL (for
                       a pooler in transaction mode that does not keep them); default 1
PRAMOEN_SECRET_KEY     the secret key (or PRAMOEN_SECRET_KEY_FILE: a file holding it);
                       required in production, generated into the data dir in development
PRAMOEN_ALLOWED_HOSTS  comma-separated host names (production)
PRAMOEN_TRUSTED_PROXIES comma-separated addresses or networks of the reverse proxies whose
                       X-Forwarded-For is believed (default: none)
PRAMOEN_EMAIL_URL      the mail transport: console:// (default), smtp://, smtp+tls://, smtp+ssl://
PRAMOEN_EMAIL_FROM     the sender of every mail
PRAMOEN_BASE_URL       the address people open, for links in mail (http://127.0.0.1:8000)

Files (evidence, import files, generated reports) are kept in the data dir (media/) unless a
bucket is named, then in S3-compatible object storage (AWS S3, SeaweedFS, MinIO, Ceph…),
private: never a public URL, every download passes Pramoen's access check:
PRAMOEN_S3_BUCKET      the bucket (must exist); unset: files on local disk
PRAMOEN_S3_ENDPOINT_URL the S3 endpoint, e.g. http://127.0.0.1:8333 (unset: AWS)
PRAMOEN_S3_ACCESS_KEY_ID, PRAMOEN_S3_SECRET_ACCESS_KEY
                       the credentials (unset: boto3's own chain, e.g. an instance role)
PRAMOEN_S3_REGION      the region (default us-east-1)
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
import fontpkg_sarabun
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from whitenoise.compress import Compressor

from pramoen.web.mailurl import MailURLError, mail_settings

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("PRAMOEN_DATA_DIR", Path.cwd() / "var")).resolve()
ENV = os.environ.get("PRAMOEN_ENV", "development")
PRODUCTION = ENV == "production"
DEBUG = os.environ.get("PRAMOEN_DEBUG", "") == "1" and not PRODUCTION


def _secret_key() -> str:
    if key := os.environ.get("PRAMOEN_SECRET_KEY"):
        return key
    if path := os.environ.get("PRAMOEN_SECRET_KEY_FILE"):
        return Path(path).read_text(encoding="utf-8").strip()
    if PRODUCTION:
        raise RuntimeError(
            "PRAMOEN_SECRET_KEY or PRAMOEN_SECRET_KEY_FILE must be set in production"
        )
    # Development: a random key kept beside the database, never a fixed default.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = (
    os.environ.get("PRAMOEN_ALLOWED_HOSTS", "").split(",")
    if PRODUCTION
    else ["127.0.0.1", "localhost", "[::1]", "testserver"]
)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "pramoen.accounts",
    "pramoen.evaluation",
    "pramoen.reports",
    "pramoen.exchange",
    "pramoen.api",
    "pramoen.notifications",
    "pramoen.appraisal",
    "ninja",  # serves Swagger UI's files from our own static files (no CDN)
    "csp",
]

MIDDLEWARE = [
    "pramoen.web.clientip.ClientIPMiddleware",  # first: every request is logged with it
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Thai whatever the browser asks; English by the switch, remembered per person (not
    # Django's LocaleMiddleware, which follows Accept-Language)
    "pramoen.accounts.language.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "csp.middleware.CSPMiddleware",
    "pramoen.web.bodylimit.BodyLimitMiddleware",  # last: its refusals get every header above
]

ROOT_URLCONF = "pramoen.web.urls"
WSGI_APPLICATION = "pramoen.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "pramoen.accounts.context_processors.membership",
                "pramoen.evaluation.context_processors.statuses",
                "pramoen.notifications.context_processors.unread",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    if "postgresql" in DATABASES["default"]["ENGINE"] and os.environ.get(
        "PRAMOEN_PG_PREPARE", "1"
    ) not in ("0", ""):
        # Parameters bound by the server, and a statement run five times on a connection is
        # prepared (psycopg's prepare_threshold; Django turns it off by default): the
        # planner, most of PostgreSQL's CPU for the pages' joins, then plans it once per
        # connection, not once a request.
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": 5}
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "pramoen.sqlite3"),
            "CONN_MAX_AGE": 60,  # reused, as PostgreSQL's: ~1.5 ms less a request (bench capacity)
            "OPTIONS": {
                # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock
                # at BEGIN so two writers queue (busy timeout) instead of failing mid-transaction.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend whose user comes with their membership (one query fewer on every page)
    "pramoen.accounts.backends.MembershipBackend",
    # only for the sessions ModelBackend logged in before (a session names its backend):
    # MembershipBackend ends every login, right or wrong, before it is asked
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"


def _trusted_proxies() -> list[str]:
    values = [v.strip() for v in os.environ.get("PRAMOEN_TRUSTED_PROXIES", "").split(",")]
    for value in filter(None, values):
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            # a typo must stop the start, not quietly key every lock-out on the proxy
            raise RuntimeError(
                f"PRAMOEN_TRUSTED_PROXIES: {value!r} is not an IP address or network"
            ) from None
    return [v for v in values if v]


# The reverse proxies whose X-Forwarded-For is believed (pramoen.web.clientip): none by
# default, the client is then the connection's peer.
TRUSTED_PROXIES = _trusted_proxies()

# Lock-out after repeated failed logins, per user name and client address (behind a proxy,
# the client's, see TRUSTED_PROXIES). Both, not either: by user name alone anyone could lock
# anyone out; by address alone one person's typos would lock a whole office behind one NAT.
# What remains: someone sharing the victim's address (the same office NAT) can lock that
# account from that address, and guesses at one account from many addresses are limited by
# the password rules and Argon2's cost rather than by the lock-out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "pramoen.web.clientip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("ไทย")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Bangkok"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# WhiteNoise scans STATIC_ROOT at start-up and warns when it is missing.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Sarabun comes from its PyPI package, served as our own static files (no CDN).
STATICFILES_DIRS = [PACKAGE_DIR / "static", ("fonts/sarabun", fontpkg_sarabun.ROOT / "files")]


def _file_storage() -> dict[str, Any]:
    """Local disk under MEDIA_ROOT, or the bucket PRAMOEN_S3_BUCKET names."""
    bucket = os.environ.get("PRAMOEN_S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    from botocore.config import Config

    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": os.environ.get("PRAMOEN_S3_ENDPOINT_URL") or None,
            "access_key": os.environ.get("PRAMOEN_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("PRAMOEN_S3_SECRET_ACCESS_KEY") or None,
            "region_name": os.environ.get("PRAMOEN_S3_REGION") or "us-east-1",
            # Private objects: no ACL given (the bucket's, private by default), and were a URL
            # ever made it would be signed and short-lived. Nothing in Pramoen makes one: files
            # are streamed by the views after the access check.
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 300,
            # A name is never reused: a second upload never replaces another's file.
            "file_overwrite": False,
            # a download larger than this is spooled to a temporary file, not kept in memory
            "max_memory_size": 2 * 1024 * 1024,
            # (a client_config makes django-storages ignore its addressing_style and
            # signature_version options: they are given here)
            "client_config": Config(
                # the bucket in the path, not the host name: SeaweedFS, MinIO, IP endpoints
                s3={"addressing_style": "path"},
                signature_version="s3v4",
                connect_timeout=5,
                read_timeout=60,
                retries={"max_attempts": 3, "mode": "standard"},
            ),
        },
    }


STORAGES = {
    "default": _file_storage(),
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
# Source maps (24 of the 33 MB that django-ninja's API docs bring) are never sent to a browser
# that does not ask for them: compressing them took half of each server's start-up.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *Compressor.SKIP_COMPRESS_EXTENSIONS,
    "map",
)
MEDIA_ROOT = DATA_DIR / "media"

# Evidence: size limit per file. Each request's body limit follows from it and the other
# limits in pramoen.web.bodylimit, which refuses a larger body before reading it.
EVIDENCE_MAX_BYTES = int(os.environ.get("PRAMOEN_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_HANDLERS = [
    "pramoen.web.bodylimit.LimitedUploadHandler",  # first: stops the others past the limit
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# PDF layout worker processes per server process, shared by all the booklets it makes at once
# (pramoen.reports.pdf_workers); unset: one per other usable core, 0: none (all in the server
# process).
_pdf_workers = os.environ.get("PRAMOEN_PDF_WORKERS", "")
PRAMOEN_PDF_WORKERS = int(_pdf_workers) if _pdf_workers else None


# Background work (report jobs, account mail) goes through a queue kept in the database above
# (django-tasks with its database backend): `pramoen worker` runs it, the web server never
# does. A running report job that has not written for PRAMOEN_REPORT_JOB_STALE_SECONDS died
# with its worker (its worker writes every quarter of that) and is marked failed.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
PRAMOEN_REPORT_JOB_STALE_SECONDS = int(os.environ.get("PRAMOEN_REPORT_JOB_STALE_SECONDS", 120))

# The fiscal year's result of a district (the year pages and their table): "mean" of its two
# rounds (default) or "last", round 2 only, as the department asks (pramoen.core.appraisal).
PRAMOEN_YEAR_RULE = os.environ.get("PRAMOEN_YEAR_RULE", "mean")

# Days the file of an import that was never applied is kept (applied imports keep theirs).
IMPORT_RETENTION_DAYS = int(os.environ.get("PRAMOEN_IMPORT_RETENTION_DAYS", 30))

SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "pramoen.web.csrf.csrf_failure"  # Thai first, not Django's English page
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy in every environment, so the tests meet it too: scripts only from
# our own static files (htmx, Swagger UI), never inline. Styles may be inline (htmx's
# indicator style, pygal's SVG styles, Swagger UI).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

if PRODUCTION:
    CSRF_TRUSTED_ORIGINS = [
        o for o in os.environ.get("PRAMOEN_CSRF_TRUSTED_ORIGINS", "").split(",") if o
    ]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = os.environ.get("PRAMOEN_SSL_REDIRECT", "1") == "1"
    SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]  # a load balancer's probe speaks plain HTTP
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Mail: one URL for the transport (pramoen.web.mailurl), the sender, and where links point.
# Mail about accounts (invitations, password resets) and notifications is sent through it.
try:
    globals().update(mail_settings(os.environ.get("PRAMOEN_EMAIL_URL", "console://")))
except MailURLError as exc:
    raise ImproperlyConfigured(str(exc)) from None
DEFAULT_FROM_EMAIL = os.environ.get("PRAMOEN_EMAIL_FROM", "Pramoen <pramoen@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
PRAMOEN_BASE_URL = os.environ.get("PRAMOEN_BASE_URL", "http://127.0.0.1:8000")
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600  # an invitation or reset link lasts three days
# "Forgot password": at most this many requests per client address, and per address asked
# for, in an hour (pramoen.accounts.views; counted in the database for every app server).
PASSWORD_RESET_LIMIT = int(os.environ.get("PRAMOEN_PASSWORD_RESET_LIMIT", "5"))
