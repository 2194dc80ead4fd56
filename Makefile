# Makefile -- builds kaito, its tests, fuzzers and benchmarks.
#
#   make            build ./build/kaito (installs missing Debian packages)
#   make test       the whole test suite: unit tests and CLI tests, built
#                   normally and with AddressSanitizer + UBSan, plus a short
#                   fuzzing smoke run; ends with "N passed, N failed"
#   make fuzz       run every fuzzer for FUZZ_SECONDS (default 60) each
#   make bench      build and run the benchmarks under bench/ (installs
#                   wrk and nginx for them)
#   make clean
#
# Sources are found by wildcard: a new src/**/*.c is built, a new
# tests/unit/test_*.c becomes a test binary, a new tests/cli/*.sh a test.

.DEFAULT_GOAL := all
BUILD	?= build
PKGS	:= libssl libcrypto libsodium jansson zbar libpng libjpeg libprotobuf-c \
	   sqlite3 libmicrohttpd libqrencode libcurl
JOBS	?= $(shell nproc 2>/dev/null || echo 2)

WARN	:= -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wformat=2 -Wcast-qual -Wpointer-arith \
	   -Wno-format-nonliteral
CFLAGS	?= -O2 -g
CFLAGS	+= -std=gnu11 $(WARN) -D_FORTIFY_SOURCE=2 -fstack-protector-strong \
	   -fPIE -Isrc -I$(BUILD)/gen
LDFLAGS	+= -pie -Wl,-z,relro,-z,now -pthread

# `make V=1` shows the full commands.
Q	:= $(if $(V),,@)

ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	   -fno-omit-frame-pointer -U_FORTIFY_SOURCE

# pkg-config answers are cached in config.mk, which make rebuilds (and so
# installs missing packages) before anything else. Intel's multi-buffer
# library (no .pc file; amd64 only) is used when its header is there:
# `kaito audit verify` hashes leaves two at a time with it
# (src/audit/hashbatch.c).
IPSEC_MB_H := /usr/include/intel-ipsec-mb.h
-include $(BUILD)/config.mk
$(BUILD)/config.mk: scripts/deps.sh Makefile
	@scripts/deps.sh build
	@mkdir -p $(BUILD)
	@{ echo "PKG_CFLAGS := $$(pkg-config --cflags $(PKGS))"; \
	   echo "PKG_LIBS := $$(pkg-config --libs $(PKGS))"; \
	   if [ -f $(IPSEC_MB_H) ]; then \
	     echo "PKG_CFLAGS += -DKAITO_IPSEC_MB"; \
	     echo "PKG_LIBS += -lIPSec_MB"; fi; } > $@.tmp
	@mv $@.tmp $@

PROTOS	:= $(shell find src -name '*.proto')
PROTO_C	:= $(patsubst src/%.proto,$(BUILD)/gen/%.pb-c.c,$(PROTOS))
PROTO_H	:= $(PROTO_C:.c=.h)
SRCS	:= $(shell find src -name '*.c' ! -name main.c | sort)
OBJS	:= $(patsubst src/%.c,$(BUILD)/obj/%.o,$(SRCS)) \
	   $(patsubst $(BUILD)/gen/%.c,$(BUILD)/obj/gen/%.o,$(PROTO_C))
AOBJS	:= $(patsubst $(BUILD)/obj/%,$(BUILD)/asan/obj/%,$(OBJS))
UNIT	:= $(patsubst tests/unit/%.c,%,$(wildcard tests/unit/test_*.c))

.PHONY: all test check unit-tests fuzz fuzz-smoke bench clean
all: $(BUILD)/kaito

# --- code generation ---------------------------------------------------
$(BUILD)/gen/%.pb-c.c $(BUILD)/gen/%.pb-c.h: src/%.proto
	@mkdir -p $(dir $@)
	protoc-c --proto_path=src --c_out=$(BUILD)/gen $<

# --- normal build --------------------------------------------------------
$(BUILD)/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC   $@"
	$(Q)$(CC) $(filter-out $(WARN),$(CFLAGS)) -Wall -Werror $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: src/%.c | $(PROTO_H)
	@mkdir -p $(dir $@)
	@echo "  CC   $@"
	$(Q)$(CC) $(CFLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/libkaito.a: $(OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/kaito: $(BUILD)/obj/main.o $(BUILD)/libkaito.a
	@echo "  CC   $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libkaito.a $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC   $@"
	$(Q)$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests/unit $(LDFLAGS) -o $@ $< \
	    $(BUILD)/libkaito.a $(PKG_LIBS) -lcmocka

# --- AddressSanitizer + UBSan build --------------------------------------
$(BUILD)/asan/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC   $@"
	$(Q)$(CC) -std=gnu11 -Isrc -I$(BUILD)/gen $(ASAN_FLAGS) $(PKG_CFLAGS) -c -o $@ $<

$(BUILD)/asan/obj/%.o: src/%.c | $(PROTO_H)
	@mkdir -p $(dir $@)
	@echo "  CC   $@"
	$(Q)$(CC) $(CFLAGS) $(ASAN_FLAGS) $(PKG_CFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/asan/libkaito.a: $(AOBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/asan/kaito: $(BUILD)/asan/obj/main.o $(BUILD)/asan/libkaito.a
	@echo "  CC   $@"
	$(Q)$(CC) $(ASAN_FLAGS) -pthread -o $@ $^ $(PKG_LIBS)

$(BUILD)/asan/tests/%: tests/unit/%.c $(BUILD)/asan/libkaito.a \
    $(wildcard tests/unit/*.h)
	@mkdir -p $(dir $@)
	@echo "  CC   $@"
	$(Q)$(CC) $(CFLAGS) $(ASAN_FLAGS) $(PKG_CFLAGS) -Itests/unit -pthread \
	    -o $@ $< $(BUILD)/asan/libkaito.a $(PKG_LIBS) -lcmocka

# --- tests ---------------------------------------------------------------
# `make test` installs the test tools first, then builds and runs in a
# sub-make so that pkg-config sees what was just installed.
test:
	@scripts/deps.sh test
	@$(MAKE) --no-print-directory -j$(JOBS) unit-tests
	@$(MAKE) --no-print-directory check

unit-tests: $(BUILD)/kaito $(BUILD)/asan/kaito \
	    $(addprefix $(BUILD)/tests/,$(UNIT)) \
	    $(addprefix $(BUILD)/asan/tests/,$(UNIT)) fuzzers

check:
	@BUILD=$(BUILD) scripts/run-tests.sh

# --- fuzzing (clang, libFuzzer) ------------------------------------------
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZERS	:= $(patsubst tests/fuzz/%.c,$(BUILD)/fuzz/%,$(FUZZ_SRCS))
FUZZ_FLAGS := -std=gnu11 -O1 -g -Isrc -I$(BUILD)/gen \
	   -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_OBJS := $(patsubst $(BUILD)/obj/%,$(BUILD)/fuzz/obj/%,$(OBJS))
FUZZ_SECONDS ?= 60

$(BUILD)/fuzz/obj/%.o: src/%.c | $(PROTO_H)
	@mkdir -p $(dir $@)
	@echo "  CC   $@"
	$(Q)clang $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -Wall -Werror \
	    $(PKG_CFLAGS) -MMD -MP -c -o $@ $<
$(BUILD)/fuzz/obj/gen/%.o: $(BUILD)/gen/%.c
	@mkdir -p $(dir $@)
	@echo "  CC   $@"
	$(Q)clang $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link $(PKG_CFLAGS) -c -o $@ $<
$(BUILD)/fuzz/libkaito.a: $(FUZZ_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^
$(BUILD)/fuzz/%: tests/fuzz/%.c $(BUILD)/fuzz/libkaito.a $(wildcard tests/fuzz/*.h)
	@echo "  CC   $@"
	$(Q)clang $(FUZZ_FLAGS) $(PKG_CFLAGS) -o $@ $< $(BUILD)/fuzz/libkaito.a \
	    $(PKG_LIBS)

fuzzers: $(FUZZERS)
fuzz: $(FUZZERS)
	@for f in $(FUZZERS); do \
	  n=$$(basename $$f); mkdir -p $(BUILD)/corpus/$$n; \
	  echo "fuzz: $$n for $(FUZZ_SECONDS)s"; \
	  $$f -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
	    $(BUILD)/corpus/$$n tests/fuzz/corpus/$$n || exit 1; \
	done

# --- benchmarks ----------------------------------------------------------
BENCH_SRCS := $(wildcard bench/*/*.c)
$(BUILD)/bench/%: bench/%.c $(BUILD)/libkaito.a
	@mkdir -p $(dir $@)
	@echo "  CC   $@"
	$(Q)$(CC) $(CFLAGS) $(PKG_CFLAGS) $(LDFLAGS) -o $@ $< \
	    $(BUILD)/libkaito.a $(PKG_LIBS)
bench: $(patsubst bench/%.c,$(BUILD)/bench/%,$(BENCH_SRCS)) $(BUILD)/kaito
	@scripts/deps.sh bench
	@for b in bench/*/run.sh; do echo "== $$b"; BUILD=$(BUILD) $$b || exit 1; done

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# --- the README's run command ---------------------------------------------
.PHONY: run
run: $(BUILD)/kaito
	@BUILD=$(BUILD) scripts/run.sh
