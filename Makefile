# Two commands do all set-up: `make run` and `make test` (each creates .venv when needed).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
LOCALES := src/uppdrag/locales

.PHONY: run test lint typecheck pytest golden bench clean i18n typer-floor axe
AXE := tests/.node/node_modules/axe-core/axe.min.js
AXE_VERSION := 4.14.1

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# The E-ARK validator for tests/test_archive.py: it pins lxml==5.1.0, which openxml-audit
	# (lxml>=6.1) excludes, and runs on lxml 6 unchanged; so it comes without its pins.
	$(BIN)/python -m pip install --quiet --no-deps 'eark-validator==1.1.3' 'importlib-resources==5.12.0'
	$(BIN)/pybabel compile --use-fuzzy -D uppdrag -d $(LOCALES) --statistics
	touch $(STAMP)

## Messages: extract every _() from the code into the template, update the catalogs, compile them.
## Translate the new entries in src/uppdrag/locales/sv/LC_MESSAGES/uppdrag.po, then run it again.
i18n: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output -k ngettext:1,2 \
		--project uppdrag --copyright-holder "Västra Götalandsregionen" -o $(LOCALES)/uppdrag.pot src/uppdrag
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -D uppdrag -i $(LOCALES)/uppdrag.pot -d $(LOCALES)
	$(BIN)/pybabel compile -D uppdrag -d $(LOCALES) --statistics

# A catalog edited (or checked out) after its .mo was compiled: compile it again, else uppdrag reads
# the .po through Babel at every start (slower, and the start-up tests see Babel imported).
MO := $(patsubst %.po,%.mo,$(wildcard $(LOCALES)/*/LC_MESSAGES/uppdrag.po))
%.mo: %.po | $(STAMP)
	$(BIN)/pybabel compile -D uppdrag -i $< -o $@

## Render every council into out/ (only what changed; see `uppdrag build --help`).
run: $(STAMP) $(MO)
	$(BIN)/uppdrag validate
	$(BIN)/uppdrag build -f md,docx,html

## Lint, type-check (strict) and run the tests.
test: lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy --strict src benchmarks tests

pytest: $(STAMP) $(MO) axe
	$(BIN)/pytest

## The CLI tests with the lowest typer pyproject.toml allows, in a venv of its own (CI runs this too).
FLOOR := .venv-floor
typer-floor:
	$(PYTHON) -m venv $(FLOOR)
	$(FLOOR)/bin/python -m pip install --quiet --upgrade pip
	$(FLOOR)/bin/python -m pip install --quiet -e '.[dev]' \
		"typer==$$(sed -n 's/.*"typer>=\([0-9.]*\),.*/\1/p' pyproject.toml)"
	$(FLOOR)/bin/pybabel compile -D uppdrag -d $(LOCALES)
	$(FLOOR)/bin/pytest -p no:cacheprovider tests/test_typer_compat.py tests/test_cli.py tests/test_errors.py

## axe-core for the accessibility tests (tests/test_browser.py), from npm into tests/.node when npm
## is there; without npm the browser tests are skipped, and pytest's last line says so.
axe:
	@[ -f $(AXE) ] || ! command -v npm >/dev/null || \
		npm install --silent --no-audit --no-fund --prefix tests/.node axe-core@$(AXE_VERSION) >/dev/null || \
		echo "npm could not install axe-core: the browser tests will be skipped"

## Rewrite tests/golden/*.md from the current output (review the diff before committing).
golden: $(STAMP)
	UPDATE_GOLDEN=1 $(BIN)/pytest tests/test_fidelity.py

## Measure DOCX rendering against docxtpl, python-docx and pandoc (needs pandoc for its row), and
## the speed goals (builds, no-ops, render against typer itself): the table goes into docs/speed.md.
## Smaller and quicker: make bench BENCH_ARGS="--councils 200 --small 100 --scale 800 --runs 3".
BENCH_ARGS ?= --councils 500 --small 300 --scale 2000 --runs 5
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_docx.py --runs 31 --write benchmarks/RESULTS.md --doc docs/speed.md
	$(BIN)/python benchmarks/bench_build.py $(BENCH_ARGS) --write benchmarks/RESULTS-build.md --doc docs/speed.md

clean:
	rm -rf $(VENV) $(FLOOR) .mypy_cache .ruff_cache .pytest_cache
