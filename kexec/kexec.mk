# SPDX-License-Identifier: GPL-2.0-or-later
# kexec/: the static kexec binary (the verifier library, OpenSSL libcrypto + libkeyutils, -static),
# its man page and tests.

KEXEC_SRCS := $(sort $(wildcard kexec/*.c))
KEXEC_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(KEXEC_SRCS))
KEXEC_BIN := $(BUILD)/kexec/kexec
# ASan cannot link statically: SANITIZE=1 builds a dynamic binary for the tests.
ifeq ($(SANITIZE),1)
KEXEC_LDFLAGS := $(HOST_LDFLAGS)
else
KEXEC_LDFLAGS := -static
endif
KEXEC_LIBS := $(VERIFIER_LIB) $(LIB_HOST) $(VERIFIER_LIBS)

$(BUILD)/kexec/%.o: kexec/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -I. -MMD -MP -c $< -o $@

# The kexec_load path: the x86_64 planning objects (kexec/x86_64/x86_64.mk) and the purgatory
# blob (purgatory/purgatory.mk). Spelled out here: those fragments (which name them
# KEXEC_X86_64_OBJS, PURGATORY_BLOB_OBJ) are included after this one, too late for prerequisite lists.
KEXEC_LOAD_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(sort $(wildcard kexec/x86_64/*.c))) \
	$(BUILD)/purgatory/purgatory-blob.o
KEXEC_PURGATORY_H := $(BUILD)/purgatory/purgatory-offsets.h
$(BUILD)/kexec/kexec-load.o: $(KEXEC_PURGATORY_H)

$(KEXEC_BIN): $(KEXEC_OBJS) $(KEXEC_LOAD_OBJS) $(VERIFIER_LIB) $(LIB_HOST)
	$(CC) $(KEXEC_LDFLAGS) -o $@ $(KEXEC_OBJS) $(KEXEC_LOAD_OBJS) $(KEXEC_LIBS)

# Test-only build for the OVMF scenarios that change things in the middle of a load:
# kexec-load.c and main.c with -DKX_TEST_HOOKS (SBK_TEST_CORRUPT_SEGMENT=N flips a byte of
# segment N after the purgatory's digests were taken; SBK_TEST_AFTER_VERIFY / SBK_TEST_AFTER_LOAD
# run a shell command between the verification and kexec_file_load / right after it). Never
# installed; the shipped kexec has no such code.
KEXEC_TESTHOOKS_BIN := $(BUILD)/kexec/kexec-testhooks
KEXEC_HOOKED := kexec-load main
KEXEC_HOOKED_OBJS := $(patsubst %,$(BUILD)/kexec/testhooks/%.o,$(KEXEC_HOOKED))
$(BUILD)/kexec/testhooks/%.o: kexec/%.c $(KEXEC_PURGATORY_H)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -DKX_TEST_HOOKS -I. -MMD -MP -c $< -o $@
KEXEC_UNHOOKED_OBJS := $(filter-out $(patsubst %,$(BUILD)/kexec/%.o,$(KEXEC_HOOKED)),$(KEXEC_OBJS))
$(KEXEC_TESTHOOKS_BIN): $(KEXEC_UNHOOKED_OBJS) $(KEXEC_HOOKED_OBJS) $(KEXEC_LOAD_OBJS) $(VERIFIER_LIB) $(LIB_HOST)
	$(CC) $(KEXEC_LDFLAGS) -o $@ $(KEXEC_UNHOOKED_OBJS) $(KEXEC_HOOKED_OBJS) $(KEXEC_LOAD_OBJS) $(KEXEC_LIBS)

# What `make install` installs (stripped; its IMA signature is made from these bytes).
KEXEC_INSTALLED := $(INSTALL_FORM_DIR)/kexec
$(KEXEC_INSTALLED): $(KEXEC_BIN)
	$(install_form)

ALL_TARGETS += $(KEXEC_BIN) $(KEXEC_TESTHOOKS_BIN) $(KEXEC_INSTALLED)
OVMF_DEPS += $(KEXEC_BIN)
# Built before the scenarios; only the scenarios that test those windows put it into their guest.
ovmf-prereqs: $(KEXEC_TESTHOOKS_BIN)
-include $(KEXEC_OBJS:.o=.d) $(KEXEC_HOOKED_OBJS:.o=.d)

.PHONY: install-kexec
install-kexec: $(KEXEC_INSTALLED)
	install -D -m 0755 $(KEXEC_INSTALLED) $(DESTDIR)$(SBINDIR)/kexec
	install -D -m 0644 kexec/kexec.8 $(DESTDIR)$(MANDIR)/man8/kexec.8
INSTALL_RULES += install-kexec

# Host tests: the CLI parser unit test links these objects; the verdict matrix needs the binary
# and the corpus generated from build/certs (tests/gen-kexec-corpus.sh).
TEST_EXTRA_test-kexec-cli := $(BUILD)/kexec/cli.o $(BUILD)/kexec/cmdline.o $(BUILD)/kexec/config.o $(VERIFIER_LIB)
TEST_EXTRA_test-kexec-config := $(BUILD)/kexec/config.o $(VERIFIER_LIB)
KEXEC_CORPUS := $(BUILD)/tests/kexec-corpus/.made
$(KEXEC_CORPUS): tests/gen-kexec-corpus.sh tests/pe-edit.sh $(CERTS_STAMP) $(KERNEL_DIR)/vmlinuz
	tests/gen-kexec-corpus.sh $(CERTS_DIR) $(@D) $(KERNEL_DIR)/vmlinuz
	@touch $@
check-unit: $(KEXEC_BIN) $(KEXEC_TESTHOOKS_BIN) $(KEXEC_CORPUS)
# The kernel input, the fd-or-memfd decision and the IMA policy probe (tests/test-kexec-input.c).
TEST_EXTRA_test-kexec-input := $(BUILD)/kexec/input.o $(BUILD)/kexec/pass-fd.o $(BUILD)/kexec/ima-policy.o \
	$(VERIFIER_LIB)
# UKIs (Debian's systemd-stub + objcopy, tests/make-uki.sh) and signed initrds, issue #12.
UKI_CORPUS := $(BUILD)/tests/uki-corpus/.made
$(UKI_CORPUS): tests/gen-uki-corpus.sh tests/make-uki.sh tests/pe-edit.sh $(CERTS_STAMP) $(KERNEL_DIR)/vmlinuz
	tests/gen-uki-corpus.sh $(CERTS_DIR) $(@D) $(KERNEL_DIR)/vmlinuz
	@touch $@
tests/test-kexec-uki.sh: $(KEXEC_BIN) $(UKI_CORPUS)
