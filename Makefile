# Two entry points, both safe to run on a fresh machine (see README):
#   make serve   build and serve the site at http://127.0.0.1:8000/ (rebuilds on every change)
#   make test    install everything the tests need, then run them all
VENV   ?= .venv
PYTHON ?= python3
BIN     = $(VENV)/bin

.PHONY: serve test install install-test build check benchmark clean

$(BIN)/mkdocs: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

install: $(BIN)/mkdocs

serve: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

check: install
	$(BIN)/python scripts/generate_pages.py --check

install-test: install
	bash scripts/install_test_tools.sh $(VENV)

test: install-test
	$(BIN)/python -m pytest

benchmark: install-test
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf site .pytest_cache .hypothesis
