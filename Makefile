# Two commands on a fresh machine: `make demo` runs the product, `make test` checks it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)
SYSTEM_PACKAGES := chromium tesseract-ocr tesseract-ocr-ind wrk

.PHONY: install system-deps demo serve test lint typecheck pytest bench-ingest bench-match clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

# Debian packages: the browser for end-to-end tests, OCR for screenshots, wrk for benchmarks.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

demo: install
	$(BIN)/tipline demo

serve: install
	$(BIN)/tipline migrate && $(BIN)/tipline serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy

pytest: install system-deps
	$(BIN)/pytest -q

test: lint typecheck pytest

bench-ingest: install system-deps
	$(BIN)/python bench/ingest.py

bench-match: install
	$(BIN)/python bench/matching_scale.py

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
