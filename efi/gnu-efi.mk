# SPDX-License-Identifier: GPL-2.0-or-later
# efi/gnu-efi.mk: generic rules to build x86_64 EFI applications with gnu-efi (included before other parts).
#
# Declare an app NAME made of objects OBJS (each $(BUILD)/efi/X.o is compiled from efi/X.c):
#     $(eval $(call efi_app,NAME,$(BUILD)/efi/NAME.o $(EFI_LIB_OBJS)))
# which gives $(BUILD)/efi/NAME.so (ELF, linked with --no-undefined) and the unsigned PE32+
# $(BUILD)/efi/NAME.efi. $(EFI_LIB_OBJS) are lib/*.c compiled freestanding for EFI (the same
# code the host tests link); $(EFI_RUNTIME_OBJS) (added by efi_app) supplies the string
# functions lib/sb-string.h promises that gnu-efi's libefi lacks. Signing is a separate step:
#     sbsign --key $(CERTS_DIR)/db.key --cert $(CERTS_DIR)/db.crt --output X.signed.efi X.efi

EFI_INC ?= /usr/include/efi
EFI_LIBDIR ?= /usr/lib
EFI_CRT0 := $(EFI_LIBDIR)/crt0-efi-x86_64.o
EFI_LDS := $(EFI_LIBDIR)/elf_x86_64_efi.lds

# -mno-red-zone: firmware interrupts run on our stack; -fshort-wchar: CHAR16 literals (L"...");
# GNU_EFI_USE_MS_ABI: call firmware services directly with __attribute__((ms_abi)).
# -mgeneral-regs-only: no SSE unless the code enables it itself (firmware does not promise it).
EFI_CFLAGS := -std=gnu11 -O2 -g $(WARN_CFLAGS) \
	-ffreestanding -fno-stack-protector -fno-stack-check -fpic -fshort-wchar -mno-red-zone \
	-maccumulate-outgoing-args -mgeneral-regs-only -fno-strict-aliasing \
	-DSB_FREESTANDING -DGNU_EFI_USE_MS_ABI -DEFI_FUNCTION_WRAPPER \
	-I$(EFI_INC) -I$(EFI_INC)/x86_64 -I$(EFI_INC)/protocol -Ilib -Iefi
EFI_LDFLAGS := -nostdlib -znocombreloc -shared -Bsymbolic --no-undefined \
	-T $(EFI_LDS) -L$(EFI_LIBDIR)
EFI_LDLIBS := -lefi -lgnuefi
# Sections copied into the PE image; .sbat/.keylist/... added later with objcopy are kept too.
EFI_SECTIONS := -j .text -j .sdata -j .data -j .dynamic -j .dynsym -j .rel -j .rela \
	-j '.rel.*' -j '.rela.*' -j .reloc -j .sbat

EFI_LIB_OBJS := $(patsubst lib/%.c,$(BUILD)/efi/lib/%.o,$(sort $(wildcard lib/*.c)))
EFI_RUNTIME_OBJS := $(BUILD)/efi/lib/freestanding-string.o

$(BUILD)/efi/lib/%.o: lib/%.c
	@mkdir -p $(@D)
	$(CC) $(EFI_CFLAGS) -MMD -MP -c $< -o $@

# The purgatory compiles the same file; libefi already has memcpy/memset.
$(BUILD)/efi/lib/freestanding-string.o: lib/freestanding/string.c
	@mkdir -p $(@D)
	$(CC) $(EFI_CFLAGS) -DSB_HAVE_MEMCPY_MEMSET -MMD -MP -c $< -o $@

$(BUILD)/efi/%.o: efi/%.c
	@mkdir -p $(@D)
	$(CC) $(EFI_CFLAGS) -MMD -MP -c $< -o $@

# efi_app NAME, OBJS: link $(BUILD)/efi/NAME.so from OBJS, crt0 and gnu-efi's libraries.
define efi_app
$(BUILD)/efi/$(1).so: $(2) $(EFI_RUNTIME_OBJS) $(EFI_CRT0) $(EFI_LDS)
	@mkdir -p $$(@D)
	$(LD) $(EFI_LDFLAGS) $(EFI_CRT0) $(2) $(EFI_RUNTIME_OBJS) -o $$@ $(EFI_LDLIBS)
EFI_APPS += $(BUILD)/efi/$(1).efi
-include $(patsubst %.o,%.d,$(2))
endef

# ELF to PE32+; --subsystem=10 is EFI_APPLICATION. The relocations in .rela are turned into
# .reloc by gnu-efi's _relocate at start-up (crt0), so no PE base relocations are needed.
$(BUILD)/efi/%.efi: $(BUILD)/efi/%.so
	objcopy $(EFI_SECTIONS) --target efi-app-x86_64 --subsystem=10 $< $@

-include $(EFI_LIB_OBJS:.o=.d) $(EFI_RUNTIME_OBJS:.o=.d)
