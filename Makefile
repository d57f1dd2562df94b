# 정책고객관리 (Policy CRM). The README documents exactly two commands: `make run` and `make test`.
# Everything else here is what those two commands call.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
export FLASK_APP := wsgi.py

.PHONY: run test bootstrap bootstrap-test lint translations-update translations-compile clean

run: bootstrap translations-compile            ## set up, migrate, seed demo data, serve on :5000 (with the scheduler)
	$(PY) -m flask db upgrade
	$(PY) -m flask demo seed
	$(PY) -m flask serve --host 127.0.0.1 --port 5000

test: bootstrap-test translations-compile      ## set up and run the whole test suite
	bash scripts/test.sh

bootstrap:
	bash scripts/bootstrap.sh

bootstrap-test:
	bash scripts/bootstrap.sh --test

translations-compile:
	$(PY) -m babel.messages.frontend compile -d translations -f >/dev/null

translations-update:                            ## re-extract messages.pot and merge into ko/en catalogs
	$(PY) scripts/i18n.py update

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) .tmp instance
