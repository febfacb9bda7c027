# Two entry points, both safe to run on a fresh machine (see README):
#   make serve   build and serve the site at http://127.0.0.1:8000/ (rebuilds on every change;
#                make serve PORT=8123 picks another port)
#   make test    install everything the tests need, then run them all
# Also: make test-fast (every test that needs no browser, Java or Node: Python only, no apt or
# npm; its damaged-data tests draw fewer random files), make check (are the generated pages up to date with data/?), make build, make benchmark,
# make lock (requirements*.in -> the hashed lock files requirements*.txt, after changing a pin).
VENV   ?= .venv
PYTHON ?= python3
PORT   ?= 8000
# pytest-xdist workers: one per CPU. The site is built once per worker.
JOBS   ?= auto
BIN     = $(VENV)/bin
# The tests `make test-fast` leaves out (markers in pytest.ini; tests/conftest.py keeps them true).
NEEDS_TOOLS = browser or java or node

.PHONY: serve test test-fast install install-test install-python-test build check benchmark clean lock

# The virtualenv, made with $(PYTHON) (3.11 or newer; `make PYTHON=python3.12 ...` picks another).
# The script stops with one line saying what to install when Python or its venv module is missing.
$(BIN)/mkdocs: requirements.txt scripts/make_venv.sh
	@bash scripts/make_venv.sh "$(PYTHON)" "$(VENV)"
	@touch $@

install: $(BIN)/mkdocs

# The Python test packages only (what `make test-fast` needs).
$(VENV)/.test-packages: $(BIN)/mkdocs requirements-test.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-test.txt
	@touch $@

install-python-test: $(VENV)/.test-packages

serve: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr 127.0.0.1:$(PORT)

build: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

check: install
	$(BIN)/python scripts/generate_pages.py --check

install-test: install-python-test
	bash scripts/install_test_tools.sh $(VENV)

# Every test. pytest's exit code is make's: 5 (no test collected) fails too.
test: install-test
	$(BIN)/python -m pytest -n $(JOBS) --dist worksteal

test-fast: install-python-test
	$(BIN)/python -m pytest -n $(JOBS) --dist worksteal -m "not ($(NEEDS_TOOLS))" --hypothesis-profile=quick

benchmark: install-test
	$(BIN)/python scripts/benchmark.py

clean:
	rm -rf site .pytest_cache .hypothesis

# The lock files: every Python package, indirect ones too, at one version with its hashes, which
# pip checks (--require-hashes). Edit requirements.in or requirements-test.in, then run this.
# pip-tools runs from its own virtualenv under .cache/, so it never mixes with the site's packages.
PIP_TOOLS = .cache/pip-tools
lock:
	test -x $(PIP_TOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(PIP_TOOLS) && $(PIP_TOOLS)/bin/pip install --quiet pip-tools==7.6.2; }
	CUSTOM_COMPILE_COMMAND="make lock" $(PIP_TOOLS)/bin/pip-compile --quiet --generate-hashes --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in
	CUSTOM_COMPILE_COMMAND="make lock" $(PIP_TOOLS)/bin/pip-compile --quiet --generate-hashes --strip-extras \
		--no-emit-index-url --no-emit-find-links -o requirements-test.txt requirements-test.in
