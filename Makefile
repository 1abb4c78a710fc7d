# bpgen: the two commands that matter are `go generate ./...` (regenerate
# gen/ from spec/) and `make test`. Everything is fetched through go.mod.

GO          ?= go
STATICCHECK := $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: all generate test lint vet staticcheck drift unit fuzz fuzz-long bench bench-compare fmt

all: test

generate:
	$(GO) generate ./...

# unit runs before staticcheck: its golden and corpus tests write the
# packages that staticcheck then checks, so they are generated and built once.
test: fmt vet unit staticcheck fuzz drift

lint: fmt vet staticcheck

# Stamps under .cache/ (git-ignored) let a repeated make test skip work whose
# inputs have not changed: stamp_hash prints a hash of the Go version, of the
# extra words given and of the content of every file under the paths given
# (tracked and untracked, ignored ones left out). A step that passed records
# the hash; the next run redoes the step only when the hash differs, so any
# change to an input redoes it. A clean clone (CI) has no stamps, and with
# CI set stamps are not read: everything runs.
CACHE := $(CURDIR)/.cache
stamp_hash = { $(GO) env GOVERSION; echo $(2); \
	{ git ls-files -co --exclude-standard -z -- $(1) 2>/dev/null || find $(1) -type f -print0; } | \
	LC_ALL=C sort -z | xargs -0 -r sha256sum 2>&1; } | sha256sum | cut -c1-64
stamp_fresh = [ -z "$$CI" ] && $(call stamp_same,$(1),$(2))
stamp_same = [ "$$(cat $(1) 2>/dev/null)" = "$(2)" ]

fmt:
	@echo "== fmt: gofmt -l"
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -path ./.cache -prune -o -name '*.go' -print)); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	@echo "== vet: go vet ./..."
	$(GO) vet ./...

# staticcheck runs on the module, and on what bpgen generates for the golden
# specs and for the third-party corpus, which those tests write into modules
# under .cache/lint. Under CI the unit step writes them (see below);
# otherwise staticcheck regenerates them only when their stamp does not
# match its inputs: the
# generator with its testdata, the runtime templates, go.mod and go.sum (the
# corpus is kin-openapi's test data) and the Go version. A stamp that matches
# was written from those very inputs, by this run's unit step or an earlier
# one, so CI trusts it too; staticcheck's own cache makes the check quick.
LINT_DIR    := $(CACHE)/lint
LINT_INPUTS := generator templates go.mod go.sum
LINT_ENV    := BPGEN_COMPILE_DIR=$(LINT_DIR)/golden BPGEN_CORPUS_DIR=$(LINT_DIR)/corpus BPGEN_CLIENT_ONLY_DIR=$(LINT_DIR)/client
staticcheck:
	@echo "== staticcheck: the module"
	$(STATICCHECK) ./...
	@stamp=$$($(call stamp_hash,$(LINT_INPUTS))); \
	if $(call stamp_same,$(LINT_DIR)/stamp,$$stamp); then \
		echo "== staticcheck: the golden, client-only and corpus packages in $(LINT_DIR) match their inputs"; \
	else \
		echo "== staticcheck: generating the golden, client-only and corpus packages into $(LINT_DIR) (go test -count=1, a few minutes)"; \
		rm -rf $(LINT_DIR) && mkdir -p $(LINT_DIR) && \
		$(LINT_ENV) $(GO) test -count=1 -run 'TestGoldenCompiles|TestGoldenClientOnlyCompiles|TestThirdPartyCorpus' ./generator/ \
			>$(LINT_DIR)/generate.log 2>&1 || { cat $(LINT_DIR)/generate.log; rm -rf $(LINT_DIR); exit 1; }; \
		echo $$stamp >$(LINT_DIR)/stamp; \
	fi
	@for d in golden corpus client; do \
		echo "== staticcheck: $(LINT_DIR)/$$d"; \
		(cd $(LINT_DIR)/$$d && $(STATICCHECK) ./...) || exit 1; \
	done

# unit's timeout is longer than go test's 10 minutes: the generator package
# builds a 425,000-line package (TestLargeDocumentBuilds, about 4 minutes of
# CPU) besides the golden and corpus modules, under the race detector, and on
# a shared 2-core machine that alone has run past 10 minutes.
#
# Under CI (a clean run, -count=1) the golden and corpus tests also write the
# packages they build into $(LINT_DIR) and the run stamps them, so that
# staticcheck checks those instead of generating and building them a second
# time. Elsewhere they build in temporary directories: a test that leaves
# files it wrote behind is never cached by go test, and a repeated run should
# reuse its cached results. For the same reason $(CACHE) exists before the
# tests run: some stat the module's root on their way to its go.mod, go test
# records the root's modification time, and creating .cache/ later in a
# first run (staticcheck, fuzz) would make the next run test those again.
unit:
	@mkdir -p $(CACHE)
	@if [ -n "$$CI" ]; then \
		stamp=$$($(call stamp_hash,$(LINT_INPUTS))); \
		echo "== unit: go test -race -count=1 ./... (also writes the packages staticcheck checks into $(LINT_DIR))"; \
		rm -rf $(LINT_DIR) && mkdir -p $(LINT_DIR) && \
		$(LINT_ENV) $(GO) test -race -count=1 -timeout 30m ./... && echo $$stamp >$(LINT_DIR)/stamp; \
	else \
		echo "== unit: go test -race ./... (cached results are reused)"; \
		$(GO) test -race -timeout 30m ./...; \
	fi

# fuzz gives each fuzz target a short budget of new inputs beyond its seed
# corpus (which unit already runs): specs and requests are untrusted input.
# The budget counts executions: a -fuzztime duration trips a race in Go 1.26's
# fuzzing coordinator (golang/go#75804) that fails the run with no input.
# Like go test's cache, a target that passed its budget is not fuzzed again
# until its inputs (the packages its test builds, go.mod, go.sum), its budget
# or the Go version change; make fuzz FUZZ_AGAIN=1 fuzzes anyway.
FUZZ_SPECS ?= 3000x
FUZZ_REQUESTS ?= 50000x
FUZZ_MINIMIZE ?= 60s
FUZZ_DIR := $(CACHE)/fuzz
FUZZ_RT_INPUTS := templates go.mod go.sum
fuzz:
	@mkdir -p $(FUZZ_DIR)
	@$(MAKE) -s fuzz-target FT=FuzzGenerate FP=./generator/ FB=$(FUZZ_SPECS) FI="generator templates go.mod go.sum"
	@$(MAKE) -s fuzz-target FT=FuzzHandler FP=./gen/botpress/ FB=$(FUZZ_REQUESTS) FI="gen generator templates spec go.mod go.sum"
	@$(MAKE) -s fuzz-target FT=FuzzServerJSONScan FP=./templates/rt/ FB=$(FUZZ_REQUESTS) FI="$(FUZZ_RT_INPUTS)"
	@$(MAKE) -s fuzz-target FT=FuzzQueryDecode FP=./templates/rt/ FB=$(FUZZ_REQUESTS) FI="$(FUZZ_RT_INPUTS)"
	@$(MAKE) -s fuzz-target FT=FuzzLinkNext FP=./templates/rt/ FB=$(FUZZ_REQUESTS) FI="$(FUZZ_RT_INPUTS)"
	@$(MAKE) -s fuzz-target FT=FuzzSource FP=./generator/internal/fastfmt/ FB=$(FUZZ_REQUESTS) FI="generator/internal/fastfmt go.mod go.sum"

# fuzz-target fuzzes FT in package FP for FB executions unless its stamp says
# it already passed on inputs FI.
.PHONY: fuzz-target
fuzz-target:
	@stamp=$$($(call stamp_hash,$(FI),$(FT) $(FB))); \
	if [ -z "$(FUZZ_AGAIN)" ] && $(call stamp_fresh,$(FUZZ_DIR)/$(FT),$$stamp); then \
		echo "== fuzz: $(FT) passed $(FB) on these inputs before; skipped (FUZZ_AGAIN=1 fuzzes anyway)"; \
	else \
		echo "== fuzz: $(FT) in $(FP), $(FB) executions"; \
		rm -f $(FUZZ_DIR)/$(FT); \
		$(GO) test -run '^$$' -fuzz '^$(FT)$$' -fuzztime $(FB) -fuzzminimizetime $(FUZZ_MINIMIZE) $(FP) && echo $$stamp >$(FUZZ_DIR)/$(FT); \
	fi

# fuzz-long is fuzz with budgets forty times larger, minimizing what it finds
# for 5 s instead of go test's 60 (not part of test: about half an hour on two
# cores, by the execution rates seen so far). The short budgets catch
# regressions; runs of millions of executions are what found fastfmt's layout
# bugs.
fuzz-long:
	@$(MAKE) -s fuzz FUZZ_SPECS=120000x FUZZ_REQUESTS=2000000x FUZZ_MINIMIZE=5s

# drift fails when gen/ differs from a fresh generation of spec/.
drift:
	@echo "== drift: gen/botpress against a fresh generation of spec/botpress.yaml"
	$(GO) run ./cmd/bpgen -q -check -spec spec/botpress.yaml -out gen/botpress -package botpress

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# bench-compare measures generation and the cold build of the output against
# kin-openapi's load alone, ogen and oapi-codegen at pinned versions (see
# generator/internal/benchcompare). Not part of test: it needs the module
# proxy and takes minutes.
bench-compare:
	$(GO) run ./generator/internal/benchcompare
