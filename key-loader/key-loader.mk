# SPDX-License-Identifier: GPL-2.0-or-later
# key-loader/: the static key-loader binary; it links the kexec objects (all but kexec's main.o)
# for Authenticode verification, trust anchors and revocation.

KEY_LOADER_SRCS := $(sort $(wildcard key-loader/*.c))
KEY_LOADER_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(KEY_LOADER_SRCS))
KEY_LOADER_BIN := $(BUILD)/key-loader/key-loader
# kexec's objects without its main() (kexec/kexec.mk is included before this fragment);
# kexec-load.o needs the purgatory objects to link.
KEY_LOADER_KEXEC_OBJS := $(filter-out $(BUILD)/kexec/main.o,$(KEXEC_OBJS)) $(KEXEC_LOAD_OBJS)

$(BUILD)/key-loader/%.o: key-loader/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -I. -MMD -MP -c $< -o $@

$(KEY_LOADER_BIN): $(KEY_LOADER_OBJS) $(KEY_LOADER_KEXEC_OBJS) $(LIB_HOST)
	$(CC) $(KEXEC_LDFLAGS) -o $@ $(KEY_LOADER_OBJS) $(KEY_LOADER_KEXEC_OBJS) $(LIB_HOST) $(KEXEC_LIBS)

ALL_TARGETS += $(KEY_LOADER_BIN)
OVMF_DEPS += $(KEY_LOADER_BIN)
-include $(KEY_LOADER_OBJS:.o=.d)

.PHONY: install-key-loader
install-key-loader: $(KEY_LOADER_BIN)
	install -D -s -m 0755 $(KEY_LOADER_BIN) $(DESTDIR)$(SBINDIR)/key-loader
	install -D -m 0644 key-loader/key-loader.8 $(DESTDIR)$(MANDIR)/man8/key-loader.8
	install -D -m 0644 key-loader/sbkexec-import-keys.service $(DESTDIR)$(SYSTEMDUNITDIR)/sbkexec-import-keys.service
INSTALL_RULES += install-key-loader

# Host tests (tests/test-key-loader.sh) need the binary, the PKI and the carrier stub.
check-unit: $(KEY_LOADER_BIN) $(CARRIER_STUB) $(CERTS_STAMP)
