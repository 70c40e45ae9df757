PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-fast lint typecheck bench bench-smoke clean iso-codes console-messages screenshots

$(STAMP): pyproject.toml plugins/orderhub-oscar/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[dev]'
	$(BIN)/pip install -q --disable-pip-version-check --no-deps -e plugins/orderhub-oscar
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/orderhub serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

test: lint typecheck
	$(BIN)/pytest -q -n 2 --dist loadfile

test-fast: install
	$(BIN)/pytest -q -x -n 2 --dist loadfile -m "not slow"

iso-codes: install  # domain/iso_codes.py from the installed pycountry (a test fails when it is stale)
	$(BIN)/python -m tools.iso_codes

console-messages: install  # the console's texts into i18n/messages.pot and the German catalogue (then translate)
	cd entrypoints/console && ../../.venv/bin/pybabel extract -F i18n/babel.cfg -k N_ --no-location \
		--sort-output --omit-header -o i18n/messages.pot . && ../../.venv/bin/pybabel update \
		-i i18n/messages.pot -d i18n -D messages --ignore-obsolete

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

bench: install
	@command -v wrk >/dev/null || { echo "bench: installing wrk (apt-get install -y wrk) for HTTP load; without it bench/load_client.py is used"; (apt-get update -qq && apt-get install -y -qq wrk) || echo "bench: wrk not installed, using the Python load generator"; }
	$(BIN)/python -m bench

bench-smoke: install
	$(BIN)/python -m bench --smoke

screenshots: install  # the console's main pages, English and German, into docs/screenshots/ (needs Chromium)
	$(BIN)/python -m tools.screenshots
