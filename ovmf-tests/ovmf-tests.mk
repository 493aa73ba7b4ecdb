# SPDX-License-Identifier: GPL-2.0-or-later
# ovmf-tests/: QEMU + OVMF Secure Boot scenarios (`make check-ovmf`, `make run-demo`), see ovmf-tests/README.md.

OVMF_OUT := $(BUILD)/ovmf
OVMF_CHAIN := $(OVMF_OUT)/chain-linux.efi
OVMF_KERNEL_UNSIGNED := $(OVMF_OUT)/vmlinuz.unsigned.efi
OVMF_KERNEL_SIGNED := $(OVMF_OUT)/vmlinuz.db.efi
OVMF_VARS_ENROLLED := $(OVMF_OUT)/vars-enrolled.fd
OVMF_PREREQS := $(OVMF_CHAIN) $(OVMF_KERNEL_UNSIGNED) $(OVMF_KERNEL_SIGNED) $(OVMF_VARS_ENROLLED)

# Debian's Microsoft-signed shim (verifier/verifier.mk names it: SHIM_DIR, SHIM_EFI) and the CA
# its signature chains to, extracted at build time for the shim scenarios' db. Without the
# unpacked shim these are not built and the shim-* scenarios skip.
SHIM_SIGNED := $(SHIM_EFI)
OVMF_MS_UEFI_CA := $(OVMF_OUT)/shim/ms-uefi-ca-2011.der
$(OVMF_MS_UEFI_CA): $(SHIM_SIGNED) ovmf-tests/shim-ms-ca.sh
	@mkdir -p $(@D)
	ovmf-tests/shim-ms-ca.sh $< $@
OVMF_PREREQS += $(if $(wildcard $(SHIM_SIGNED)),$(OVMF_MS_UEFI_CA))

# The test chain loader (ovmf-tests/efi/chain-linux.c), signed for db.
$(BUILD)/ovmf-tests/efi/%.o: ovmf-tests/efi/%.c
	@mkdir -p $(@D)
	$(CC) $(EFI_CFLAGS) -MMD -MP -c $< -o $@
-include $(BUILD)/ovmf-tests/efi/chain-linux.d
$(eval $(call efi_app,chain-linux,$(BUILD)/ovmf-tests/efi/chain-linux.o $(BUILD)/efi/chainload.o))
ALL_TARGETS += $(BUILD)/efi/chain-linux.efi

$(OVMF_CHAIN): $(BUILD)/efi/chain-linux.efi $(CERTS_STAMP)
	@mkdir -p $(@D)
	sbsign --key $(CERTS_DIR)/db.key --cert $(CERTS_DIR)/db.crt --output $@ $< 2>/dev/null

$(KERNEL_DIR)/vmlinuz:
	@echo "ovmf-tests: $@ is missing: run 'make deps' first" >&2; exit 1

# Debian's vmlinuz without its signature, and signed by our db only (sbsign would otherwise
# add ours after Debian's and the kernel's own verifier reads just the first).
$(OVMF_KERNEL_UNSIGNED): $(KERNEL_DIR)/vmlinuz
	@mkdir -p $(@D)
	cp $< $@.tmp && sbattach --remove $@.tmp && mv $@.tmp $@

$(OVMF_KERNEL_SIGNED): $(OVMF_KERNEL_UNSIGNED) $(CERTS_STAMP)
	sbsign --key $(CERTS_DIR)/db.key --cert $(CERTS_DIR)/db.crt --output $@ $< 2>/dev/null

# Project PK/KEK/db enrolled into an empty OVMF_VARS_4M.fd by efi/enroll-keys.c (one QEMU run).
$(OVMF_VARS_ENROLLED): $(BUILD)/efi/enroll-keys.efi $(CERTS_STAMP) ovmf-tests/make-vars.sh ovmf-tests/lib.sh
	BUILD=$(BUILD) CERTS_DIR=$(CERTS_DIR) ovmf-tests/make-vars.sh $@

.PHONY: check-ovmf run-demo ovmf-prereqs soak
ovmf-prereqs: $(OVMF_DEPS) $(OVMF_PREREQS)

check-ovmf: ovmf-prereqs
	@BUILD=$(BUILD) CERTS_DIR=$(CERTS_DIR) KERNEL_DIR=$(KERNEL_DIR) SHIM_DIR=$(SHIM_DIR) \
		OVMF_DEPS="$(OVMF_DEPS)" ovmf-tests/run.sh $(SCENARIOS)

# `make soak [N=20] [SOAK_SCENARIOS="kdump-signed debian-kdump-tools"]`: the Secure Boot kdump
# scenario(s) N times, one VM at a time (ovmf-tests/soak.sh); not part of `make check`.
SOAK_SCENARIOS ?= kdump-signed
soak: ovmf-prereqs
	@BUILD=$(BUILD) CERTS_DIR=$(CERTS_DIR) KERNEL_DIR=$(KERNEL_DIR) OVMF_DEPS="$(OVMF_DEPS)" \
		ovmf-tests/soak.sh $(or $(N),20) $(SOAK_SCENARIOS)

run-demo: ovmf-prereqs
	@BUILD=$(BUILD) CERTS_DIR=$(CERTS_DIR) KERNEL_DIR=$(KERNEL_DIR) SHIM_DIR=$(SHIM_DIR) \
		OVMF_DEPS="$(OVMF_DEPS)" ovmf-tests/demo.sh
