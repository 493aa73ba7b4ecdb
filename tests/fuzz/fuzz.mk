# SPDX-License-Identifier: GPL-2.0-or-later
# tests/fuzz/: one libFuzzer target per parser entry point (clang, build/fuzz/), the same targets
# replayed with a plain main() in the host unit tests (gcc, plain and SANITIZE=1), their seeds,
# and `make fuzz` (tests/fuzz/README.md).
#
# A target is tests/fuzz/fuzz-NAME.c; FUZZ_SRCS_NAME lists what it links besides lib/.
# Included before tests/lib-tests.mk and tests/tests.mk: paths of their corpora are spelled out.

FUZZ_TARGETS := pe certtable authenticode ima pkcs7-detached esl revocation mokvar keycarrier carrier \
	carrier-event uki bzimage iomem memmap crash-notes probe kexec-cli kexec-config key-loader-cli \
	tcg-eventlog

X86 := kexec/x86_64
FUZZ_SRCS_certtable := tests/gen-pe-image.c
FUZZ_SRCS_authenticode := $(VERIFIER_SRCS)
FUZZ_SRCS_ima := $(VERIFIER_SRCS)
FUZZ_SRCS_revocation := $(VERIFIER_SRCS)
FUZZ_SRCS_pkcs7-detached := $(VERIFIER_SRCS)
FUZZ_SRCS_kexec-config := kexec/config.c verifier/file-io.c
# The carrier's logic as tests/test-carrier.c builds it: efi/carrier.mk's list, tests/fake-efi.c.
FUZZ_SRCS_carrier := $(CARRIER_LOGIC) tests/fake-efi.c
FUZZ_SRCS_bzimage := $(X86)/bzimage.c $(X86)/boot-params.c $(X86)/memory-ranges.c
FUZZ_SRCS_iomem := $(X86)/memory-ranges.c $(X86)/e820.c $(X86)/crashdump.c
FUZZ_SRCS_memmap := $(X86)/memory-ranges.c $(X86)/e820.c $(X86)/boot-params-efi.c $(X86)/boot-params.c
FUZZ_SRCS_crash-notes := $(X86)/crashdump.c $(X86)/memory-ranges.c
FUZZ_SRCS_probe := $(X86)/probe.c $(X86)/memory-ranges.c $(X86)/boot-params-efi.c $(X86)/boot-params.c \
	$(X86)/crashdump.c verifier/file-io.c
FUZZ_SRCS_kexec-cli := kexec/cli.c kexec/cmdline.c kexec/config.c kexec/policy.c $(VERIFIER_SRCS)
FUZZ_SRCS_key-loader-cli := key-loader/options.c $(VERIFIER_SRCS)

FUZZ_DIR := build/fuzz
FUZZ_LIBS := -lcrypto -lkeyutils -lpthread
# The test PKI the verifier targets trust (build/certs: shared by plain and sanitized builds).
FUZZ_DEFS := -DFUZZ_CERTS_DIR='"$(abspath $(CERTS_DIR))"'

# --- the replays: gcc, HOST_CFLAGS (ASan+UBSan with SANITIZE=1), tests/fuzz/replay.c as main() ---
# What a source of FUZZ_SRCS_* is for the host build: verifier/ comes from its library, tests/
# sources are compiled in, the others are the objects their own fragments build.
fuzz_host_inputs = $(foreach s,$(filter-out verifier/%,$1),$(if $(filter tests/%,$s),$s,$(if \
	$(filter kexec/x86_64/% efi/%,$s),$(BUILD)/host/$(s:.c=.o),$(BUILD)/$(s:.c=.o)))) \
	$(if $(filter verifier/%,$1),$(VERIFIER_LIB))
FUZZ_REPLAYS := $(patsubst %,$(BUILD)/tests/fuzz-%-replay,$(FUZZ_TARGETS))
$(BUILD)/tests/fuzz-carrier-replay: HOST_CFLAGS += -Iefi

.SECONDEXPANSION:
$(BUILD)/tests/fuzz-%-replay: tests/fuzz/fuzz-%.c tests/fuzz/replay.c $$(call fuzz_host_inputs,$$(FUZZ_SRCS_$$*)) \
		$(LIB_HOST) $(wildcard tests/fuzz/*.h)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -Itests -Itests/fuzz $(FUZZ_DEFS) $< tests/fuzz/replay.c \
		$(call fuzz_host_inputs,$(FUZZ_SRCS_$*)) $(LIB_HOST) $(FUZZ_LIBS) $(HOST_LDFLAGS) -o $@

# --- seeds: tests/fuzz/gen-seeds.sh from real inputs (test kernel, carriers, UKIs, certs/ ESLs, the
# kexec corpus's signed images and IMA signatures, tests/data samples, generated corpora) ---
FUZZ_SEEDS := $(FUZZ_DIR)/seeds/.made
$(FUZZ_SEEDS): tests/fuzz/gen-seeds.sh tests/bytes-lib.sh tests/pe-edit.sh tests/make-uki.sh \
		$(CERTS_STAMP) $(KERNEL_DIR)/vmlinuz $(KEXEC_CORPUS) \
		$(CARRIER_STUB) tools/make-carrier $(BUILD)/tests/pe-corpus/manifest \
		$(BUILD)/tests/esl-corpus/manifest $(BUILD)/tests/tcg-corpus/manifest $(wildcard tests/data/*)
	BUILD=$(BUILD) tests/fuzz/gen-seeds.sh $(CERTS_DIR) $(KERNEL_DIR)/vmlinuz $(@D)
	@touch $@

# Every target's replay over its regression corpus (tests/fuzz/regress/) and its seeds.
tests/test-fuzz-replay.sh: $(FUZZ_REPLAYS) $(FUZZ_SEEDS)

# --- libFuzzer builds: clang, build/fuzz/ (independent of SANITIZE) ---
FUZZ_CC ?= clang
FUZZ_CFLAGS := -std=gnu11 -O1 -g -D_GNU_SOURCE -I. -Ilib -Iefi -Itests -Itests/fuzz -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all $(FUZZ_DEFS)
FUZZ_OBJ := $(FUZZ_DIR)/obj
fuzz_objs = $(patsubst %.c,$(FUZZ_OBJ)/%.o,$(LIB_SRCS) $1)
FUZZ_BINS := $(patsubst %,$(FUZZ_DIR)/fuzz-%,$(FUZZ_TARGETS))

$(FUZZ_OBJ)/%.o: %.c
	@command -v $(FUZZ_CC) >/dev/null || { echo "fuzz: $(FUZZ_CC) not installed (make deps)"; exit 1; }
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c $< -o $@

$(FUZZ_DIR)/fuzz-%: $(FUZZ_OBJ)/tests/fuzz/fuzz-%.o $$(call fuzz_objs,$$(FUZZ_SRCS_$$*))
	$(FUZZ_CC) -fsanitize=fuzzer,address,undefined $^ $(FUZZ_LIBS) -o $@

# Objects stay (make would delete them as intermediates of the pattern chain).
.SECONDARY: $(call fuzz_objs,$(sort $(foreach t,$(FUZZ_TARGETS),$(FUZZ_SRCS_$t)))) \
	$(patsubst %,$(FUZZ_OBJ)/tests/fuzz/fuzz-%.o,$(FUZZ_TARGETS))
-include $(shell find $(FUZZ_OBJ) -name '*.d' 2>/dev/null)

# `make fuzz [FUZZ_SECONDS=N] [FUZZ_JOBS=J] [FUZZ_TARGETS="pe esl"]`: each target N seconds
# (J at a time), corpus in build/fuzz/corpus/NAME; any crash, leak or sanitizer report fails.
FUZZ_SECONDS ?= 60
FUZZ_JOBS ?= 1
.PHONY: fuzz fuzz-build
fuzz-build: $(FUZZ_BINS) $(FUZZ_SEEDS)
fuzz: fuzz-build
	@FUZZ_DIR=$(FUZZ_DIR) tests/fuzz/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_JOBS) $(FUZZ_TARGETS)
