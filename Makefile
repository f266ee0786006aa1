# Taizhang: build, test, demo and benchmarks. Every target installs what it needs when it is
# missing (Debian packages with apt-get as root, Python packages with pip), so a fresh machine
# needs nothing else.

SHELL := /bin/bash
SWIFT ?= swift
SHARED ?= ../shared
APT_PACKAGES := libzip-dev libxml2-dev zlib1g-dev libsqlite3-dev
TEST_APT_PACKAGES := libxml2-utils unzip libreoffice-calc-nogui poppler-utils fonts-noto-cjk chromium chromium-driver
TEST_PIP_PACKAGES := openpyxl python-calamine selenium XlsxWriter

.PHONY: all build release test deps test-deps corpus-check clean fuzz demo previews portal bench bench-portal bench-deps \
  bench-programs install install-check manual completions examples docs phone-screenshots

all: build

# System libraries the package links (pkg-config names libzip, libxml-2.0, zlib and sqlite3).
deps:
	@missing=""; \
	pkg-config --exists libzip || missing="$$missing libzip-dev"; \
	pkg-config --exists libxml-2.0 || missing="$$missing libxml2-dev"; \
	pkg-config --exists zlib || missing="$$missing zlib1g-dev"; \
	pkg-config --exists sqlite3 || missing="$$missing libsqlite3-dev"; \
	command -v pkg-config >/dev/null || missing="$$missing pkg-config"; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing"; \
	  if [ "$$(id -u)" != 0 ]; then echo "run as root or install:$$missing" >&2; exit 1; fi; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing pkg-config >/dev/null; \
	fi

# Oracles used by the interoperability tests: openpyxl, python-calamine, LibreOffice, xmllint,
# pdfinfo/pdftotext/pdftoppm (poppler) and a CJK font, so that LibreOffice prints the Chinese;
# XlsxWriter and Gnumeric (ssconvert), which write the ledgers the editing tests correct;
# and the portal's browser test: headless Chromium with chromedriver, driven by selenium.
test-deps: deps
	@missing=""; \
	command -v xmllint >/dev/null || missing="$$missing libxml2-utils"; \
	command -v unzip >/dev/null || missing="$$missing unzip"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-calc-nogui"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	fc-list 2>/dev/null | grep -qi "noto.*cjk" || missing="$$missing fonts-noto-cjk"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v chromedriver >/dev/null || missing="$$missing chromium-driver"; \
	command -v ssconvert >/dev/null || missing="$$missing gnumeric"; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing (test oracles)"; \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null) \
	      || { echo "warning: could not install$$missing; the tests that need them are skipped"; [ "$(CI)" != true ] || exit 1; }; \
	  else echo "warning: not root, cannot install$$missing"; [ "$(CI)" != true ] || exit 1; fi; \
	fi
	@python3 -c "import openpyxl, python_calamine, selenium, xlsxwriter" 2>/dev/null || \
	  python3 -m pip install -q $(TEST_PIP_PACKAGES) 2>&1 | grep -v "WARNING: Running pip as" || true
	@if [ "$(CI)" = true ]; then python3 -c "import openpyxl, python_calamine, selenium, xlsxwriter" \
	  || { echo "CI: a Python test oracle is missing" >&2; exit 1; }; fi

build: deps
	$(SWIFT) build

# The whole job on bundled sample submissions (with a few mistakes, so annotated copies show).
DEMO ?= demo
demo: build
	rm -rf $(DEMO)
	.build/debug/taizhang template -o $(DEMO)/模板 >/dev/null
	.build/debug/taizhang sample -o $(DEMO)/各镇报送 --faults
	.build/debug/taizhang evaluate $(DEMO)/各镇报送 -o $(DEMO)/输出 || [ $$? -eq 1 ]
	@echo
	@echo "Templates:          $(DEMO)/模板/"
	@echo "Sample submissions: $(DEMO)/各镇报送/ (faults.json lists the injected mistakes)"
	@echo "Outputs:            $(DEMO)/输出/ (区汇总.xlsx, 评优评先.xlsx, findings.json, scores.json, 退回修改/)"

# PNG previews of the printed demo outputs for the README (docs/preview/): LibreOffice prints
# 评优评先, 区汇总, a template and an annotated copy to PDF, pdftoppm renders a page of each kind
# (scripts/previews.sh, which gives LibreOffice Song and Hei faces for 宋体 and 黑体).
PREVIEW := docs/preview
previews: test-deps demo
	scripts/previews.sh $(DEMO) $(PREVIEW)

# The collection portal with a demo data folder: the sample towns' ledgers uploaded with a few
# weeks of history (scripts/portal-demo.sh says which), the access links printed, served on
# 127.0.0.1:$(PORT) until Ctrl-C.
PORT ?= 8080
PORTAL_DATA ?= $(DEMO)/portal
portal: build
	BIN=.build/debug/taizhang scripts/portal-demo.sh $(PORTAL_DATA)
	@echo
	.build/debug/taizhang access --data $(PORTAL_DATA) --base-url http://127.0.0.1:$(PORT)
	@echo
	.build/debug/taizhang serve --data $(PORTAL_DATA) --host 127.0.0.1 --port $(PORT)

# The phone flow of the browser test (sign in from a link, upload, correct, add a row) as
# screenshots 390 CSS px wide, docs/portal-phone-*.png, reduced to 128 colours (Pillow).
phone-screenshots: build test-deps
	rm -rf $(DEMO)/phone && python3 Tests/Browser/portal_browser_test.py --bin .build/debug/taizhang --screenshots $(DEMO)/phone
	@python3 -c "import PIL" 2>/dev/null || python3 -m pip install -q pillow
	python3 -c "import glob, os; from PIL import Image; \
	  [Image.open(p).convert('RGB').quantize(colors=128).save('docs/' + os.path.basename(p), optimize=True) \
	   for p in sorted(glob.glob('$(DEMO)/phone/portal-phone-*.png'))]"

# The Swift runtime and Foundation linked statically: the loader then has 13 shared
# libraries to map instead of 27, which takes a quarter off the start-up (issue 9).
release: deps
	$(SWIFT) build -c release --static-swift-stdlib --product taizhang

test: test-deps
	$(SWIFT) build
	$(SWIFT) test
	python3 Tests/Hostile/numeric_extremes.py .build/debug/taizhang
	python3 Tests/Live/portal_live_test.py .build/debug/taizhang
	python3 Tests/Browser/portal_browser_test.py --bin .build/debug/taizhang
	$(MAKE) examples manual completions COMPLETIONS_BIN=.build/debug/taizhang
	@if [ -d "$(SHARED)/corpus" ]; then \
	  python3 Tests/Corpus/corpus_check.py $(SHARED) .build/debug/taizhang; \
	elif [ "$(CI)" = true ]; then echo "CI: $(SHARED)/corpus is missing" >&2; exit 1; \
	else echo "corpus check skipped: $(SHARED)/corpus is not here"; fi
	@if [ -d "$(SHARED)/corpus-xls" ]; then \
	  $(SHARED)/tools/corpus_check --root $(SHARED)/corpus-xls --bin .build/debug/taizhang; \
	elif [ "$(CI)" = true ]; then echo "CI: $(SHARED)/corpus-xls is missing" >&2; exit 1; \
	else echo "xls corpus check skipped: $(SHARED)/corpus-xls is not here"; fi

# The README's library examples as a consumer package (Examples/, depending on this one by path):
# an example that no longer compiles fails here.
examples: deps
	$(SWIFT) build --package-path Examples --scratch-path .build/examples

# The man page, from swift-argument-parser's generate-manual plugin (run on the debug build: the
# page is the same), into $(MANUAL_DIR)/taizhang.1.
MANUAL_DIR := .build/manual
manual: deps
	$(SWIFT) package generate-manual --configuration debug
	@mkdir -p $(MANUAL_DIR)
	@page=$$(find .build/plugins -path '*GenerateManual*' -name taizhang.1 | head -n 1); \
	  [ -s "$$page" ] || { echo "error: generate-manual wrote no taizhang.1" >&2; exit 1; }; \
	  cp "$$page" $(MANUAL_DIR)/taizhang.1; \
	  grep -q '^\.Dt TAIZHANG 1\|^\.TH TAIZHANG' $(MANUAL_DIR)/taizhang.1 && echo "man page: $(MANUAL_DIR)/taizhang.1"

# Shell completions (bash, zsh, fish) written by the binary itself, into $(COMPLETIONS_DIR);
# the bash script is checked for syntax.
COMPLETIONS_BIN ?= .build/release/taizhang
COMPLETIONS_DIR := .build/completions
completions:
	@mkdir -p $(COMPLETIONS_DIR)
	$(COMPLETIONS_BIN) --generate-completion-script bash > $(COMPLETIONS_DIR)/taizhang.bash
	$(COMPLETIONS_BIN) --generate-completion-script zsh > $(COMPLETIONS_DIR)/_taizhang
	$(COMPLETIONS_BIN) --generate-completion-script fish > $(COMPLETIONS_DIR)/taizhang.fish
	bash -n $(COMPLETIONS_DIR)/taizhang.bash
	@grep -q '#compdef taizhang' $(COMPLETIONS_DIR)/_taizhang && grep -q "^complete -c 'taizhang'" $(COMPLETIONS_DIR)/taizhang.fish \
	  && echo "completions: $(COMPLETIONS_DIR)/"

# Installs the release binary (Swift runtime and Foundation linked statically: it runs where no
# Swift is installed), the man page and the completions under $(PREFIX); DESTDIR for packagers.
PREFIX ?= /usr/local
install: release manual
	$(MAKE) completions COMPLETIONS_BIN=.build/release/taizhang
	@if ldd .build/release/taizhang | grep -i swift; then \
	  echo "error: the release binary links a Swift library dynamically" >&2; exit 1; fi
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 .build/release/taizhang $(DESTDIR)$(PREFIX)/bin/taizhang
	install -m 644 $(MANUAL_DIR)/taizhang.1 $(DESTDIR)$(PREFIX)/share/man/man1/taizhang.1
	install -m 644 $(COMPLETIONS_DIR)/taizhang.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/taizhang
	install -m 644 $(COMPLETIONS_DIR)/_taizhang $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_taizhang
	install -m 644 $(COMPLETIONS_DIR)/taizhang.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/taizhang.fish
	@echo "installed taizhang $$($(DESTDIR)$(PREFIX)/bin/taizhang --version) under $(DESTDIR)$(PREFIX)"

# Installs into a fresh temporary prefix and does the whole job from an empty folder with the
# installed binary alone (a release build: minutes, so not part of make test).
install-check:
	@prefix=$$(mktemp -d) && work=$$(mktemp -d) && \
	$(MAKE) install PREFIX=$$prefix && \
	! ldd $$prefix/bin/taizhang | grep -i swift && \
	cd $$work && $$prefix/bin/taizhang --version && \
	$$prefix/bin/taizhang defaults -o 配置 && \
	$$prefix/bin/taizhang template -o 模板 >/dev/null && \
	$$prefix/bin/taizhang sample -o 报送 --faults && \
	{ $$prefix/bin/taizhang evaluate 报送 -o 输出 --rules 配置/scoring.yaml >/dev/null || [ $$? -eq 1 ]; } && \
	ls 输出/区汇总.xlsx 输出/评优评先.xlsx && \
	test -s $$prefix/share/man/man1/taizhang.1 && \
	echo "install-check: $$prefix/bin/taizhang did the whole job in $$work" && rm -rf $$prefix $$work

# API documentation (DocC, swift-docc-plugin) for XLSX, Ledger and Scoring into $(DOCS_DIR)/<module>,
# DocC warnings treated as errors.
DOCS_DIR := .build/docs
docs: deps
	@mkdir -p $(DOCS_DIR)
	@for module in XLSX Ledger Scoring Evaluation Portal; do \
	  $(SWIFT) package --allow-writing-to-directory $(DOCS_DIR) generate-documentation --target $$module \
	    --output-path $(DOCS_DIR)/$$module --warnings-as-errors || exit 1; \
	done
	@echo "documentation: $(DOCS_DIR)/XLSX, Ledger, Scoring, Evaluation and Portal"

corpus-check: build
	python3 Tests/Corpus/corpus_check.py $(SHARED) .build/debug/taizhang
	$(SHARED)/tools/corpus_check --root $(SHARED)/corpus-xls --bin .build/debug/taizhang

clean:
	rm -rf .build

# Coverage-guided fuzzing (libFuzzer + AddressSanitizer) of every consumer of untrusted bytes, one
# run of FUZZ_SECONDS per entry of FUZZ_RUNS (`make fuzz FUZZ_RUNS="annotate merge"` for some):
# - reader-xlsx, reader-xls: reader-fuzzer (whole files through Workbook(bytes:), every cell read)
#   seeded with the XLSX corpus, then with the .xls corpus (compound file and records);
# - biff: biff-fuzzer on the .xls files' Workbook streams alone (the records past the compound file);
# - annotate: annotate-fuzzer, validation and the annotated copy (the patcher), twice over, on
#   part lists (fuzz/Sources/FuzzSupport/PartList.swift) of our sample ledgers, their annotated
#   copies and the XLSX corpus;
# - merge: merge-fuzzer, the district's merge, scoring and reading back, on part lists of several
#   sample ledgers at once.
# The readers' targets are compiled with swiftc over Sources/XLSX; the annotate and merge targets
# need Ledger and its dependencies, so they are a package of their own (fuzz/Package.swift) built
# with the sanitizers on every Swift module. Crashing, hanging and crawling inputs land in
# fuzz/crashes/, fuzz/crashes-biff/, fuzz/crashes-annotate/ and fuzz/crashes-merge/: keep them,
# FuzzRegressionTests replays them all under a time limit.
FUZZ_SECONDS ?= 600
FUZZ_RUNS ?= reader-xlsx reader-xls biff annotate merge
FUZZ_FLAGS = -max_len=1048576 -rss_limit_mb=2048 -timeout=20
# Swift's backtracer would take seconds over every crash libFuzzer reports itself.
FUZZ_ENV = SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0
FUZZ_SWIFTC = swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name XLSX \
	  -I Sources/CLibzip -I Sources/CLibxml2 -I Sources/CZlib $$(pkg-config --cflags-only-I libxml-2.0)
FUZZ_PACKAGE = $(SWIFT) build --package-path fuzz --scratch-path .build-fuzz/package -c release \
	  -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp \
	  -Xlinker -L$$(dirname $$(clang -print-file-name=libclang_rt.fuzzer_no_main-x86_64.a))
FUZZ_SEEDS := fuzz/work-seeds

.PHONY: fuzz-readers fuzz-package fuzz-seeds $(addprefix fuzz-,$(FUZZ_RUNS))

fuzz: $(addprefix fuzz-,$(FUZZ_RUNS))

fuzz-readers: deps
	mkdir -p .build-fuzz fuzz/crashes fuzz/crashes-biff fuzz/work fuzz/work-xls fuzz/work-biff
	$(FUZZ_SWIFTC) Sources/XLSX/*/*.swift fuzz/ReaderFuzzer.swift \
	  $$(pkg-config --libs libzip libxml-2.0 zlib) -o .build-fuzz/reader-fuzzer
	$(FUZZ_SWIFTC) Sources/XLSX/*/*.swift fuzz/LegacyStreamFuzzer.swift \
	  $$(pkg-config --libs libzip libxml-2.0 zlib) -o .build-fuzz/biff-fuzzer

fuzz-package: deps
	$(FUZZ_PACKAGE)
	mkdir -p fuzz/crashes-annotate fuzz/crashes-merge fuzz/work-annotate fuzz/work-merge

# Part lists of the sample ledgers (with their mistakes), their annotated copies and the corpus.
fuzz-seeds: build
	rm -rf $(FUZZ_SEEDS) && mkdir -p $(FUZZ_SEEDS)
	.build/debug/taizhang sample -o $(FUZZ_SEEDS)/samples --faults >/dev/null
	.build/debug/taizhang validate --annotate $(FUZZ_SEEDS)/annotated $(FUZZ_SEEDS)/samples/*.xlsx >/dev/null || [ $$? -eq 1 ]
	corpus=""; [ -d "$(SHARED)/corpus" ] && corpus="$$(ls $(SHARED)/corpus/excel/*.xls[xm] $(SHARED)/corpus/wild/*.xlsx 2>/dev/null)"; \
	python3 fuzz/make_seeds.py $(FUZZ_SEEDS)/annotate $(FUZZ_SEEDS)/samples/*.xlsx $(FUZZ_SEEDS)/annotated/*.xlsx $$corpus
	python3 fuzz/make_seeds.py --group 5 $(FUZZ_SEEDS)/merge $(FUZZ_SEEDS)/samples/*.xlsx
	python3 fuzz/make_seeds.py --group 3 $(FUZZ_SEEDS)/merge-copies $(FUZZ_SEEDS)/annotated/*.xlsx $(FUZZ_SEEDS)/samples/*.xlsx

fuzz-reader-xlsx: fuzz-readers
	seeds=""; [ -d "$(SHARED)/corpus" ] && seeds="$(SHARED)/corpus/excel $(SHARED)/corpus/wild"; \
	$(FUZZ_ENV) .build-fuzz/reader-fuzzer -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) -artifact_prefix=fuzz/crashes/ fuzz/work $$seeds

fuzz-reader-xls: fuzz-readers
	seeds=""; [ -d "$(SHARED)/corpus-xls" ] && seeds="$(SHARED)/corpus-xls/suites $(SHARED)/corpus-xls/libreoffice"; \
	$(FUZZ_ENV) .build-fuzz/reader-fuzzer -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) -artifact_prefix=fuzz/crashes/ fuzz/work-xls $$seeds

fuzz-biff: fuzz-readers
	[ -d "$(SHARED)/corpus-xls" ] && python3 fuzz/extract_workbook_streams.py fuzz/work-biff \
	  $(SHARED)/corpus-xls/suites/*.xls $(SHARED)/corpus-xls/libreoffice/*; \
	$(FUZZ_ENV) .build-fuzz/biff-fuzzer -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) -artifact_prefix=fuzz/crashes-biff/ fuzz/work-biff

fuzz-annotate: fuzz-package fuzz-seeds
	$(FUZZ_ENV) $$($(FUZZ_PACKAGE) --show-bin-path)/annotate-fuzzer -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) \
	  -dict=fuzz/ooxml.dict -artifact_prefix=fuzz/crashes-annotate/ fuzz/work-annotate $(FUZZ_SEEDS)/annotate

fuzz-merge: fuzz-package fuzz-seeds
	$(FUZZ_ENV) $$($(FUZZ_PACKAGE) --show-bin-path)/merge-fuzzer -max_total_time=$(FUZZ_SECONDS) $(FUZZ_FLAGS) \
	  -dict=fuzz/ooxml.dict -artifact_prefix=fuzz/crashes-merge/ fuzz/work-merge $(FUZZ_SEEDS)/merge $(FUZZ_SEEDS)/merge-copies

# Benchmarks (issue 9): taizhang beside its peers on the same generated files, 5 whole-process
# runs each, tables printed and written to bench/results.md (about 10 minutes on 2 cores).
# Installs what is missing; a peer that cannot be installed shows as "not available" with the
# reason (bench/work/unavailable.txt), never dropped. BENCH_RUNS=1 for a quick look.
BENCH_RUNS ?= 5
# A subset of the workloads, e.g. `make bench BENCH_ONLY=robustness BENCH_OUT=bench/work/robustness.md`
# (results.md is rewritten with the workloads that ran, so point BENCH_OUT elsewhere for a subset).
BENCH_ONLY ?= read,write,district,robustness,startup
BENCH_OUT ?= bench/results.md
BENCH_WORK := bench/work
BENCH_APT := libxlsxwriter-dev zlib1g-dev libreoffice-calc-nogui
# pip name=module name
BENCH_PIP := fastexcel=fastexcel pyarrow=pyarrow python-calamine=python_calamine openpyxl=openpyxl \
  XlsxWriter=xlsxwriter rustpy-xlsxwriter=rustpy_xlsxwriter

bench: bench-deps release bench-programs
	python3 bench/gen_data.py $(BENCH_WORK)
	python3 bench/run.py --runs $(BENCH_RUNS) --only $(BENCH_ONLY) --out $(BENCH_OUT)
	python3 bench/portal.py

# The portal alone: upload latency (1 and 20 clients), the board at 5,000 towns, peak memory.
bench-portal: bench-deps release
	python3 bench/portal.py

bench-deps: deps
	@mkdir -p $(BENCH_WORK); : > $(BENCH_WORK)/unavailable.txt; missing=""; \
	pkg-config --exists xlsxwriter || missing="$$missing libxlsxwriter-dev"; \
	pkg-config --exists zlib || missing="$$missing zlib1g-dev"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-calc-nogui"; \
	if [ -n "$$missing" ]; then \
	  echo "installing$$missing (benchmark peers)"; \
	  if [ "$$(id -u)" != 0 ]; then \
	    for p in $$missing; do echo "$$p: not root, cannot apt-get install it" >> $(BENCH_WORK)/unavailable.txt; done; \
	  else \
	    apt-get update -qq >/dev/null 2>&1; \
	    for p in $$missing; do \
	      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$p >/dev/null 2>$(BENCH_WORK)/apt-$$p.log \
	        || echo "$$p: apt-get install failed: $$(tail -n 1 $(BENCH_WORK)/apt-$$p.log)" >> $(BENCH_WORK)/unavailable.txt; \
	    done; \
	  fi; \
	fi
	@for pair in $(BENCH_PIP); do \
	  package=$${pair%%=*}; module=$${pair#*=}; \
	  python3 -c "import $$module" 2>/dev/null && continue; \
	  echo "installing $$package (benchmark peer)"; \
	  python3 -m pip install -q $$package > $(BENCH_WORK)/pip-$$package.log 2>&1 && python3 -c "import $$module" 2>/dev/null \
	    || echo "$$package: pip install failed: $$(grep -v WARNING $(BENCH_WORK)/pip-$$package.log | tail -n 1)" >> $(BENCH_WORK)/unavailable.txt; \
	done

# The C floors and the libxlsxwriter peer (cc -O2, flags from pkg-config); one that cannot be
# built is recorded as unavailable and the others still run.
BENCH_CC ?= cc
bench-programs:
	@mkdir -p $(BENCH_WORK)/bin
	@build() { name=$$1; shift; \
	  $(BENCH_CC) -O2 -o $(BENCH_WORK)/bin/$$name bench/$$name.c $$(pkg-config --cflags --libs "$$@") 2> $(BENCH_WORK)/cc-$$name.log \
	    || { echo "$$name: cannot be built: $$(head -n 1 $(BENCH_WORK)/cc-$$name.log)" >> $(BENCH_WORK)/unavailable.txt; \
	         rm -f $(BENCH_WORK)/bin/$$name; echo "warning: bench/$$name.c did not build"; }; }; \
	build sax_floor libzip libxml-2.0; \
	build inflate_floor libzip; \
	build deflate_floor zlib; \
	build csv2xlsx_lxw xlsxwriter
