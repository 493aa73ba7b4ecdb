# SPDX-License-Identifier: GPL-2.0-or-later
# key-loader/: the static key-loader binary; it links the verifier library (Authenticode, anchors,
# revocation, efivarfs and keyrings) and lib/, and nothing of kexec's
# (tests/test-key-loader-link.sh checks that with nm).

KEY_LOADER_SRCS := $(sort $(wildcard key-loader/*.c))
KEY_LOADER_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(KEY_LOADER_SRCS))
KEY_LOADER_BIN := $(BUILD)/key-loader/key-loader

$(BUILD)/key-loader/%.o: key-loader/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -I. -MMD -MP -c $< -o $@

# ASan cannot link statically: SANITIZE=1 builds a dynamic binary for the tests.
ifeq ($(SANITIZE),1)
KEY_LOADER_LDFLAGS := $(HOST_LDFLAGS)
else
KEY_LOADER_LDFLAGS := -static
endif

$(KEY_LOADER_BIN): $(KEY_LOADER_OBJS) $(VERIFIER_LIB) $(LIB_HOST)
	$(CC) $(KEY_LOADER_LDFLAGS) -o $@ $(KEY_LOADER_OBJS) $(VERIFIER_LIB) $(LIB_HOST) $(VERIFIER_LIBS)

# What `make install` installs (stripped; its IMA signature is made from these bytes).
KEY_LOADER_INSTALLED := $(INSTALL_FORM_DIR)/key-loader
$(KEY_LOADER_INSTALLED): $(KEY_LOADER_BIN)
	$(install_form)

ALL_TARGETS += $(KEY_LOADER_BIN) $(KEY_LOADER_INSTALLED)
OVMF_DEPS += $(KEY_LOADER_BIN)
-include $(KEY_LOADER_OBJS:.o=.d)

.PHONY: install-key-loader
install-key-loader: $(KEY_LOADER_INSTALLED)
	install -D -m 0755 $(KEY_LOADER_INSTALLED) $(DESTDIR)$(SBINDIR)/key-loader
	install -D -m 0644 key-loader/key-loader.8 $(DESTDIR)$(MANDIR)/man8/key-loader.8
	install -D -m 0644 key-loader/sbkexec-import-keys.service $(DESTDIR)$(SYSTEMDUNITDIR)/sbkexec-import-keys.service
INSTALL_RULES += install-key-loader

# Host tests (tests/test-key-loader.sh) need the binary, the PKI and the carrier stub.
check-unit: $(KEY_LOADER_BIN) $(CARRIER_STUB) $(CERTS_STAMP)
# tests/test-key-loader-crosscheck.sh writes its TPM event logs with tests/make-tcg-log.
tests/test-key-loader-crosscheck.sh: $(KEY_LOADER_BIN) $(BUILD)/tests/make-tcg-log
