# One place for the commands the README, CI and GitHub Actions run.
#   make site                  set everything up and build the sample site into ./site
#   make test                  set everything up and run every check and test (lint and types first)
#   make serve                 live preview on http://127.0.0.1:8000
#   make publish SITE_URL=...  the site for publication at its public address (refuses the placeholder)
#   make test-core             the tests that need no browser (they gate publication in the workflow)
#   make test-browser          the browser tests (chromium, Java, poppler, npm tools; they gate pull requests)

VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PYTHON ?= python3

.PHONY: setup site publish test test-core test-browser check lint serve browser schema bench lighthouse clean

# Browser quality tools from npm (axe-core, vnu-jar, lighthouse); install scripts are not needed.
NODE_STAMP := node_modules/.installed-$(shell cksum package-lock.json | cut -d' ' -f1)

# An editable install: a plain path entry (pyproject.toml's package-dir), which setuptools makes without warnings.
$(STAMP): pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

# The public address: SITE_URL when given (on the command line or in the environment), else mkdocs.yml's.
site: $(STAMP)
	$(BIN)/vinhdanh build $(if $(SITE_URL),--site-url "$(SITE_URL)")

publish: $(STAMP)
	$(BIN)/vinhdanh build --deploy $(if $(SITE_URL),--site-url "$(SITE_URL)")

serve: $(STAMP)
	$(BIN)/vinhdanh serve

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	rm -f node_modules/.installed-* && touch $@

# Debian's chromium for the browser tests (no browser download: Playwright drives the system one), its
# firefox-esr for the slideshow's Firefox test (puppeteer-core drives it), Java for the Nu HTML Checker,
# poppler's pdftotext/pdftoppm for the print tests and zbar's zbarimg to scan the booklet's QR codes.
# Installed with apt-get (Debian and its derivatives) only when missing, saying so first; it needs
# administrator rights (sudo asks for a password unless run as root). Elsewhere, install the five yourself.
browser: $(NODE_STAMP)
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v firefox-esr >/dev/null || command -v firefox >/dev/null || missing="$$missing firefox-esr"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	command -v zbarimg >/dev/null || missing="$$missing zbar-tools"; \
	[ -z "$$missing" ] || { \
	  command -v apt-get >/dev/null || { \
	    echo "Thiếu:$$missing. Hệ thống này không có apt-get: hãy tự cài các gói đó rồi chạy lại."; exit 1; }; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  echo "Cài gói Debian cho kiểm thử trình duyệt:$$missing (apt-get, cần quyền quản trị)"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; }

# Ruff, then mypy on the generator (its settings and pinned version are in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check generator tests scripts bench
	$(BIN)/mypy

check: $(STAMP)
	$(BIN)/vinhdanh check

schema: $(STAMP)
	$(BIN)/vinhdanh schema --output profiles/_schema.json

test: $(STAMP) browser lint check
	$(BIN)/pytest -n 2

# The two halves of the suite, as the workflow runs them (it runs lint and check as steps of their own).
test-core: $(STAMP)
	$(BIN)/pytest -n 2 -m "not browser"

test-browser: $(STAMP) browser
	$(BIN)/pytest -n 2 -m browser

# Build and preview speed (bench/RESULTS.md, bench/PREVIEW.md; tens of minutes). Sizes and rounds:
#   make bench BENCH_ARGS="1000 5000 10000 --repeats 3"
bench: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test,bench]"
	$(BIN)/python bench/build_speed.py $(BENCH_ARGS)
	$(BIN)/python bench/preview_speed.py

lighthouse: $(STAMP) browser
	$(BIN)/python bench/lighthouse.py

clean:
	rm -rf site .cache
