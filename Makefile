# cleanwire: the two commands a new user needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED_CORPUS := ../shared/dev-corpus
CORPUS ?= $(if $(wildcard $(SHARED_CORPUS)/truth.jsonl),$(SHARED_CORPUS),tests/resources/corpus)
SHARED_WCXB := ../shared/wcxb-dev
WCXB ?= $(if $(wildcard $(SHARED_WCXB)/ground-truth),$(SHARED_WCXB),tests/resources/wcxb-sample)
# the shipped models are rebuilt only from the full data; from the bundled sample they go to the cache
MODELS ?= $(if $(wildcard $(SHARED_WCXB)/ground-truth),service/cleanwire/models,.cache/models-sample)
KAFKA_PORT ?= 9092
export KAFKA_BOOTSTRAP_SERVERS ?= 127.0.0.1:$(KAFKA_PORT)
PYTEST_ARGS ?=
BENCH_ARGS ?=
EVAL_ARGS ?=
SOAK_ARGS ?=

NATIVE_FRESH = $(BIN)/cleanwire native status | grep -q '^compiled' || $(BIN)/cleanwire native build || true

.PHONY: native setup lock kafka-up kafka-down tools lint test test-unit run eval train bench replay soak clean-cache

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	$(BIN)/cleanwire native build || echo "cleanwire runs its interpreted core (README, Speed)" >&2
	touch $(STAMP)

setup: $(STAMP)  ## virtualenv with cleanwire and its dev tools

native: $(STAMP)  ## after editing cleanwire/core: compile its hot modules again (mypyc; until then they run interpreted)
	$(BIN)/cleanwire native build

lock:  ## after changing pyproject.toml's dependencies: resolve them unconstrained, pin what is installed (then make train, make eval)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -e '.[dev]'
	{ sed -n '/^#/p' constraints.txt; $(BIN)/python -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	touch $(STAMP)

kafka-up:  ## start the local Apache Kafka (KRaft) on 127.0.0.1:$KAFKA_PORT (9092), or reuse a running one
	@deploy/kafka/kafka.sh up

kafka-down:  ## stop the local Apache Kafka started by kafka-up
	@deploy/kafka/kafka.sh down

tools: $(STAMP)  ## helm, promtool/prometheus, checkov: the real tools the deploy checks run
	@if [ -x deploy/tools/install.sh ]; then deploy/tools/install.sh; fi

lint: $(STAMP)  ## ruff and mypy
	$(BIN)/ruff check service tests
	$(BIN)/mypy

test: $(STAMP) tools  ## set up everything and run all tests (unit, functional, integration on the local Kafka, deploy)
	@if [ "$(KAFKA_BOOTSTRAP_SERVERS)" = "127.0.0.1:$(KAFKA_PORT)" ]; then deploy/kafka/kafka.sh up >/dev/null; fi
	$(MAKE) --no-print-directory lint
	@$(NATIVE_FRESH)
	@set +e; PATH="$(CURDIR)/.cache/bin:$$PATH" $(BIN)/pytest $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing" >&2; exit 1; fi; exit $$rc

test-unit: $(STAMP)  ## only the tests that need no broker and no tools
	$(BIN)/pytest -m "unit or functional" $(PYTEST_ARGS)

run: $(STAMP)  ## local Kafka + worker + the bundled example pages; prints clean articles; Ctrl-C stops all
	@deploy/run-local.sh

eval: $(STAMP)  ## grouped-by-site cross-validation of clean() next to trafilatura (HTML and flattened), the gate, dates
	$(BIN)/cleanwire eval --wcxb $(WCXB) --corpus $(CORPUS) $(EVAL_ARGS)
	$(BIN)/cleanwire eval-dates --wcxb $(WCXB) --corpus $(CORPUS)

train: $(STAMP)  ## rebuild the shipped models from the labelled pages (fixed seed; dragnet and l3s-gn1 never used)
	$(BIN)/cleanwire train --wcxb $(WCXB) --corpus $(CORPUS) --out $(MODELS)

bench: $(STAMP)  ## throughput/latency/memory benchmark of the whole pipeline on the local Kafka
	@if [ "$(KAFKA_BOOTSTRAP_SERVERS)" = "127.0.0.1:$(KAFKA_PORT)" ]; then deploy/kafka/kafka.sh up >/dev/null; fi
	@$(NATIVE_FRESH)
	$(BIN)/cleanwire native status
	$(BIN)/cleanwire bench --corpus $(CORPUS) $(BENCH_ARGS)

soak: $(STAMP)  ## long soak outside CI: 20,000 corpus pages, 2 workers, 12 kills a mode and a broker restart, both guarantees (own broker on KAFKA_PORT+400)
	CORPUS=$(CORPUS) $(BIN)/python tests/soak.py $(SOAK_ARGS)

replay: $(STAMP)  ## per-site memory, offline: a multi-site stream from the corpus through clean() and SiteMemory
	$(BIN)/cleanwire replay $(CORPUS)

clean-cache:  ## remove the venv and the Kafka/helm caches
	rm -rf $(VENV) .cache service/cleanwire/_native
