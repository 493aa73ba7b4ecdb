# SPDX-License-Identifier: GPL-2.0-or-later
# efi/enroll.mk: the test helper that enrols the test PKI into an empty OVMF VARS file.

$(eval $(call efi_app,enroll-keys,$(BUILD)/efi/enroll-keys.o))
ALL_TARGETS += $(BUILD)/efi/enroll-keys.efi
OVMF_DEPS += $(BUILD)/efi/enroll-keys.efi
