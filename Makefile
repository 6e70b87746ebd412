# Two entry points for a fresh Debian machine with Python 3.11:
#   make demo  – set up, build the database from data/raw and start the dashboard
#   make test  – set up (including Debian's chromium for the browser test and postgresql for the users' store's
#                tests) and run every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test setup browser postgres database run benchmark clean

demo: setup database run

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

database: setup
	$(BIN)/python -m pipelines

run: setup
	$(BIN)/streamlit run serve.py

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; fi; }

# The store's tests start their own throw-away server from Debian's postgresql (initdb + pg_ctl in a temporary folder).
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; fi; }

test: setup browser postgres
	$(BIN)/python -m pytest

benchmark: setup
	$(BIN)/python -m pytest tests/benchmarks --benchmark-enable --benchmark-only

clean:
	rm -rf data/curated/*.duckdb* data/curated/lasningscache .pytest_cache
