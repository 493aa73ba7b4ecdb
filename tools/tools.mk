# SPDX-License-Identifier: GPL-2.0-or-later
# tools/: `make bench` (kexec verification, Authenticode digest, SHA-256 and binary size against peers,
# tools/bench.sh) and `make install` of the site tools (make-carrier, ima-apply, sign-ima, sign-efi).

$(BUILD)/tools/bench-digest: tools/bench-digest.c $(LIB_HOST)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $< $(LIB_HOST) -lcrypto $(HOST_LDFLAGS) -o $@

.PHONY: bench-kexec
bench-kexec: $(KEXEC_BIN) $(BUILD)/tests/pe-digest $(BUILD)/tools/bench-digest \
		$(BUILD)/tools/bench-sha256 $(CERTS_STAMP)
	@BUILD=$(BUILD) CERTS_DIR=$(CERTS_DIR) KERNEL_DIR=$(KERNEL_DIR) tools/bench.sh
bench: bench-kexec

# `make install`: the site tools beside the carrier stub (efi/carrier.mk installs it there).
# make-carrier finds the stub in its own directory; ima-apply applies $(PKGLIBDIR)/ima/*.sig.
.PHONY: install-tools
install-tools:
	install -D -m 0755 tools/make-carrier $(DESTDIR)$(PKGLIBDIR)/make-carrier
	install -D -m 0755 tools/sign-efi $(DESTDIR)$(PKGLIBDIR)/sign-efi
	install -D -m 0755 tools/sign-ima $(DESTDIR)$(PKGLIBDIR)/sign-ima
	install -D -m 0755 tools/ima-apply $(DESTDIR)$(PKGLIBDIR)/ima-apply
INSTALL_RULES += install-tools
