# SPDX-License-Identifier: GPL-2.0-or-later
# `make bench` part: kexec verification, Authenticode digest, SHA-256 and binary size against peers (tools/bench.sh).

$(BUILD)/tools/bench-digest: tools/bench-digest.c $(LIB_HOST)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $< $(LIB_HOST) -lcrypto $(HOST_LDFLAGS) -o $@

.PHONY: bench-kexec
bench-kexec: $(KEXEC_BIN) $(BUILD)/tests/pe-digest $(BUILD)/tools/bench-digest \
		$(BUILD)/tools/bench-sha256 $(CERTS_STAMP)
	@BUILD=$(BUILD) CERTS_DIR=$(CERTS_DIR) KERNEL_DIR=$(KERNEL_DIR) tools/bench.sh
bench: bench-kexec
