# bpgen: the two commands that matter are `go generate ./...` (regenerate
# gen/ from spec/) and `make test`. Everything is fetched through go.mod.

GO          ?= go
STATICCHECK := $(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: all generate test lint vet staticcheck drift unit fuzz bench bench-compare fmt

all: test

generate:
	$(GO) generate ./...

test: lint unit fuzz drift

lint: fmt vet staticcheck

fmt:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# staticcheck runs on the module, and on what bpgen generates for the golden
# specs and for the third-party corpus, which those tests write into scratch
# modules.
staticcheck:
	$(STATICCHECK) ./...
	@dir=$$(mktemp -d); \
	BPGEN_COMPILE_DIR=$$dir/golden BPGEN_CORPUS_DIR=$$dir/corpus BPGEN_CLIENT_ONLY_DIR=$$dir/client \
		$(GO) test -count=1 -run 'TestGoldenCompiles|TestGoldenClientOnlyCompiles|TestThirdPartyCorpus' ./generator/ >/dev/null && \
	(cd $$dir/golden && $(STATICCHECK) ./...) && (cd $$dir/corpus && $(STATICCHECK) ./...) && \
	(cd $$dir/client && $(STATICCHECK) ./...); \
	rc=$$?; rm -rf $$dir; exit $$rc

unit:
	$(GO) test -race ./...

# fuzz gives each fuzz target a short budget of new inputs beyond its seed
# corpus (which unit already runs): specs and requests are untrusted input.
# The budget counts executions: a -fuzztime duration trips a race in Go 1.26's
# fuzzing coordinator (golang/go#75804) that fails the run with no input.
FUZZ_SPECS ?= 3000x
FUZZ_REQUESTS ?= 50000x
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzGenerate$$' -fuzztime $(FUZZ_SPECS) ./generator/
	$(GO) test -run '^$$' -fuzz '^FuzzHandler$$' -fuzztime $(FUZZ_REQUESTS) ./gen/botpress/
	$(GO) test -run '^$$' -fuzz '^FuzzServerJSONScan$$' -fuzztime $(FUZZ_REQUESTS) ./templates/rt/
	$(GO) test -run '^$$' -fuzz '^FuzzQueryDecode$$' -fuzztime $(FUZZ_REQUESTS) ./templates/rt/
	$(GO) test -run '^$$' -fuzz '^FuzzLinkNext$$' -fuzztime $(FUZZ_REQUESTS) ./templates/rt/

# drift fails when gen/ differs from a fresh generation of spec/.
drift:
	$(GO) run ./cmd/bpgen -q -check -spec spec/botpress.yaml -out gen/botpress -package botpress

bench:
	$(GO) test -run '^$$' -bench . -benchmem ./...

# bench-compare measures generation and the cold build of the output against
# kin-openapi's load alone, ogen and oapi-codegen at pinned versions (see
# generator/internal/benchcompare). Not part of test: it needs the module
# proxy and takes minutes.
bench-compare:
	$(GO) run ./generator/internal/benchcompare
