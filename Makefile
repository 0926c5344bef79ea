# Shortcuts; `python3 dev.py ...` does the same without make.
PY := .venv/bin/python

.PHONY: demo test test-postgres lint format migrations-check messages ci

demo:
	python3 dev.py demo

test:
	python3 dev.py test

test-postgres:
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/sinovik REDIS_URL=redis://127.0.0.1:6379/0 python3 dev.py test

lint:
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format:
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

migrations-check:
	$(PY) manage.py makemigrations --check --dry-run

# Needs GNU gettext (xgettext); translators then fill each <app>/locale/id/LC_MESSAGES/django.po.
messages:
	$(PY) manage.py makemessages -l id --ignore=.venv --ignore=staticfiles --ignore=tests --ignore=benchmarks --no-obsolete

ci:
	bash .ci/run
