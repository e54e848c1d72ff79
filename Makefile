# The two set-up commands of the README: `make site` and `make test`. Both work on a fresh
# machine: they create .venv, install the project, and (for the browser tests) Debian packages.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site serve test lint bench fuzz deps check clean docs

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,properdocs]"
	touch $(STAMP)

# Browser tests drive Debian's Chromium; CJK fonts make screenshots readable; the deployment
# tests serve the built sites with Debian's nginx (tests/deploy/). Installs only what is missing.
deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! ls /usr/share/fonts/opentype/noto 2>/dev/null | grep -qi cjk \
	    || ! [ -x /usr/sbin/nginx ]; then \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk nginx >/dev/null; \
	fi

site: $(STAMP)
	$(BIN)/gongkai build
	@echo "gongkai is $(BIN)/gongkai: run '. $(BIN)/activate' to have it on PATH (handbook/docs/setup.md)"

serve: $(STAMP)
	$(BIN)/gongkai serve

check: $(STAMP)
	$(BIN)/gongkai check

test: $(STAMP) deps
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench macros handbook
	$(BIN)/mypy src macros handbook

bench: $(STAMP)
	$(BIN)/python bench/run.py

# A longer fuzzing run of tests/test_fuzz.py (handbook/docs/security.md, "Hostile input")
fuzz: $(STAMP)
	$(BIN)/python bench/fuzz.py

clean:
	rm -rf site $(VENV) .pytest_cache

# The handbook (handbook/): the project's own documentation, built strict.
docs: $(STAMP)
	$(BIN)/mkdocs build --strict -f handbook/mkdocs.yml
