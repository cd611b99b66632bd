# Nhân Rộng. Two commands matter: `make run` and `make test` (see README).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PORT ?= 8000
# The served app and the demo load read PORT: links (SITE_URL) follow it unless SITE_URL is set.
export PORT
STAMP := $(VENV)/.installed

.PHONY: run test install setup demo serve worker messages bench clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(STAMP): requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Translations are compiled from locale/*.po (the .mo files are build output).
messages: install
	$(PY) manage.py compilemessages --ignore=.venv -v0

setup: install messages
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py load_units
	@# Quiet demo load: the summary and the logins are printed; per-row logs and demo e-mails are not.
	@# Links follow SITE_URL, else PORT (config/settings/base.py), in the demo load and the served app alike.
	LOG_LEVEL=WARNING EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend $(PY) manage.py load_demo

run: setup
	@echo "Serving on http://127.0.0.1:$(PORT)/  (admin: http://127.0.0.1:$(PORT)/admin/)"
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install messages
	@tests/browser/ensure_chromium.sh
	$(PY) -m pytest $(PYTEST_ARGS)

worker: install
	$(VENV)/bin/celery -A config worker -B -l info

bench: install
	$(PY) -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3* var
