# newsfacts: `make run` and `make test` set everything up on a fresh machine with Python 3.11.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SHARED ?= ../shared
DB     ?= warehouse.duckdb

# Prefect keeps its state inside the project and stays offline and quiet.
export PREFECT_HOME := $(CURDIR)/.prefect
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: install run test eval bench clean

install: $(STAMP) ## create .venv and install the pinned dependencies and newsfacts

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==0.13.9
	$(BIN)/uv pip sync --quiet --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $@

run: $(STAMP) ## run the pipeline on seeds/ into $(DB)
	$(BIN)/newsfacts run --db $(DB)

test: $(STAMP) ## run the test suite
	$(BIN)/python -m pytest -q

eval: $(STAMP) ## score the seeds and the dev set against ../shared/eval gold
	$(BIN)/python bench/evaluate.py --shared $(SHARED)

bench: $(STAMP) ## print whole-pipeline and extraction speed and memory over ../shared/corpus
	$(BIN)/python bench/end_to_end.py --shared $(SHARED)
	$(BIN)/python bench/speed.py --shared $(SHARED)

lock: ## re-resolve requirements.lock from pyproject.toml (needs the package index)
	$(BIN)/uv pip compile pyproject.toml --extra dev --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) .prefect .pytest_cache .hypothesis $(basename $(DB))-report $(DB) $(DB).wal
