"""Settings for careerguide, safe by default: every switch comes from the environment.

The variables are documented in `.env.example`.
"""

import base64
import hashlib
import os
import re
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_flag(name: str, default: bool) -> bool:
    """An on/off switch from the environment. A value that is neither refuses to start:
    read as off, a typo such as DJANGO_HTTPS=ture would silently drop HTTPS hardening."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in _TRUE | _FALSE:
        return value in _TRUE
    raise ImproperlyConfigured(
        f"{name}={os.environ[name]!r} is not on or off: use one of "
        f"{', '.join(sorted(_TRUE))} or {', '.join(sorted(_FALSE))}."
    )


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG", False)

# The environment wins; otherwise the key `make setup` generated for this checkout
# (git-ignored, random per machine). There is no default key to fall back on.
_local_key_file = BASE_DIR / ".secret_key"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY and _local_key_file.exists():
    SECRET_KEY = _local_key_file.read_text().strip()
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "Set DJANGO_SECRET_KEY (or run `make setup`, which writes a local .secret_key)."
    )
# Outside debug a guessable key is as bad as none: it signs sessions and password-reset
# links. The same test as `check --deploy` (security.W009), but it stops the start-up
# instead of printing a warning nobody reads. Short defaults ("changeme") fail on length;
# the long one that matters is the key `startproject` writes.
if not DEBUG and (
    len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")
):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for a site without debug: it must be at least 50 "
        "random characters, not a known default. Generate one with "
        "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# Public site address, used for canonical links and the sitemap when set; otherwise the
# request's own host is used.
SITE_URL = os.environ.get("DJANGO_SITE_URL", "").rstrip("/")

INSTALLED_APPS = [
    # Django's admin, on a site that checks ids before querying (careerguide/admin_site.py).
    "careerguide.admin_config.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_htmx",
    "django_guid",
    "simple_history",
    # The simple config leaves TEMPLATES alone; the loader and builtin are wired below.
    "template_partials.apps.SimpleAppConfig",
    "roles",
    "careerguide.page_cache",
]

MIDDLEWARE = [
    "django_guid.middleware.guid_middleware",
    # The load balancer's /healthz, answered before anything that could wait on a server.
    "careerguide.health.HealthzFirstMiddleware",
    # Answers a browser's revalidation (304) for a cached page and a fresh one alike.
    "careerguide.page_cache.middleware.ConditionalPageMiddleware",
    # A cache hit is answered here, before everything below: the page was kept with the
    # headers the layers below gave it (security headers included), so a hit rebuilds
    # none of them. Static files pass straight through to WhiteNoise. Below it the page is
    # compressed, then given its ETag from the uncompressed body, so the cache keeps each
    # encoding whole (see careerguide/page_cache/middleware.py).
    "careerguide.page_cache.middleware.PageCacheMiddleware",
    # The security headers go here (see "Security hardening" below).
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # BREACH needs a secret in a compressed page that also reflects what an attacker sends.
    # Public pages hold no secret (no CSRF token, no session: they are the same for every
    # visitor, which is why they can be cached); the admin's CSRF token is masked afresh on
    # every response, and Django pads each gzipped body with random bytes on top.
    "django.middleware.gzip.GZipMiddleware",
    "careerguide.page_cache.middleware.ETagMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks a signed-in editor verified once their one-time code was accepted.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Records which editor made each change in the admin, for the content history.
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "careerguide.urls"
WSGI_APPLICATION = "careerguide.wsgi.application"

_loaders = [
    "django.template.loaders.filesystem.Loader",
    "django.template.loaders.app_directories.Loader",
]
if not DEBUG:
    _loaders = [("django.template.loaders.cached.Loader", _loaders)]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "roles.context_processors.site",
            ],
            "loaders": [("template_partials.loader.Loader", _loaders)],
            # Built in so no template loads it; Django 6 ships partials natively.
            "builtins": ["template_partials.templatetags.partials"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The database holds password hashes and sessions: created readable by its owner only
    # (SQLite gives its journal the same mode), whoever creates it first.
    _sqlite_file = Path(DATABASES["default"]["NAME"])
    if _sqlite_file.parent.is_dir() and not _sqlite_file.exists():
        os.close(os.open(_sqlite_file, os.O_CREAT | os.O_WRONLY, 0o600))
    # SQLite lets one writer in at a time. A deferred transaction takes the write lock only
    # at its first write, and fails at once ("database is locked") when another holds it;
    # an immediate one takes it at BEGIN, where the busy timeout applies, so a save waits
    # its turn instead of failing. The timeout is well inside gunicorn's worker timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        transaction_mode="IMMEDIATE",
        timeout=20,
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer fails the request in seconds (a 503), not minutes:
    # the connection within DJANGO_DB_CONNECT_TIMEOUT seconds (libpq's least is 2), and
    # each statement within DJANGO_DB_STATEMENT_TIMEOUT seconds, ended by PostgreSQL.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options.setdefault("connect_timeout", int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "2")))
    _statement_ms = int(float(os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT", "5")) * 1000)
    _options.setdefault("options", f"-c statement_timeout={_statement_ms}")
# One Redis shared by every app instance when REDIS_URL is set, so a cached page and its
# invalidation hold across instances; otherwise each process keeps a small cache in memory.
# `content_version` is where an edit publishes the content version for every process that
# serves pages to read without a query (careerguide/page_cache/published.py): Redis, or on
# one machine a few bytes in files all gunicorn workers read.
# The caches in memory are bounded, so what they hold evicts old pages rather than grows:
# at most MAX_ENTRIES pages of at most careerguide.page_cache.middleware.MAX_ENTRY_BYTES
# each. Redis is bounded by its own maxmemory (deploy/redis.conf).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    _redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        # A Redis that does not answer costs a second, not a hung worker.
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    CACHES = {"default": _redis, "content_version": _redis}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
        "content_version": {
            "BACKEND": "careerguide.page_cache.machine_cache.MachineCache",
            "LOCATION": os.environ.get("DJANGO_CACHE_DIR", str(BASE_DIR / ".cache")),
        },
    }
# Searches (and any address no form reads) have no end, so they get a cache of their own,
# in each process's memory even beside Redis (whose maxmemory every entry shares): a flood
# of new search words evicts only other searches, never a role page, a comparison or the
# career path. Still exact: its keys carry the content version like every page's.
CACHES["searches"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "searches",
    "OPTIONS": {"MAX_ENTRIES": 200},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# The stored copies of the source articles (each source's `document` names its file),
# against which the tests check every passage and every page. Outside the checkout: they
# are reference material, not part of the site.
CAREERGUIDE_SEEDS_DIR = Path(
    os.environ.get("CAREERGUIDE_SEEDS_DIR", "").strip() or BASE_DIR.parent / "shared" / "seeds"
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# HTTPS hardening is on unless the environment says the site is served over plain HTTP
# (local `make run`, tests). A deployment behind a TLS-terminating proxy sets
# DJANGO_SECURE_PROXY_SSL_HEADER=1.
HTTPS = env_flag("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
# The load balancer asks each instance directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", False)
# Joining the browsers' preload list is hard to undo, so it is an explicit choice
# (DJANGO_HSTS_PRELOAD=1), not a default that check --deploy should nag about.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
if env_flag("DJANGO_SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# The admin shows every role's history; reverting from it would skip the content rules
# the admin's own forms enforce, so an editor copies an old version back by hand.
SIMPLE_HISTORY_REVERT_DISABLED = True

# One line per event with time, level, logger and the request id nginx sent
# (careerguide/request_id.py), so an operator can follow one request across the stack.
DJANGO_GUID = {
    "GUID_HEADER_NAME": "X-Request-ID",
    "VALIDATE_GUID": True,
    "RETURN_HEADER": True,
    # Same-origin pages only: no cross-origin script needs to read the header.
    "EXPOSE_HEADER": False,
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "careerguide.request_id.RequestIdFilter"},
        "outage": {"()": "careerguide.health.OutageWithoutTraceback"},
    },
    "formatters": {
        "line": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "outage"],
            "formatter": "line",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
    # django-guid notes every id it reads or replaces; a replaced one is not an event.
    "loggers": {
        "django_guid": {"level": "ERROR"},
        # A failing check is logged once by careerguide.health, without the traceback.
        "health_check": {"level": "ERROR"},
    },
}

# Security hardening (issue #12) ---------------------------------------------------------
# Response headers, the admin lockout and quiet logs for bad hosts. The plumbing no
# library provides is in careerguide/security.py.

INSTALLED_APPS += ["csp", "axes", "django_otp", "django_otp.plugins.otp_totp"]
# Right under the page cache, so every page, error, static file, admin page, redirect and
# 400 for a bad Host carries the headers, and a cached page is kept with them: a hit
# serves them as they were, rather than building the policies again (a large share of
# what a hit cost). Above them only /healthz (JSON for the load balancer) and 304s
# (which carry no body to protect) are answered.
_under_page_cache = MIDDLEWARE.index("careerguide.page_cache.middleware.PageCacheMiddleware") + 1
MIDDLEWARE[_under_page_cache:_under_page_cache] = [
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "careerguide.security.CrossOriginResourcePolicyMiddleware",
]
# Outermost, so every layer sees the same response for HEAD as for GET.
MIDDLEWARE.insert(0, "careerguide.security.HeadWithoutBodyMiddleware")
# Last, as django-axes asks: it turns a refused login into the lockout page.
MIDDLEWARE += ["axes.middleware.AxesMiddleware"]

# The same bytes go to everyone (a page cache serves them), so no nonces: every script
# and style is a file of ours. htmx is told not to inject its indicator <style>
# (base.html). The 500 and 503 pages keep their own <style> so they render whatever is
# broken; its hash is the one inline exception.
_error_page_style = re.search(
    r"<style>(.*?)</style>", (BASE_DIR / "templates" / "_server_trouble.html").read_text(), re.S
).group(1)
_error_page_style_hash = base64.b64encode(hashlib.sha256(_error_page_style.encode()).digest())
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF, f"'sha256-{_error_page_style_hash.decode()}'"],
        "img-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
    }
}
# Features the site never uses, denied to it and to anything it could embed
# (django-permissions-policy writes the header).
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "web-share",
        "xr-spatial-tracking",
    )
}
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"

# The admin: at a path of the deployment's choosing, and a guesser locked out. Failed
# logins are counted per account and per address in the database, so every instance
# sees them; five in a row lock that account or address for fifteen minutes.
ADMIN_URL = (os.environ.get("DJANGO_ADMIN_URL", "").strip("/") or "admin") + "/"
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# A refused attempt during a lockout is not counted: counting it would restart the pause,
# so anyone knowing an editor's user name could keep them out for ever with one request
# every fifteen minutes. The lockout page says when to try again (Retry-After).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "careerguide.admin_site.lockout_response"
AXES_CLIENT_IP_CALLABLE = "careerguide.security.client_ip"
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))

# A request for a host not in ALLOWED_HOSTS is answered 400 and logged as one counted
# line, without the traceback Django attaches.
LOGGING.setdefault("filters", {})["bad_host"] = {"()": "careerguide.security.BadHostFilter"}
LOGGING.setdefault("loggers", {})["django.security.DisallowedHost"] = {"filters": ["bad_host"]}

# Signing in to the admin (issue #22) -----------------------------------------------------

# Where HTTPS is on, every admin sign-in asks for a time-based one-time code from the
# editor's authenticator app (django-otp), after the password; `manage.py enrol_device`
# gives an editor theirs. Local plain-HTTP runs sign in with the password alone, and the
# sign-in page says so.
ADMIN_SECOND_FACTOR = HTTPS
OTP_TOTP_ISSUER = "careerguide"
# A device's secret makes that editor's codes: the admin's device pages never show it (nor
# its QR code) to anyone, not even another administrator.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# An admin session ends a working day after signing in, however busy the editor is
# (careerguide/admin_site.py fixes the end at sign-in). "Sign out everywhere" in the admin
# ends every session of that editor at once.
SESSION_COOKIE_AGE = 9 * 60 * 60
