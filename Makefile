# IPT Guide: the two commands a newcomer needs are `make serve` and `make test`.
# Both create .venv from the hash-locked requirements.txt first: a fresh virtual environment
# whenever that file changes, and nothing at all when it has not.

PYTHON  ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed-requirements
export NO_MKDOCS_2_WARNING := 1   # silence Material's end-of-life banner on every run

.PHONY: serve build test bench offline clean

# --require-hashes: pip installs a file only if its sha256 is the one recorded in
# requirements.txt (PyPI's, at the time it was locked), so a replaced release cannot slip in.
# --no-deps: everything is listed there already; nothing unlisted may be pulled in.
$(STAMP): requirements.txt
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements.txt
	touch $(STAMP)

## serve: set up, then build and serve the site at http://127.0.0.1:8000 with live reload
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

## build: the one way to build the site; --strict turns every warning into a failure.
## Never add -q: MkDocs 1.6 then hides warnings from the strict counter and exits 0.
build: $(STAMP)
	$(BIN)/mkdocs build --strict

## test: set up, then run every test (builds the site once, browser tests in Chromium)
test: $(STAMP)
	$(BIN)/python -m pytest

## offline: the whole site to read with no network, one zip per language in dist/
## (ipt-guide-offline-en.zip, -es.zip; unzip, then open index.html). Run it before `make build`
## to link the zips, with their size, from the About and Accessibility pages.
offline: $(STAMP)
	$(BIN)/python -m scripts.make_offline

## bench: build time, scaling, page weight and Lighthouse scores (see README)
bench: $(STAMP)
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) site dist .pytest_cache
