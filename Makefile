# Cổng TĐKT / TĐKT Portal: one-command setup, run and test.
#
#   make setup   install what the portal needs (system packages, Python venv, front-end assets,
#                compiled translations); idempotent, a second run takes a few seconds
#   make run     migrate, seed the demo data once, serve on http://127.0.0.1:$(PORT)/
#   make test    lint, format check, app import order (import-linter), Django checks, compose
#                validation, deploy check, pytest
#   make worker / make beat / make messages / make clean / make distclean

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
PYTEST_ARGS ?=

# Debian packages: WeasyPrint (pango), fonts for PDFs, gettext (msgfmt), Chromium for the
# browser tests, poppler-utils (pdftotext/pdftoppm) for checking generated PDFs.
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 gettext chromium poppler-utils
# Node.js and npm (Debian "nodejs", "npm") count as present when `node` and `npm` are on PATH,
# whatever installed them: a NodeSource "nodejs" bundles npm, and installing Debian's "npm"
# beside it would pull Debian's older nodejs in its place.

# Directories that gettext tools must never walk into.
I18N_IGNORE := --ignore=.venv --ignore=node_modules --ignore=.git --ignore=staticfiles --ignore=media

SETUP_STAMP := $(VENV)/.tdkt-uv-sync.stamp

# step "Vietnamese / English": a short header before each step
step = @printf '\n\033[1m==> %s\033[0m\n' "$(1)"

.PHONY: help setup setup-system setup-python setup-assets setup-messages \
        run test bench worker beat messages clean distclean

help:
	@echo "Cổng TĐKT — các lệnh / targets:"
	@echo "  make setup     cài đặt môi trường / install everything (idempotent)"
	@echo "  make run       chạy cổng thử nghiệm / run the demo portal on port $(PORT)"
	@echo "  make test      kiểm tra toàn bộ / lint, checks and the test suite"
	@echo "  make bench     đo tải quy mô tỉnh / province-scale load benchmark (PostgreSQL)"
	@echo "  make worker    Celery worker;  make beat   Celery beat"
	@echo "  make messages  cập nhật bản dịch / makemessages + compilemessages"
	@echo "  make clean     xoá tệp sinh ra / remove generated files (distclean: also .venv, node_modules)"

# --------------------------------------------------------------------------------------------
# setup
# --------------------------------------------------------------------------------------------
setup: setup-system setup-python setup-assets setup-messages
	@printf '\n\033[1m==> Cài đặt xong / setup complete\033[0m\n'

# (a) Debian packages, only the missing ones, only as root or with passwordless sudo.
setup-system:
	$(call step,Gói hệ thống / system packages)
	@missing=(); \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$p" 2>/dev/null | grep -q 'install ok installed' \
	    || missing+=("$$p"); \
	done; \
	command -v node >/dev/null 2>&1 || missing+=(nodejs); \
	command -v npm >/dev/null 2>&1 || missing+=(npm); \
	if [ $${#missing[@]} -eq 0 ]; then echo "   đã đủ / all present"; exit 0; fi; \
	echo "   thiếu / missing: $${missing[*]}"; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else \
	  echo "   CẢNH BÁO / WARNING: not root and no passwordless sudo; install them by hand:" >&2; \
	  echo "   sudo apt-get install -y --no-install-recommends $${missing[*]}" >&2; \
	  exit 0; \
	fi; \
	export DEBIAN_FRONTEND=noninteractive; \
	$$sudo apt-get -o DPkg::Lock::Timeout=600 update -qq; \
	$$sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "$${missing[@]}"

# (b) the Python virtualenv from uv.lock (dev group included), re-synced when the lock changes.
# A working venv is kept as it is; a new one is made with the first interpreter on PATH that
# satisfies requires-python (>=3.11,<3.14): uv must never download one.
setup-python: setup-system
	$(call step,Môi trường Python / Python venv (uv sync --frozen))
	@if [ -x "$(PY)" ] && "$(PY)" -c '' 2>/dev/null \
	   && [ "$(SETUP_STAMP)" -nt uv.lock ] && [ "$(SETUP_STAMP)" -nt pyproject.toml ]; then \
	  echo "   đã cập nhật / up to date"; exit 0; \
	fi; \
	pybin=""; \
	for cand in python3.11 python3.12 python3.13 python3; do \
	  if command -v "$$cand" >/dev/null 2>&1 && "$$cand" -c \
	      'import sys; sys.exit(not ((3, 11) <= sys.version_info[:2] < (3, 14)))' 2>/dev/null; then \
	    pybin="$$("$$cand" -c 'import sys; print(sys.executable)')"; break; \
	  fi; \
	done; \
	if [ -z "$$pybin" ]; then echo "Cần / need Python 3.11 to 3.13 on PATH" >&2; exit 1; fi; \
	if command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1; then uv=(uv); \
	else \
	  echo "   cài uv / installing uv with pip"; \
	  "$$pybin" -m pip install -q --user uv \
	    || "$$pybin" -m pip install -q --user --break-system-packages uv \
	    || "$$pybin" -m pip install -q uv; \
	  uv=("$$pybin" -m uv); \
	fi; \
	if [ -x "$(PY)" ] && "$(PY)" -c '' 2>/dev/null; then pyopt=(); else pyopt=(-p "$$pybin"); fi; \
	set -x; \
	UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT="$(VENV)" \
	  "$${uv[@]}" sync --frozen "$${pyopt[@]}"; \
	touch "$(SETUP_STAMP)"

# (c) Bootstrap, Bootstrap Icons and htmx from package-lock.json into node_modules.
setup-assets: setup-system
	$(call step,Thư viện giao diện / front-end assets (npm ci))
	@if [ -f node_modules/.package-lock.json ] \
	   && ! [ package-lock.json -nt node_modules/.package-lock.json ] \
	   && ! [ package.json -nt node_modules/.package-lock.json ]; then \
	  echo "   đã cập nhật / up to date"; exit 0; \
	fi; \
	set -x; \
	npm ci --no-audit --no-fund; \
	touch node_modules/.package-lock.json

# (d) gettext catalogues (.po) into .mo files, only when a .po is newer than its .mo.
setup-messages: setup-python
	$(call step,Bản dịch / compile translations)
	@stale=0; \
	while IFS= read -r -d '' po; do \
	  { [ -f "$${po%.po}.mo" ] && [ "$${po%.po}.mo" -nt "$$po" ]; } || stale=1; \
	done < <(find . \( -path ./.venv -o -path ./node_modules -o -path ./.git \) -prune \
	           -o -name '*.po' -print0); \
	if [ "$$stale" = 0 ]; then echo "   đã cập nhật / up to date"; exit 0; fi; \
	set -x; \
	$(PY) manage.py compilemessages -v0 $(I18N_IGNORE)

# --------------------------------------------------------------------------------------------
# run
# --------------------------------------------------------------------------------------------
run: setup
	$(call step,Cập nhật cơ sở dữ liệu / migrate)
	$(PY) manage.py migrate --noinput
	$(call step,Dữ liệu demo / demo data (once))
	$(PY) manage.py seed_demo --if-empty
	$(PY) manage.py seed_demo_deadline
	$(PY) manage.py seed_demo_campaigns
	$(PY) manage.py seed_demo_nominations
	$(PY) manage.py seed_province --steps units --no-progress
	$(PY) manage.py seed_demo_clusters
	@printf '\n'
	@printf '  ============================================================\n'
	@printf '  Cổng TĐKT đang chạy tại / the portal runs at  http://127.0.0.1:%s/\n' "$(PORT)"
	@printf '  Tài khoản demo / demo logins: secretariat, chairman, council, unitstaff, unithead, admin\n'
	@printf '  Hồ sơ demo / demo dossiers: unitstaff (đang soạn), secretariat (chờ thẩm định, lấy ý kiến), council (phiên họp hôm nay: secretariat điểm danh, mở biểu quyết)\n'
	@printf '  Lưu trữ demo / demo archive: 2 quyết định đã ban hành, 1 khen thưởng bị thu hồi (Lưu trữ khen thưởng)\n'
	@printf '  Mật khẩu / password: %s\n' "$${TDKT_DEMO_PASSWORD:-tdkt-demo-2026}"
	@printf '  Dừng bằng Ctrl+C / stop with Ctrl+C\n'
	@printf '  ============================================================\n\n'
	exec $(PY) manage.py runserver 127.0.0.1:$(PORT)

# --------------------------------------------------------------------------------------------
# test: every step must pass; make stops at the first one that fails
# --------------------------------------------------------------------------------------------
test: setup
	$(call step,[1/8] Ruff: kiểm tra mã / lint)
	$(VENV)/bin/ruff check .
	$(call step,[2/8] Ruff: định dạng / format check)
	$(VENV)/bin/ruff format --check .
	$(call step,[3/8] Thứ tự phụ thuộc giữa các ứng dụng / one-way app order (import-linter))
	$(VENV)/bin/lint-imports --no-cache
	$(call step,[4/8] Django check (test settings))
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	$(call step,[5/8] Migrations đầy đủ / no missing migrations)
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(call step,[6/8] docker-compose.yml theo compose-spec / compose file validation)
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml
	$(call step,[7/8] Cấu hình production / check --deploy)
	DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" \
	DJANGO_ALLOWED_HOSTS=tdkt.example.gov.vn \
	DJANGO_DEBUG=false \
	  $(PY) manage.py check --deploy --fail-level WARNING
	$(call step,[8/8] Pytest)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# --------------------------------------------------------------------------------------------
# bench: province-scale data (once), then the key pages under gunicorn against /healthz/
# --------------------------------------------------------------------------------------------
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/tdkt_bench
BENCH_REDIS_URL ?= redis://127.0.0.1:6379/3
# e.g. BENCH_ARGS='--pages "" --bursts all' (the bursts alone: see README, Bursts)
BENCH_ARGS ?=

bench: setup
	$(call step,Cơ sở dữ liệu đo tải / benchmark database)
	@psql "$(BENCH_DATABASE_URL)" -tAc 'select 1' >/dev/null 2>&1 \
	  || createdb -h 127.0.0.1 -U postgres "$(lastword $(subst /, ,$(BENCH_DATABASE_URL)))"
	DATABASE_URL="$(BENCH_DATABASE_URL)" REDIS_URL="$(BENCH_REDIS_URL)" \
	  $(PY) manage.py migrate --noinput -v0
	$(call step,Dữ liệu quy mô tỉnh / province-scale data (lần đầu vài phút / first run: minutes))
	DATABASE_URL="$(BENCH_DATABASE_URL)" REDIS_URL="$(BENCH_REDIS_URL)" \
	  $(PY) manage.py seed_province
	$(call step,Đo tải / load benchmark (gunicorn + Locust))
	DATABASE_URL="$(BENCH_DATABASE_URL)" REDIS_URL="$(BENCH_REDIS_URL)" \
	  $(PY) manage.py bench $(BENCH_ARGS)

# --------------------------------------------------------------------------------------------
# Celery, translations, cleaning
# --------------------------------------------------------------------------------------------
worker: setup
	$(call step,Celery worker)
	exec $(VENV)/bin/celery -A config worker -l info

beat: setup
	$(call step,Celery beat)
	exec $(VENV)/bin/celery -A config beat -l info

messages: setup
	$(call step,Cập nhật bản dịch / makemessages (vi, en))
	$(PY) manage.py makemessages -l vi -l en $(I18N_IGNORE)
	$(call step,Biên dịch bản dịch / compilemessages)
	$(PY) manage.py compilemessages -v0 $(I18N_IGNORE)

clean:
	$(call step,Dọn dẹp / clean)
	rm -rf staticfiles .pytest_cache .ruff_cache test-artifacts screenshots "$(SETUP_STAMP)"
	find . \( -path ./.venv -o -path ./node_modules -o -path ./.git \) -prune -o \
	  \( -name __pycache__ -type d -prune -exec rm -rf {} + \) -o \
	  \( -path '*/LC_MESSAGES/*.mo' -type f -exec rm -f {} + \)

distclean: clean
	rm -rf "$(VENV)" node_modules
