# SPDX-License-Identifier: GPL-2.0-or-later
# verifier/: the trust decisions kexec and key-loader share, as one static library (verifier/README.md).
# Included by the top Makefile right after lib/lib.mk, so the parts that link it can name
# $(VERIFIER_LIB) in their prerequisites.

VERIFIER_SRCS := $(sort $(wildcard verifier/*.c))
VERIFIER_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(VERIFIER_SRCS))
VERIFIER_LIB := $(BUILD)/verifier/libverifier.a
# What a program linking the verifier links after it (and $(LIB_HOST)).
VERIFIER_LIBS := -lcrypto -lkeyutils -lpthread

$(BUILD)/verifier/%.o: verifier/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(VERIFIER_LIB): $(VERIFIER_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

ALL_TARGETS += $(VERIFIER_LIB)
-include $(VERIFIER_OBJS:.o=.d)

# Host tests. The policy corpus (issue #8 points 1-7, tests/gen-policy-corpus.sh) is made from the
# test PKI, Debian's kernel and shim (make deps) and the carrier stub; its rows run with --trust on
# the host, and with a keyring where the kernel allows pkey operations (else they are skipped and
# run in the OVMF scenario verifier-keyring-policy). Paths are spelled out: the fragments that
# name them (kexec.mk, key-loader.mk, efi/carrier.mk, certs.mk) are included after this one.
# `make deps` unpacks Debian's shim packages into the cache; $(SHIM_DIR)/root points there.
SHIM_DIR := build/shim
SHIM_EFI := $(SHIM_DIR)/root/usr/lib/shim/shimx64.efi.signed
POLICY_CORPUS_DIR := $(BUILD)/tests/policy-corpus
POLICY_CORPUS := $(POLICY_CORPUS_DIR)/.made
$(SHIM_EFI):
	@echo "verifier: $@ is missing: run 'make deps' first" >&2; exit 1
$(POLICY_CORPUS): tests/gen-policy-corpus.sh tests/policy-pki.cnf certs/make-dbx-auth.sh \
		$(CERTS_DIR)/.pki-made $(KERNEL_DIR)/vmlinuz $(SHIM_EFI) $(BUILD)/efi/carrier-stub.efi
	tests/gen-policy-corpus.sh $(CERTS_DIR) $(@D) $(KERNEL_DIR)/vmlinuz $(SHIM_EFI) $(BUILD)/efi/carrier-stub.efi
	@touch $@
tests/test-verifier-policy.sh: $(POLICY_CORPUS) $(BUILD)/kexec/kexec $(BUILD)/key-loader/key-loader
tests/test-key-loader-link.sh: $(BUILD)/kexec/kexec $(BUILD)/key-loader/key-loader
# The OVMF scenario verifier-keyring-policy runs the keyring rows in the guest.
ovmf-prereqs: $(POLICY_CORPUS)
# verifier-db-hash-unpadded computes the firmware's digest with lib/'s walk (tests/pe-digest --firmware).
ovmf-prereqs: $(BUILD)/tests/pe-digest
# The streamed Authenticode digest and the private image buffers (verifier/digest.c, file-io.c).
TEST_EXTRA_test-digest-stream := tests/gen-pe-image.c $(VERIFIER_LIB)
