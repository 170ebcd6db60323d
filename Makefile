# make demo: set up .venv and run the main job on the bundled example.
# make test: set up .venv with the test tools and run every test.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint bench schemas dist-check clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@$(BIN)/python tools/demo.py

test: $(STAMP)
	$(BIN)/python -m pytest -q

# make lint: ruff over everything, mypy --strict over the package
lint: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[lint]'
	$(BIN)/ruff check claimreview tests bench tools
	$(BIN)/mypy claimreview

# make bench SIZES="10000 100000 1000000" CONVERT=1000000: claimreview validate and convert on the plain and
# realistic feeds, side by side with check-jsonschema, ajv (Node) and ajv-cli, jsonschema loops and
# the orjson floor; writes bench/results/latest.md
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	@# ajv, Node's fastest JSON Schema validator, and ajv-cli, as peers: skipped (with a line) without npm
	-@command -v npm >/dev/null 2>&1 && npm install --silent --no-audit --no-fund --prefix bench/.node \
		ajv@8 ajv-formats@3 ajv-cli@5 || echo "bench: npm not found or ajv not installable: the ajv peers are skipped"
	$(BIN)/python bench/feed.py $(or $(SIZES),100000) --convert $(or $(CONVERT),1000000)

# make dist-check: build the sdist and wheel, install the wheel in a fresh venv and run it outside the
# source tree, and run the README's pre-commit snippet (needs the package index, as pip does)
dist-check:
	PYTHON=$(PYTHON) tools/check_dist.sh

schemas: $(STAMP)
	$(BIN)/claimreview schema --write

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis build dist
