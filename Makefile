# The README's two commands: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test demo bench soak eval lint typecheck install clean system-deps

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/rasad run

demo: $(STAMP)
	$(BIN)/rasad demo

system-deps:
	.ci/system-deps

test: $(STAMP) system-deps
	$(BIN)/ruff check crawler extractors tests bench
	$(BIN)/mypy
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check crawler extractors tests bench
	$(BIN)/ruff format --check crawler extractors tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python -m bench

soak: $(STAMP)
	$(BIN)/python -m bench soak 1000

eval: $(STAMP)
	$(BIN)/python -m extractors.evaluation
	$(BIN)/python -m extractors.evaluation --gold tests/data/heldout/gold.json
	$(BIN)/python -m tests.scenario_report

clean:
	rm -rf $(VENV) build *.egg-info
