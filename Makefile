# On a fresh machine with Python 3.11+ and make:
#   make demo   set up .venv and build the example plan in inputs/ into outputs/
#   make test   set up .venv with the development tools and run every check
#   make bench  measure assembler beside Carbone (npm) and the floors (see bench/run.py; needs node)
#   make fuzz   run the bad-input fuzzer and the year of Word edits long (minutes), with new examples each time
#   make templates  write templates/docx/ from their one source, tools/build_templates.py
#   make catalogue  compile click's Danish catalogue (assembler/data/locale/da/LC_MESSAGES/click.po)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint typecheck pytest bench fuzz templates catalogue clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@ $(VENV)/.installed

demo: $(VENV)/.installed
	$(BIN)/assembler build inputs --out outputs

test: lint typecheck pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check assembler tests tools bench

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

pytest: $(VENV)/.installed-dev
	$(BIN)/pytest

# Byte-compiled first, as installing a wheel does, so start-up is not measured with compiling.
# Carbone is installed by the bench itself from npm into ~/.cache/assembler-bench/ (not the repository).
bench: $(VENV)/.installed-dev
	$(BIN)/pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	$(BIN)/python -m compileall -q assembler
	$(BIN)/python -m bench.living
	$(BIN)/python -m bench.run

# The fuzzer with many new examples each run (make test runs a few, the same ones every time).
fuzz: $(VENV)/.installed-dev
	ASSEMBLER_FUZZ_PROFILE=long $(BIN)/pytest tests/bad_inputs/test_fuzz.py tests/read/test_fuzz.py tests/living/test_year_property.py

# The default templates are generated: edit tools/build_templates.py (or tools/drafted_text.py) and
# run this; tests/test_template_source.py fails while templates/docx/ differs from the source.
templates: $(VENV)/.installed
	$(BIN)/python -m tools.build_templates

catalogue: $(VENV)/.installed
	$(BIN)/python -m tools.compile_catalogue

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
