# Two commands do everything on a fresh machine: `make serve` and `make test`.
VENV     ?= .venv
PY       := $(VENV)/bin/python
STAMP    := $(VENV)/.installed-$(shell cat requirements.txt requirements-test.txt | cksum | cut -d' ' -f1)
# The JavaScript linter, pinned in package-lock.json (the site itself loads nothing from npm).
NODE_STAMP := node_modules/.installed-$(shell cksum < package-lock.json | cut -d' ' -f1)
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build pdf offline check paths translations test test-quick lint browser clean schema bench diff lighthouse

# `make paths lang=es`, `make diff lang=es`: what a Spanish reader is told (default: English).
lang ?= en
# Test workers: one per core (the tests are CPU-bound), each with its own Chromium.
WORKERS ?= 2

$(STAMP): requirements.txt requirements-test.txt
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-test.txt
	rm -f $(VENV)/.installed-*
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

serve: $(STAMP)  ## preview the site at http://127.0.0.1:8000/, rebuilt on every save
	$(PY) -m mkdocs serve

# The card page links every print's PDF, so a published build always makes them.
build: $(STAMP) browser  ## the site into site/, with the PDFs of the card, the pocket cards and the poster
	$(PY) -m mkdocs build --strict
	$(PY) -m scripts.print_pdfs site
	$(PY) -m scripts.offline_copy site

pdf: $(STAMP) browser  ## print every print of an already built site/ to its PDF (stops if one no longer fits its paper)
	$(PY) -m scripts.print_pdfs site

# `mkdocs build` also zips the offline copy into site/offline/ (macros/hooks/privacy.py).
offline: $(STAMP)  ## the offline copy alone, unpacked in site-offline/ (open site-offline/index.html)
	HT_OFFLINE_COPY=true $(PY) -m mkdocs build --strict --site-dir site-offline

check: $(STAMP)  ## check protocol.yaml and its translations: names the line of any mistake, and every stale translation
	$(PY) -m macros check protocol.yaml

paths: $(STAMP)  ## every route through the decision and its advice, as text (lang=es: in Spanish)
	$(PY) -m macros paths protocol.yaml --lang $(lang)

translations: $(STAMP)  ## entries to paste into protocol.es.yaml for every missing or stale Spanish text
	$(PY) -m macros translations protocol.yaml --lang es

schema: $(STAMP)  ## regenerate protocol.schema.json (editor autocomplete) from macros/protocol/schema.py
	$(PY) -m macros schema protocol.schema.json

# What your uncommitted edits to protocol.yaml do to the advice, as the pull request will show it.
# The listings live in a temporary folder that is removed however the commands end.
diff: $(STAMP)  ## the advice diff between the last commit and your working copy (lang=es: in Spanish)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	if git show HEAD:protocol.yaml > "$$tmp/protocol.yaml" 2>/dev/null && \
	   { [ "$(lang)" = en ] || git show HEAD:protocol.$(lang).yaml > "$$tmp/protocol.$(lang).yaml" 2>/dev/null; }; then \
	  $(PY) -m macros paths "$$tmp/protocol.yaml" --lang $(lang) > "$$tmp/old.txt"; \
	else : > "$$tmp/old.txt"; fi && \
	$(PY) -m macros paths protocol.yaml --lang $(lang) > "$$tmp/new.txt" && \
	$(PY) -m macros diff "$$tmp/old.txt" "$$tmp/new.txt"

bench: $(STAMP)  ## build times, growth with protocol size, page weights (takes a few minutes)
	$(PY) -m scripts.bench

# Lighthouse comes from npm (pinned in scripts/lighthouse.py, run through npx), never in `make test`.
lighthouse: $(STAMP)  ## Lighthouse mobile and desktop scores of /, /decide/, /card/, /contacts/, served with gzip
	$(PY) -m mkdocs build --strict
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) -m scripts.lighthouse site

# Browser tests use Debian's /usr/bin/chromium when present (CI installs it); elsewhere
# Playwright's own Chromium, downloaded once.
browser: $(STAMP)
	@if [ -x /usr/bin/chromium ] || [ -n "$$CHROMIUM_PATH" ]; then :; \
	else $(PY) -m playwright install chromium; fi

# The quick tests first, so that a mistake in protocol.yaml fails in seconds; then the rest
# (browser tests and whole-copy builds). Both runs use two workers (pytest-xdist: the CI
# machine's two cores, one Chromium each; `make test WORKERS=4` on a machine with four) and
# share one build of the site, made by the first worker that needs it (HT_TEST_SITE_DIR: a
# temporary folder, removed however the run ends). A test file stays on one worker
# (--dist loadscope), so its shared fixtures (every page visited on a phone and a desktop,
# the printed pages) are made once.
test: $(STAMP) browser  ## every test, browser tests included (about 6 minutes on 2 cores)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && export HT_TEST_SITE_DIR="$$tmp" && \
	$(MAKE) --no-print-directory test-quick && \
	$(PY) -m pytest -n $(WORKERS) --dist loadscope -m "browser or slow"

test-quick: $(STAMP) lint  ## the linter, the checker and every test without a browser or a whole-copy build: under a minute
	$(PY) -m macros check protocol.yaml
	$(PY) -m pytest -n $(WORKERS) --dist loadscope -m "not browser and not slow"

lint: $(STAMP) $(NODE_STAMP)  ## ruff on the Python (ruff.toml) and ESLint on the browser scripts (eslint.config.js)
	$(PY) -m ruff check macros scripts tests
	npx --no-install eslint --max-warnings 0 .

clean:
	rm -rf site site-offline .pytest_cache node_modules
