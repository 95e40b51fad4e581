# ReportWatch: `make run` and `make test` are all a fresh machine needs.
SWIFT        ?= swift
CONFIG       ?= config/reportwatch.yaml
PREFIX       ?= /usr/local
# System libraries and tools the build and the tests use (Debian package names).
APT_PACKAGES := pkg-config libcurl4-openssl-dev libssl-dev libxml2-dev libsqlite3-dev libyaml-dev sqlite3 poppler-utils \
                curl openssl python3-venv

.PHONY: all deps build release run once test test-venv soak fuzz fuzz-build install clean

all: build

# Installs missing system packages when run as root; otherwise prints the exact command and stops.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "Missing system packages. Run:"; echo "  sudo apt-get update && sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "swift not found: install Swift 6.2 or newer (https://swift.org/install)"; exit 1; }

build: deps
	$(SWIFT) build

# The Swift runtime and Foundation linked in statically: no dynamic binding of their symbols at every start
# (15 ms of a 10k-source start-up) and 3-4 MB less resident memory; the binary is larger (about 100 MB). Package.swift
# adds the release link's code layout (lld, packed relocations, link-order.txt).
release: deps
	$(SWIFT) build -c release --static-swift-stdlib

# Runs the daemon on the bundled config (the seeds folder; works offline). Ctrl-C stops it.
run: build
	.build/debug/reportwatchd --config $(CONFIG)

# One pass over every source, then exit.
once: build
	.build/debug/reportwatchd --config $(CONFIG) --once

# Peer libraries the tests check our output against, pinned.
TEST_VENV := .build/test-venv
test-venv: $(TEST_VENV)/.ready
$(TEST_VENV)/.ready:
	python3 -m venv $(TEST_VENV)
	$(TEST_VENV)/bin/pip install -q --disable-pip-version-check jsonschema==4.23.0 standardwebhooks==1.1.0
	touch $@

test: deps test-venv
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --no-parallel

# The long runs of the fault tests: kill -9 loop (50 trials), a 5 MB one-line document, the database locked for 30 s,
# 1,000 sources for many cycles (memory, descriptors, database size).
SOAK_TESTS := CrashSafetyTests|BadInputTests|BadInputStorageTests|ResourceBoundsTests
soak: deps test-venv
	$(SWIFT) build --build-tests
	REPORTWATCH_SOAK=1 $(SWIFT) test --skip-build --no-parallel --filter '$(SOAK_TESTS)'

# libFuzzer targets (Fuzz/ is a package of its own), each run for FUZZ_SECONDS on its seeds in Fuzz/corpus/<name>.
# New inputs go to .build-fuzz/corpus/<target>; a crash leaves Fuzz/crashers/<target>-crash-* (keep it: the
# FuzzRegressionTests replay every file there).
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= fuzz-html fuzz-feed fuzz-config fuzz-extract
FUZZ_BUILD   := $(CURDIR)/.build-fuzz
fuzz-build: deps
	cd Fuzz && $(SWIFT) build -c release --scratch-path $(FUZZ_BUILD) -Xswiftc -sanitize=fuzzer,address \
	  -Xswiftc -parse-as-library
fuzz: fuzz-build
	@mkdir -p Fuzz/crashers
	@for target in $(FUZZ_TARGETS); do \
	  mkdir -p $(FUZZ_BUILD)/corpus/$$target; \
	  echo "== $$target for $(FUZZ_SECONDS) s"; \
	  ASAN_OPTIONS=detect_leaks=0 $(FUZZ_BUILD)/release/$$target -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	    -timeout=20 -rss_limit_mb=3072 -artifact_prefix=Fuzz/crashers/$$target- -print_final_stats=1 \
	    $(FUZZ_BUILD)/corpus/$$target Fuzz/corpus/$${target#fuzz-} || exit 1; \
	done

# Release binaries, the systemd unit, the seeds, and the reference config unless one exists.
install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)/etc/systemd/system $(DESTDIR)/etc/reportwatch \
	  $(DESTDIR)$(PREFIX)/share/reportwatch/seeds
	install -m 0755 .build/release/reportwatchd .build/release/reportwatch $(DESTDIR)$(PREFIX)/bin/
	sed 's|/usr/local/bin/reportwatchd|$(PREFIX)/bin/reportwatchd|' systemd/reportwatchd.service \
	  > $(DESTDIR)/etc/systemd/system/reportwatchd.service
	install -m 0644 seeds/* $(DESTDIR)$(PREFIX)/share/reportwatch/seeds/
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d $(DESTDIR)$(PREFIX)/share/man/man1
	.build/release/reportwatch --generate-completion-script bash \
	  > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/reportwatch
	.build/release/reportwatch --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_reportwatch
	.build/release/reportwatch --generate-completion-script fish \
	  > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/reportwatch.fish
	# Man pages for reportwatch and reportwatchd, from the command definitions (swift-argument-parser's plugin).
	$(SWIFT) package --allow-writing-to-directory $(DESTDIR)$(PREFIX)/share/man/man1 generate-manual \
	  --output-directory $(DESTDIR)$(PREFIX)/share/man/man1
	@if [ -e $(DESTDIR)/etc/reportwatch/reportwatch.yaml ]; then \
	  echo "Keeping the existing $(DESTDIR)/etc/reportwatch/reportwatch.yaml"; \
	else \
	  sed 's|path: ../seeds|path: $(PREFIX)/share/reportwatch/seeds|' config/reportwatch.yaml \
	    > $(DESTDIR)/etc/reportwatch/reportwatch.yaml; \
	fi

clean:
	rm -rf .build .state

# The benchmark suite (issue 11): release build, peers in Benchmarks/.venv-peers, one table printed and written to
# Benchmarks/results/. `make bench QUICK=1` (or `make bench-quick`) is the short version. BENCH_ARGS: e.g. --only 1,3.
QUICK      ?=
BENCH_ARGS ?=
.PHONY: bench bench-quick
bench: deps
	SWIFT=$(SWIFT) Benchmarks/run.sh $(if $(QUICK),--quick) $(BENCH_ARGS)

bench-quick: deps
	SWIFT=$(SWIFT) Benchmarks/run.sh --quick $(BENCH_ARGS)

# Regenerates Sources/reportwatchd/link-order.txt, the code layout of release builds (see Package.swift), from the
# functions reportwatchd runs in the benchmark's poll cycles. Needs valgrind.
.PHONY: link-order
link-order: deps
	@command -v valgrind >/dev/null || { echo "link-order needs valgrind: apt-get install valgrind"; exit 1; }
	SWIFT=$(SWIFT) Benchmarks/link-order.sh
