# syntax=docker/dockerfile:1
# Cổng TĐKT / TĐKT Portal: production image (gunicorn; the same image runs Celery worker/beat).

# --- Stage 1: front-end assets (Bootstrap, Bootstrap Icons, htmx) from package-lock.json ------
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# --- Stage 2: the application -----------------------------------------------------------------
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    UV_PROJECT_ENVIRONMENT=/app/.venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1

# WeasyPrint needs pango; fonts for the PDFs; gettext for compilemessages; curl for healthchecks;
# postgresql-client (15 on bookworm, the server's major version) for manage.py backup/restore.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 gettext curl postgresql-client-15 \
    && rm -rf /var/lib/apt/lists/*

# uv at the version the lock file was made with
RUN pip install uv==0.13.9

WORKDIR /app

# Dependencies first (cached while pyproject.toml and uv.lock stay the same); no dev group.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

ENV PATH=/app/.venv/bin:$PATH \
    DJANGO_SETTINGS_MODULE=config.settings.production

COPY --from=assets /build/node_modules ./node_modules
COPY . .

# Compiled translations and collected static files are part of the image. The secret key and
# host list below exist only for this build step; the running container must get real ones.
RUN DJANGO_SETTINGS_MODULE=config.settings.local \
        python manage.py compilemessages -v0 --ignore=.venv --ignore=node_modules \
    && DJANGO_SETTINGS_MODULE=config.settings.production \
       DJANGO_SECRET_KEY=build-only-not-a-secret-collectstatic-0123456789abcdefghijkl \
       DJANGO_ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --noinput -v0

RUN groupadd --system --gid 10001 tdkt \
    && useradd --system --uid 10001 --gid tdkt --home-dir /app --no-create-home \
        --shell /usr/sbin/nologin tdkt \
    && mkdir -p /app/media /backups \
    && chown tdkt:tdkt /app/media /backups

USER tdkt

EXPOSE 8000

CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
