# normtrace: `make demo` and `make test` work on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORPUS ?= $(or $(NORMTRACE_CORPUS_ROOT),../shared/corpus)
OUT    ?= out
NORMS  ?= $(CORPUS)/../norms

.PHONY: install browser demo train test test-slow lint check-format check-types check-imports format bench golden corpus clean

$(STAMP): pyproject.toml setup.py pipeline/ingest/_pdfruns.c pipeline/ingest/_pdflines.c pipeline/ingest/_pdfruns.h
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	mkdir -p $(OUT)/diff
	$(BIN)/normtrace --corpus-root $(CORPUS) ingest $(CORPUS)/resolutions/A_RES_73_27.txt --format text > $(OUT)/A_RES_73_27.txt
	sed -n '1,12p' $(OUT)/A_RES_73_27.txt
	$(BIN)/normtrace --corpus-root $(CORPUS) ingest $(CORPUS)/resolutions/A_RES_80_16.pdf --format json > $(OUT)/A_RES_80_16.json
	$(BIN)/python bench/ingest_report.py --corpus-root $(CORPUS) --out $(OUT)/ingest_report.json
	for fmt in html md json; do \
	  $(BIN)/normtrace diff $(CORPUS)/resolutions/A_RES_73_27.txt $(CORPUS)/resolutions/A_RES_73_266.txt --format $$fmt -o $(OUT)/diff/73_27_vs_73_266.$$fmt || exit 1; \
	  $(BIN)/normtrace diff $(CORPUS)/drafts/A_C.1_80_L.20.pdf $(CORPUS)/resolutions/A_RES_80_16.pdf --format $$fmt -o $(OUT)/diff/L20_vs_80_16.$$fmt || exit 1; \
	done
	-test -x /usr/bin/chromium && /usr/bin/chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
	  --disable-component-update --disable-sync --no-first-run --user-data-dir=$$(mktemp -d) --window-size=1400,1800 \
	  --screenshot=$(CURDIR)/$(OUT)/diff/73_27_vs_73_266.png file://$(CURDIR)/$(OUT)/diff/73_27_vs_73_266.html 2>/dev/null
	for fmt in html md csv; do \
	  $(BIN)/normtrace overlap $(CORPUS)/resolutions/A_RES_73_27.txt $(CORPUS)/resolutions/A_RES_73_266.txt --format $$fmt -o $(OUT)/diff/mandates_73_27_and_73_266.$$fmt || exit 1; \
	done
	$(BIN)/normtrace diff $(CORPUS)/resolutions/A_RES_75_240.txt $(CORPUS)/resolutions/A_RES_76_19.txt -o $(OUT)/diff/changes_75_240_vs_76_19.xlsx
	$(BIN)/normtrace norms $(CORPUS)/resolutions/A_RES_73_27.txt $(CORPUS)/resolutions/A_RES_75_240.txt $(CORPUS)/resolutions/A_RES_80_16.pdf \
	  --catalogue $(NORMS)/gge_2015.csv -o $(OUT)/norms_gge_2015.html
	$(BIN)/normtrace languages $(CORPUS)/akn/cyber/A_RES_75_240.*.xml -o $(OUT)/languages_A_RES_75_240.html
	$(BIN)/python bench/research_demo.py --out $(OUT)/research
	$(BIN)/python bench/research_markup.py --corpus-root $(CORPUS) --out $(OUT)/research_markup
	mkdir -p $(OUT)/maps
	for res in 73/27 73/266 75/240 75/32; do for fmt in png html; do \
	  $(BIN)/normtrace votes map $$res -o $(OUT)/maps/A_RES_$$(echo $$res | tr / _).$$fmt || exit 1; \
	done; done
	$(BIN)/normtrace sponsors map $(CORPUS)/drafts/A_C.1_80_L.20.pdf -o $(OUT)/maps/A_C.1_80_L.20_sponsors.png
	$(BIN)/python bench/positions_report.py --corpus-root $(CORPUS) --out $(OUT)/positions
	$(BIN)/python bench/general_debate_tables.py --corpus-root $(CORPUS) --out $(OUT)/general_debate --force
	$(BIN)/normtrace corpus build $(CORPUS) --db $(OUT)/corpus.db || test $$? -eq 1
	$(BIN)/normtrace corpus lineage A/RES/80/16 --db $(OUT)/corpus.db > $(OUT)/lineage_A_RES_80_16.txt
	$(BIN)/normtrace corpus lineage A/RES/75/240 --db $(OUT)/corpus.db > $(OUT)/lineage_A_RES_75_240.txt
	@echo "demo outputs are in $(OUT)/"

# Headless Chromium for the HTML report tests (Debian's package; needs root or sudo).
browser:
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)

test: install browser
	$(BIN)/pytest -q

test-slow: install
	$(BIN)/pytest -q -m slow

check-format: install
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/ruff format --check pipeline tests bench

check-types: install
	$(BIN)/mypy --strict pipeline

# The floors of DESIGN.md, as contracts in pyproject.toml ([tool.importlinter]).
check-imports: install
	$(BIN)/lint-imports

lint: check-format check-types check-imports

format: install
	$(BIN)/ruff format pipeline tests bench
	$(BIN)/ruff check --fix pipeline tests bench

# Every bench in turn (their details as they go), then one table of the headlines with
# the load average: $(OUT)/bench.md and every figure in $(OUT)/bench.json.
# BENCH_ARGS=--quick for a trial run (fewer files and rounds, no whole-root build).
bench: install
	$(BIN)/python bench/headlines.py --corpus-root $(CORPUS) --out $(OUT)/bench.json $(BENCH_ARGS)

# Build (or update: unchanged files are skipped by content hash) the searchable store.
corpus: install
	mkdir -p $(OUT)
	$(BIN)/normtrace corpus build $(CORPUS) --db $(OUT)/corpus.db

# Retrain the norm topic model from models/data/norm_labels.jsonl (writes models/topic_model.npz).
train: install
	$(BIN)/python -m pipeline.nlp.train

golden: install
	$(BIN)/python tests/make_golden.py --corpus-root $(CORPUS)
	$(BIN)/python tests/make_golden_diffs.py --corpus-root $(CORPUS)

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .mypy_cache .ruff_cache build *.egg-info
