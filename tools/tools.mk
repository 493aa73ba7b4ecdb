# SPDX-License-Identifier: GPL-2.0-or-later
# tools/: `make bench` -> BENCHMARKS.md and `make install` of the site tools (make-carrier, ima-apply,
# sign-ima, sign-efi).
#
# (tools/bench-purgatory.sh) and kdump in a VM (tools/bench-vm.sh), one section each under
# $(BUILD)/bench/sections, put together by tools/bench-report.sh. One after the other, never in
# parallel: they time each other's machine.
BENCH_SECTIONS := $(BUILD)/bench/sections

$(BUILD)/tools/bench-digest: tools/bench-digest.c $(LIB_HOST)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $< $(LIB_HOST) -lcrypto $(HOST_LDFLAGS) -o $@

# The purgatory blob and the kexec side that fills it (purgatory/purgatory.mk, kexec/x86_64/x86_64.mk).
$(BUILD)/tools/bench-purgatory: tools/bench-purgatory.c $(LIB_HOST) $(BUILD)/purgatory/purgatory-blob.o \
		$(BUILD)/host/kexec/x86_64/purgatory-params.o
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $< $(BUILD)/host/kexec/x86_64/purgatory-params.o $(BUILD)/purgatory/purgatory-blob.o \
		$(LIB_HOST) -lcrypto $(HOST_LDFLAGS) -o $@

.PHONY: bench-kexec bench-purgatory bench-vm bench-verify-io
# Issue #13 point 1: kexec --verify-only against sbverify, osslsigncode and openssl dgst.
bench-verify-io: $(KEXEC_BIN) $(CERTS_STAMP)
	@mkdir -p $(BENCH_SECTIONS)
	@BUILD=$(BUILD) CERTS_DIR=$(CERTS_DIR) KERNEL_DIR=$(KERNEL_DIR) \
		tools/bench-verify-io.sh $(BENCH_SECTIONS)/10-verification-io.md

bench-kexec: $(KEXEC_BIN) $(BUILD)/tests/pe-digest $(BUILD)/tools/bench-digest \
		$(BUILD)/tools/bench-sha256 $(CERTS_STAMP)
	@mkdir -p $(BENCH_SECTIONS)
	@BUILD=$(BUILD) CERTS_DIR=$(CERTS_DIR) KERNEL_DIR=$(KERNEL_DIR) BENCH_MD=$(BENCH_SECTIONS)/20-kexec-peers.md \
		tools/bench.sh

bench-purgatory: $(BUILD)/tools/bench-purgatory $(BUILD)/purgatory/purgatory.elf
	@mkdir -p $(BENCH_SECTIONS)
	@BUILD=$(BUILD) tools/bench-purgatory.sh $(BENCH_SECTIONS)/30-purgatory-sha256.md

bench-vm: ovmf-prereqs
	@mkdir -p $(BENCH_SECTIONS)
	@BUILD=$(BUILD) CERTS_DIR=$(CERTS_DIR) KERNEL_DIR=$(KERNEL_DIR) OVMF_DEPS="$(OVMF_DEPS)" \
		tools/bench-vm.sh $(BENCH_SECTIONS)/50-vm-kdump.md

bench:
	@rm -rf $(BENCH_SECTIONS)
	@$(MAKE) --no-print-directory bench-verify-io
	@$(MAKE) --no-print-directory bench-kexec
	@$(MAKE) --no-print-directory bench-purgatory
	@$(MAKE) --no-print-directory bench-vm
	@tools/bench-report.sh BENCHMARKS.md $(BENCH_SECTIONS)

# `make install`: the site tools beside the carrier stub (efi/carrier.mk installs it there).
# make-carrier finds the stub in its own directory; ima-apply applies $(PKGLIBDIR)/ima/*.sig.
.PHONY: install-tools
install-tools:
	install -D -m 0755 tools/make-carrier $(DESTDIR)$(PKGLIBDIR)/make-carrier
	install -D -m 0755 tools/sign-efi $(DESTDIR)$(PKGLIBDIR)/sign-efi
	install -D -m 0755 tools/sign-ima $(DESTDIR)$(PKGLIBDIR)/sign-ima
	install -D -m 0755 tools/ima-apply $(DESTDIR)$(PKGLIBDIR)/ima-apply
INSTALL_RULES += install-tools
