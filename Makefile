# Two commands on a fresh machine with python3 and make: `make preview` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: preview test lint format bench install clean

preview: $(STAMP)  ## offline preview of the example stack (no AWS account, no Pulumi CLI)
	$(BIN)/fargate-stacks preview stacks/Pulumi.dev.yaml

# mypy (about 17 s with a cold cache) runs on the second core while pytest runs on the first, so
# the checks add no time to the suite; its report is printed after pytest's, and either failing
# fails the target.
test: $(STAMP)  ## ruff, then mypy beside the whole test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@$(BIN)/mypy > $(VENV)/mypy.out 2>&1 & mypy=$$!; \
	echo "$(BIN)/python -m pytest"; $(BIN)/python -m pytest; tests=$$?; \
	wait $$mypy; types=$$?; echo "$(BIN)/mypy"; cat $(VENV)/mypy.out; \
	exit $$(( tests || types ))

lint: $(STAMP)  ## ruff (lint, format check) and mypy (pyproject.toml): fails on any finding
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)  ## ruff's safe fixes, then ruff format; make lint says what is left by hand
	$(BIN)/ruff check --fix --exit-zero .
	$(BIN)/ruff format .

bench: $(STAMP)  ## speed and memory of the offline preview (docs/benchmarks.md)
	$(BIN)/python benchmarks/run.py --notes benchmarks/NOTES.md

install: $(STAMP)

# Reinstalled only when the pins or the package metadata change. Everything: the base package,
# the preview and policy extras (README: Install), the tests' and the benchmarks' tools.
$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[preview,policy,test,bench]'
	@touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache .ruff_cache
