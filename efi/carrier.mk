# SPDX-License-Identifier: GPL-2.0-or-later
# efi/carrier.mk: the key carrier stub, `make carrier` (assembly without a compiler) and its host tests.
#
#   make carrier CERTS="a.der b.pem" CHAIN='\EFI\BOOT\linux.efi' CMDLINE='...' [SBAT=file]
#                [MACHINE_KEYRING=1] [SHIM_ALLOWLIST=1] OUT=x.efi
# adds .keylist/.sbat/.chain/.cmdline to the prebuilt stub with objcopy; sign afterwards
# (see efi/README.md), or at once with SIGN_KEY=key.pem|'pkcs11:...' SIGN_CERT=cert.pem
# (tools/sign-efi: sbsign, with OpenSSL's pkcs11 engine for a key in a token).

# The logic (no firmware calls of its own: everything goes through struct carrier_ops), built
# for EFI and for the host tests: the run, its plan/commit halves, TPM measurements, .options,
# console lines.
CARRIER_LOGIC := efi/carrier-publish.c efi/carrier-plan.c efi/carrier-build.c \
	efi/carrier-commit.c efi/carrier-measure.c efi/carrier-options.c efi/carrier-console.c \
	efi/carrier-msg.c
CARRIER_STUB := $(BUILD)/efi/carrier-stub.efi

$(eval $(call efi_app,carrier-stub,$(BUILD)/efi/carrier-main.o $(BUILD)/efi/chainload.o $(BUILD)/efi/tcg2.o $(patsubst efi/%.c,$(BUILD)/efi/%.o,$(CARRIER_LOGIC)) $(EFI_LIB_OBJS)))
ALL_TARGETS += $(CARRIER_STUB)
OVMF_DEPS += $(CARRIER_STUB)

# Host build of the same logic for tests/test-carrier.c, against tests/fake-efi.c.
TEST_EXTRA_test-carrier := $(patsubst %.c,$(BUILD)/host/%.o,$(CARRIER_LOGIC)) $(BUILD)/host/tests/fake-efi.o
$(BUILD)/host/efi/%.o $(BUILD)/host/tests/fake-efi.o: HOST_CFLAGS += -Iefi -Itests
$(BUILD)/tests/test-carrier: HOST_CFLAGS += -Iefi

.PHONY: carrier
carrier: $(CARRIER_STUB)
	@test -n "$(OUT)" || { echo "make carrier: OUT=file.efi is required" >&2; exit 1; }
	tools/make-carrier --stub $(CARRIER_STUB) $(foreach c,$(CERTS),--cert $(c)) \
		$(if $(CHAIN),--chain '$(CHAIN)') $(if $(CMDLINE),--cmdline '$(CMDLINE)') \
		$(if $(SBAT),--sbat $(SBAT)) $(if $(filter 1,$(MACHINE_KEYRING)),--machine-keyring) \
		$(if $(filter 1,$(SHIM_ALLOWLIST)),--shim-allowlist) \
		--output $(if $(SIGN_KEY),$(OUT).unsigned,$(OUT))
	$(if $(SIGN_KEY),tools/sign-efi --key '$(SIGN_KEY)' --cert $(SIGN_CERT) --output $(OUT) $(OUT).unsigned && rm -f $(OUT).unsigned)

-include $(patsubst %.c,$(BUILD)/host/%.d,$(CARRIER_LOGIC)) $(BUILD)/host/tests/fake-efi.d

# A sample carrier for tests/test-carrier-image.c and tests/test-carrier-assembly.sh.
CARRIER_SAMPLE := $(BUILD)/tests/carrier-sample.efi
$(CARRIER_SAMPLE): $(CARRIER_STUB) tools/make-carrier $(CERTS_DIR)/kexec-ca.der $(CERTS_DIR)/kernel-signing.crt
	@mkdir -p $(@D)
	tools/make-carrier --stub $(CARRIER_STUB) --cert $(CERTS_DIR)/kexec-ca.der \
		--cert $(CERTS_DIR)/kernel-signing.crt --chain '\EFI\BOOT\linux.efi' \
		--cmdline 'console=ttyS0 initrd=\EFI\BOOT\initrd.img' --output $@
TEST_DATA_test-carrier-image := $(CARRIER_SAMPLE)
# The shell test assembles its own carriers from the stub and the test PKI (a recipe-less rule:
# check-unit builds these before it runs the script).
tests/test-carrier-assembly.sh: $(CARRIER_STUB) $(CERTS_STAMP)

# `make install`: the stub, for make-carrier (installed by tools/tools.mk) to assemble carriers.
.PHONY: install-carrier-stub
install-carrier-stub: $(CARRIER_STUB)
	install -D -m 0644 $(CARRIER_STUB) $(DESTDIR)$(PKGLIBDIR)/carrier-stub.efi
INSTALL_RULES += install-carrier-stub
