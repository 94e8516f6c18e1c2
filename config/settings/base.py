"""Settings shared by every environment.

Every value that differs between machines comes from the environment through one
``env`` object (django-environ). Without DATABASE_URL the portal runs on a SQLite file;
without REDIS_URL Celery runs tasks eagerly in the calling process.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
env_file = BASE_DIR / ".env"
if env_file.exists():
    env.read_env(str(env_file))

# --- Core -----------------------------------------------------------------------------
SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-only-key-change-me-0123456789")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    # third party
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "simple_history",
    "import_export",
    "django_celery_beat",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    # the portal, in the one direction of imports
    "units",
    "notifications",
    "awards",
    "campaigns",
    "nominations",
    "clusters",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.DatabaseUnavailableMiddleware",
    "units.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "units.middleware.SessionTimeoutMiddleware",
    "units.middleware.RequireTwoFactorMiddleware",
    "units.middleware.NoStoreMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "units.context_processors.portal",
                "notifications.context_processors.inbox",
                "reports.context_processors.report_menu",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
# Embedded default: a SQLite file. With DATABASE_URL: PostgreSQL, persistent connections.
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["ATOMIC_REQUESTS"] = False
    # While PostgreSQL restarts a request waits at most this long for a connection, then
    # gets the 503 page (config.middleware) instead of hanging.
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(env("SQLITE_PATH", default=str(BASE_DIR / "db.sqlite3"))),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users, login, two-factor, lock-out --------------------------------------------------
AUTH_USER_MODEL = "units.User"
LOGIN_URL = "units:login"
LOGIN_REDIRECT_URL = "units:dashboard"
LOGOUT_REDIRECT_URL = "units:login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    # Django's ModelBackend, the signed-in user and their roles kept between requests.
    "units.principal.PrincipalBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "units.passwords.ContextWordValidator"},
]

# django-axes: lock (username, address) after 5 failures, for 12 hours, admin unlock.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(hours=env.int("AXES_COOLOFF_HOURS", default=12))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "units.views.accounts.lockout_response"
# The client's address behind the TLS proxy (python-ipware, through axes): AXES_PROXY_COUNT
# is the number of trusted reverse proxies in front of the portal (0: clients connect
# directly, X-Forwarded-For is ignored; 1: one TLS proxy, whose X-Forwarded-For entry
# names the client, the entries a client forged before it are ignored). One setting for
# axes, the portal's own rate limits and the security log (units.security.client_ip).
TDKT_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
if TDKT_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    # ipware counts the proxies listed inside X-Forwarded-For: all but the nearest one.
    AXES_IPWARE_PROXY_COUNT = TDKT_PROXY_COUNT - 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None
# Not strict: a client's own X-Forwarded-For entries before the proxies' are skipped.
IPWARE_STRICT = False
AXES_VERBOSE = False

# Two-factor login: required for these roles when TDKT_OTP_REQUIRED is on (production).
TDKT_OTP_REQUIRED = env.bool("TDKT_OTP_REQUIRED", default=False)
# The chairman approves decisions and the Council members cast ballots: they too.
TDKT_OTP_REQUIRED_ROLES = env.list(
    "TDKT_OTP_REQUIRED_ROLES",
    default=["secretariat", "administrator", "chairman", "council_member"],
)
OTP_TOTP_ISSUER = "Cổng TĐKT"

# Sessions: idle 15 minutes (5 for administrators), absolute 8 hours.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
TDKT_SESSION_IDLE_MINUTES = env.int("TDKT_SESSION_IDLE_MINUTES", default=15)
TDKT_SESSION_IDLE_MINUTES_ADMIN = env.int("TDKT_SESSION_IDLE_MINUTES_ADMIN", default=5)
TDKT_SESSION_ABSOLUTE_HOURS = env.int("TDKT_SESSION_ABSOLUTE_HOURS", default=8)
TDKT_ACCOUNT_IDLE_DAYS = env.int("TDKT_ACCOUNT_IDLE_DAYS", default=45)

# --- Internationalisation ----------------------------------------------------------------
# The interface is Vietnamese for everyone; the English catalogue is kept for developers
# (translation.override("en")), not chosen by the browser.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Numbers get "." thousands only where a template asks (|intcomma): years never do.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/qrcode-generator", NODE_MODULES / "qrcode-generator" / "dist"),
    ("vendor/tom-select", NODE_MODULES / "tom-select" / "dist"),
]
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
MEDIA_URL = "/media-private/"  # never served directly: files go through permission views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads: limits checked by the form as well as here.
DATA_UPLOAD_MAX_NUMBER_FILES = 20
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
TDKT_UPLOAD_MAX_BYTES = env.int("TDKT_UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
TDKT_IMPORT_MAX_ROWS = env.int("TDKT_IMPORT_MAX_ROWS", default=50_000)
# Media files that no row references are purged (with the stale imports, by the beat task
# units.purge_import_files) once older than this: a file being uploaded is younger.
TDKT_MEDIA_ORPHAN_GRACE_HOURS = env.int("TDKT_MEDIA_ORPHAN_GRACE_HOURS", default=6)
# How long an uploaded import waits for its confirmation: the token expires, and the beat
# task units.purge_import_files deletes the file (units/imports.py).
TDKT_IMPORT_MAX_AGE_MINUTES = env.int("TDKT_IMPORT_MAX_AGE_MINUTES", default=60)
TDKT_EXPORT_MAX_ROWS = env.int("TDKT_EXPORT_MAX_ROWS", default=50_000)
# Public certificate verification: requests per minute per address.
TDKT_VERIFY_RATE_PER_MINUTE = env.int("TDKT_VERIFY_RATE_PER_MINUTE", default=30)
# Reminders: working days before a deadline; absolute links in e-mails.
TDKT_REMINDER_OFFSETS = tuple(env.list("TDKT_REMINDER_OFFSETS", cast=int, default=[7, 3, 1]))
TDKT_SITE_URL = env("TDKT_SITE_URL", default="")
# Generated reports are kept this many days, then their files are removed.
TDKT_REPORT_TTL_DAYS = env.int("TDKT_REPORT_TTL_DAYS", default=7)
# A report task's soft and hard time limits (seconds). A job still "running" past the hard
# limit lost its worker: the sweeper marks it failed so the user can ask again.
TDKT_REPORT_SOFT_TIME_LIMIT = env.int("TDKT_REPORT_SOFT_TIME_LIMIT", default=600)
TDKT_REPORT_TIME_LIMIT = env.int("TDKT_REPORT_TIME_LIMIT", default=660)
# A job queued this long without a worker taking it (or never queued: Redis was down) is
# queued again by the sweeper, and the user is offered to ask again.
TDKT_REPORT_REQUEUE_SECONDS = env.int("TDKT_REPORT_REQUEUE_SECONDS", default=300)
# The periodic reports to the chairman (issue 12): the periods prepared, each period's due
# date ("dd/mm"; the annual one is due 15/12, the six-month one is UNCONFIRMED) and how many
# days before the due date the beat task (reports.prepare_periodic_drafts) prepares the draft.
TDKT_PERIODIC_REPORT_PERIODS = tuple(
    env.list("TDKT_PERIODIC_REPORT_PERIODS", default=["half_year", "year"])
)
TDKT_PERIODIC_HALF_YEAR_DUE = env("TDKT_PERIODIC_HALF_YEAR_DUE", default="15/06")
TDKT_PERIODIC_YEAR_DUE = env("TDKT_PERIODIC_YEAR_DUE", default="15/12")
TDKT_PERIODIC_DRAFT_DAYS_BEFORE = env.int("TDKT_PERIODIC_DRAFT_DAYS_BEFORE", default=14)

# --- Nominations (DOMAIN.md §3; the UNCONFIRMED figures are settings) ---------------------
# Appraisal time limit at the secretariat, in working days, per kind of commendation
# (DOMAIN §3.4: not found in law; provinces usually fix 15–20). Ad hoc = simplified path.
TDKT_APPRAISAL_DAYS = {
    "default": env.int("TDKT_APPRAISAL_DAYS", default=20),
    "CONG_TRANG": env.int("TDKT_APPRAISAL_DAYS_MERIT", default=20),
    "PHONG_TRAO": env.int("TDKT_APPRAISAL_DAYS_MOVEMENT", default=15),
    "DOT_XUAT": env.int("TDKT_APPRAISAL_DAYS_AD_HOC", default=5),
    "CONG_HIEN": env.int("TDKT_APPRAISAL_DAYS_CAREER", default=20),
    "DOI_NGOAI": env.int("TDKT_APPRAISAL_DAYS_FOREIGN", default=20),
}
# Annual (year-end) dossiers are due at the secretariat by this day and month (BN Art 6(2)).
TDKT_ANNUAL_DEADLINE_DAY = env.int("TDKT_ANNUAL_DEADLINE_DAY", default=10)
TDKT_ANNUAL_DEADLINE_MONTH = env.int("TDKT_ANNUAL_DEADLINE_MONTH", default=12)
# Emulation movements (campaigns). UNCONFIRMED for Quảng Ngãi: the registration deadline
# ("dd/mm" of each year) and whether a title nominated but not registered only warns
# ("warn") or blocks the dossier ("block").
TDKT_REGISTRATION_DEADLINE = env("TDKT_REGISTRATION_DEADLINE", default="31/03")
TDKT_UNREGISTERED_TITLE_RULE = env("TDKT_UNREGISTERED_TITLE_RULE", default="warn")
TDKT_MOVEMENT_PLAN_SYMBOL = env("TDKT_MOVEMENT_PLAN_SYMBOL", default="HĐTĐKT")  # 05/KH-HĐTĐKT
TDKT_EXEMPLAR_CONSENT_VERSION = env("TDKT_EXEMPLAR_CONSENT_VERSION", default="2026-01")
# Seconds the public exemplar gallery keeps a page's rows in the cache (0: off). Any change
# to a public exemplar forgets them at once through a version in the shared cache, so the
# default is on only with Redis (per-process caches could not forget together).
TDKT_GALLERY_CACHE_SECONDS = env.int(
    "TDKT_GALLERY_CACHE_SECONDS", default=300 if env("REDIS_URL", default="") else 0
)
# Seconds a key page (lists, queues, the archive, a ranking, the dashboard, a public
# verification page) is kept rendered per user (0: off). A write to any table the page reads
# makes it a miss (units.pagecache), through counters in the shared cache, so the default
# is on only with Redis (per-process caches could not see other processes' writes).
TDKT_PAGE_CACHE_SECONDS = env.int(
    "TDKT_PAGE_CACHE_SECONDS", default=60 if env("REDIS_URL", default="") else 0
)
# Public consultation window, in working days (MOHA: 10; HN: 7).
TDKT_CONSULTATION_DAYS = env.int("TDKT_CONSULTATION_DAYS", default=10)
# Opinions a single address may send to the public form per hour.
TDKT_OPINION_RATE_PER_HOUR = env.int("TDKT_OPINION_RATE_PER_HOUR", default=5)
# The consent notice shown beside the optional name and contact (its version is stored
# with each opinion), and how long after a consultation closes they are kept.
TDKT_OPINION_CONSENT_VERSION = env("TDKT_OPINION_CONSENT_VERSION", default="2026-01")
TDKT_OPINION_CONTACT_RETENTION_DAYS = env.int("TDKT_OPINION_CONTACT_RETENTION_DAYS", default=180)
# Quorum of an award session, percent of all members; vote thresholds, percent of all
# members (ELIGIBILITY.md "Council vote thresholds"; "more than half" for the others).
TDKT_COUNCIL_QUORUM_PERCENT = env.int("TDKT_COUNCIL_QUORUM_PERCENT", default=80)
# Quorum of a bloc's or cluster's year-end meeting: the share of member units present, as
# a fraction (Hà Nội 01/HD-HĐTĐKT: valid with at least two thirds of the members).
TDKT_BLOC_MEETING_QUORUM = env("TDKT_BLOC_MEETING_QUORUM", default="2/3")
TDKT_VOTE_PERCENT = {
    "eighty": env.int("TDKT_VOTE_PERCENT_EIGHTY", default=80),
    "ninety": env.int("TDKT_VOTE_PERCENT_NINETY", default=90),
}
# Absent members' written opinions (agree / disagree per nominee, on a signed paper) are
# counted with the secret ballots against the whole membership ("nếu thành viên Hội đồng
# vắng mặt thì lấy ý kiến bằng văn bản"; the article of Decree 152/2025 is UNCONFIRMED).
TDKT_COUNT_WRITTEN_OPINIONS = env.bool("TDKT_COUNT_WRITTEN_OPINIONS", default=True)
# A ballot opens on the session's day (Asia/Ho_Chi_Minh) only; True also allows opening
# it on an earlier day (never after the day).
TDKT_BALLOT_OPEN_BEFORE_SESSION_DAY = env.bool("TDKT_BALLOT_OPEN_BEFORE_SESSION_DAY", default=False)
# Symbols of the documents the secretariat issues (Decree 30/2020 numbering).
TDKT_PROPOSAL_SYMBOL = env("TDKT_PROPOSAL_SYMBOL", default="SNV")  # 05/TTr-SNV
# The unit that issues the secretariat's tờ trình (Sở Nội vụ), by its code in the unit tree.
TDKT_HOME_AFFAIRS_UNIT_CODE = env("TDKT_HOME_AFFAIRS_UNIT_CODE", default="so-noi-vu")
TDKT_DECISION_SYMBOL = env("TDKT_DECISION_SYMBOL", default="UBND")  # 12/QĐ-UBND
# Cash rewards are rounded up to the next multiple of this many đồng (Decree 91/2017
# Art 70(3), kept by Decree 98/2023: ten thousand; under Decree 152/2025 UNCONFIRMED).
TDKT_CASH_ROUND_UP_TO = env.int("TDKT_CASH_ROUND_UP_TO", default=10_000)
# The typeface of generated documents (Decree 30/2020: Times New Roman). The PDF uses it
# when fontconfig finds it installed, else its metric twin Liberation Serif; the DOCX
# names it, and the reader's word processor substitutes its own twin if needed.
TDKT_DOCUMENT_FONT = env("TDKT_DOCUMENT_FONT", default="Times New Roman")
# Certificates (issue 12): the paper the print page proposes first ("a4": plain A4
# landscape, the whole certificate printed; "preprinted": the province's stock, only the
# variable fields), and the offsets in mm of the fields on that stock, "field=x,y" joined
# by ";" (x to the right, y downward; "all" moves every field): all, authority,
# recipient, achievement, decision, signer, qr. reports/kinds_certificates.py.
TDKT_CERTIFICATE_STOCK = env("TDKT_CERTIFICATE_STOCK", default="a4")
TDKT_CERTIFICATE_OFFSETS_MM = env("TDKT_CERTIFICATE_OFFSETS_MM", default="")
# Complaints about a decision or a nomination are answered within this many days of
# being registered (Law on Complaints 2011, Art. 28: 30 days, 45 when complicated);
# reminders go through the deadline registry. nominations/models/complaints.py.
TDKT_COMPLAINT_ANSWER_DAYS = env.int("TDKT_COMPLAINT_ANSWER_DAYS", default=30)

# --- E-mail -----------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Cổng TĐKT <tdkt@localhost>")
# E-mails are sent by a Celery task; while the mail server fails it retries this many
# times, the first after this many seconds, each next wait twice as long.
TDKT_EMAIL_MAX_RETRIES = env.int("TDKT_EMAIL_MAX_RETRIES", default=5)
TDKT_EMAIL_RETRY_SECONDS = env.int("TDKT_EMAIL_RETRY_SECONDS", default=30)

# --- Cache: shared through Redis when there is one (rate limits, lock-outs across
# workers); a per-process memory cache otherwise.
if env("REDIS_URL", default=""):
    CACHES = {
        "default": {
            # Django's Redis cache, one client per connection pool (units.caching).
            "BACKEND": "units.caching.RedisCache",
            "LOCATION": env("REDIS_CACHE_URL", default=env("REDIS_URL")),
            "KEY_PREFIX": "tdkt",
            # A cache that is down answers within a second; the rate limits then count
            # in the process (units.ratelimit) and the public pages keep answering.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }

# --- Celery -----------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_TASK_ALWAYS_EAGER = False
else:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
    CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
# Redis redelivers a task not acknowledged within the visibility timeout (acks_late): set
# just above the longest hard time limit, so a running task is never delivered twice and
# the task of a killed worker comes back once its time is up.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": max(TDKT_REPORT_TIME_LIMIT, CELERY_TASK_TIME_LIMIT) + 60
}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "disable-idle-accounts": {
        "task": "units.disable_idle_accounts",
        "schedule": crontab(hour=1, minute=15),
    },
    "send-deadline-reminders": {
        "task": "notifications.send_reminders",
        "schedule": crontab(hour=6, minute=30),
    },
    "prepare-periodic-reports": {
        "task": "reports.prepare_periodic_drafts",
        "schedule": crontab(hour=5, minute=45),
    },
    "purge-expired-reports": {
        "task": "reports.purge_expired",
        "schedule": crontab(hour=2, minute=0),
    },
    "sweep-stale-reports": {
        "task": "reports.sweep_stale",
        "schedule": timedelta(minutes=1),
    },
    "sweep-pending-emails": {
        "task": "notifications.sweep_emails",
        "schedule": timedelta(minutes=5),
    },
    "close-consultations": {
        "task": "nominations.close_consultations",
        "schedule": crontab(hour=0, minute=5),
    },
    "erase-opinion-contacts": {
        "task": "nominations.erase_opinion_contacts",
        "schedule": crontab(hour=2, minute=30),
    },
    "purge-import-files": {
        "task": "units.purge_import_files",
        "schedule": crontab(minute="*/15"),
    },
}

# --- Security headers (tightened further in production) -----------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Logging: the security-event log goes to the database and to this logger -------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
    "loggers": {
        "tdkt.security": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# --- The portal -------------------------------------------------------------------------
TDKT_PORTAL_NAME = env("TDKT_PORTAL_NAME", default="Cổng Thi đua - Khen thưởng")
TDKT_PROVINCE_NAME = env("TDKT_PROVINCE_NAME", default="Quảng Ngãi")
# The post-2025 name of the secretariat unit in the province is unconfirmed (DOMAIN.md §7).
TDKT_SECRETARIAT_UNIT_NAME = env(
    "TDKT_SECRETARIAT_UNIT_NAME", default="Phòng Thi đua, khen thưởng (Sở Nội vụ)"
)
TDKT_SECURITY_CONTACT = env("TDKT_SECURITY_CONTACT", default="attt@tdkt.quangngai.example")
TDKT_DEMO_PASSWORD = env("TDKT_DEMO_PASSWORD", default="tdkt-demo-2026")
# Rows per page of every list in the portal.
TDKT_PAGE_SIZE = env.int("TDKT_PAGE_SIZE", default=25)
# Lists count their rows up to this many; past it they say "hơn 10.000" (0: always exact).
TDKT_LIST_COUNT_CAP = env.int("TDKT_LIST_COUNT_CAP", default=10_000)
# A name typed into the archive or the person search counts its matches up to this many;
# past it the page says "hơn 1.000" and the next pages come from the sort order's index
# (0: as TDKT_LIST_COUNT_CAP). Counting a common name's 10,000 matches took most of a
# search's time at province scale (issue 13).
TDKT_SEARCH_COUNT_CAP = env.int("TDKT_SEARCH_COUNT_CAP", default=1_000)

# --- Operations: backups (manage.py backup/restore) and the database-outage page ----------
# Where `manage.py backup` writes its folders, how many it keeps (0: all), the Fernet key
# that encrypts them (empty: not encrypted; `manage.py backup --generate-key` makes one) and
# where pg_dump/pg_restore of the server's major version live (empty: PATH).
TDKT_BACKUP_DIR = Path(env("TDKT_BACKUP_DIR", default=str(BASE_DIR / "backups")))
TDKT_BACKUP_KEEP = env.int("TDKT_BACKUP_KEEP", default=7)
TDKT_BACKUP_KEY = env("TDKT_BACKUP_KEY", default="")
TDKT_PG_BIN_DIR = env("TDKT_PG_BIN_DIR", default="")
# Seconds a browser is told to wait (Retry-After) when the database is unreachable.
TDKT_RETRY_AFTER_SECONDS = env.int("TDKT_RETRY_AFTER_SECONDS", default=30)

IMPORT_EXPORT_SKIP_ADMIN_LOG = True
IMPORT_EXPORT_USE_TRANSACTIONS = True
