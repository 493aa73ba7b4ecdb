# SPDX-License-Identifier: GPL-2.0-or-later
# purgatory/: the freestanding x86_64 purgatory, turned into a C byte array for kexec
# (kexec/x86_64/x86_64.mk builds the planning code that fills it).

# --- freestanding purgatory -------------------------------------------------------------
# No libc, no SSE/MMX/x87 (the kernel's FPU state is not ours), no red zone, no stack
# protector; -fpie and a -pie link with an empty .rela.dyn (asserted in purgatory.lds) make the
# blob position-independent, so kexec needs no relocation step.
PURGATORY_CFLAGS := -std=gnu11 -Os -g $(WARN_CFLAGS) \
	-ffreestanding -fno-builtin -nostdlib -fno-stack-protector -fno-stack-check \
	-fcf-protection=none -mgeneral-regs-only -mno-sse -mno-mmx -mno-red-zone \
	-fpie -fvisibility=hidden -fno-asynchronous-unwind-tables -fno-unwind-tables \
	-fno-common -fno-jump-tables -fno-tree-loop-distribute-patterns \
	-DSB_FREESTANDING -DSB_SHA256_NI -Ilib -Ipurgatory
PURGATORY_LDFLAGS := -m elf_x86_64 -pie --no-dynamic-linker -z noexecstack -z norelro \
	--no-undefined --no-warn-rwx-segments --build-id=none -T purgatory/purgatory.lds

# lib/x86_64/sha256-ni.c is the one object built with SSE allowed (its functions carry their
# own target("sha,sse4.1,ssse3")): same flags minus the SIMD bans, -O2 for speed. The linker
# script puts its code alone in .text.sse; entry.S enables SSE before any C runs.
PURGATORY_SSE_CFLAGS := $(filter-out -Os -mgeneral-regs-only -mno-sse -mno-mmx,$(PURGATORY_CFLAGS)) -O2

PURGATORY_DIR := $(BUILD)/purgatory
PURGATORY_OBJS := $(PURGATORY_DIR)/obj/entry.o $(PURGATORY_DIR)/obj/purgatory.o \
	$(PURGATORY_DIR)/obj/verify.o $(PURGATORY_DIR)/obj/serial.o \
	$(PURGATORY_DIR)/obj/freestanding-string.o $(PURGATORY_DIR)/obj/sha256.o \
	$(PURGATORY_DIR)/obj/sha256-ni.o
PURGATORY_ELF := $(PURGATORY_DIR)/purgatory.elf
PURGATORY_BIN := $(PURGATORY_DIR)/purgatory.bin
PURGATORY_BLOB_C := $(PURGATORY_DIR)/purgatory-blob.c
PURGATORY_OFFSETS_H := $(PURGATORY_DIR)/purgatory-offsets.h
# What kexec links: the blob as a host object (include purgatory/purgatory-blob.h to use it).
PURGATORY_BLOB_OBJ := $(PURGATORY_DIR)/purgatory-blob.o

$(PURGATORY_DIR)/obj/%.o: purgatory/%.c
	@mkdir -p $(@D)
	$(CC) $(PURGATORY_CFLAGS) -MMD -MP -c $< -o $@

$(PURGATORY_DIR)/obj/%.o: purgatory/%.S
	@mkdir -p $(@D)
	$(CC) $(PURGATORY_CFLAGS) -MMD -MP -c $< -o $@

# lib/'s freestanding string functions (the EFI builds use the same file).
$(PURGATORY_DIR)/obj/freestanding-string.o: lib/freestanding/string.c
	@mkdir -p $(@D)
	$(CC) $(PURGATORY_CFLAGS) -MMD -MP -c $< -o $@

# The same lib/sha256.c the host tests check against OpenSSL, compiled freestanding, with its
# engine choice (SB_SHA256_NI): scalar unless purgatory_main() selects SHA-NI.
$(PURGATORY_DIR)/obj/sha256.o: lib/sha256.c
	@mkdir -p $(@D)
	$(CC) $(PURGATORY_CFLAGS) -MMD -MP -c $< -o $@

$(PURGATORY_DIR)/obj/sha256-ni.o: lib/x86_64/sha256-ni.c
	@mkdir -p $(@D)
	$(CC) $(PURGATORY_SSE_CFLAGS) -MMD -MP -c $< -o $@

$(PURGATORY_ELF): $(PURGATORY_OBJS) purgatory/purgatory.lds
	$(LD) $(PURGATORY_LDFLAGS) -o $@ $(PURGATORY_OBJS)

$(PURGATORY_BIN): $(PURGATORY_ELF)
	objcopy -O binary -j .text -j .text.sse -j .rodata -j .data $< $@

$(PURGATORY_BLOB_C) $(PURGATORY_OFFSETS_H) &: $(PURGATORY_ELF) $(PURGATORY_BIN) purgatory/gen-blob.sh
	purgatory/gen-blob.sh $(PURGATORY_ELF) $(PURGATORY_BIN) $(PURGATORY_BLOB_C) $(PURGATORY_OFFSETS_H)

$(PURGATORY_BLOB_OBJ): $(PURGATORY_BLOB_C) $(PURGATORY_OFFSETS_H) purgatory/purgatory-blob.h
	$(CC) $(HOST_CFLAGS) -Ipurgatory -I$(PURGATORY_DIR) -c $< -o $@

.PHONY: purgatory
purgatory: $(PURGATORY_BLOB_OBJ)

# --- host builds for the tests ------------------------------------------------------------
# The purgatory's verification code compiled for the host (tests run it on real buffers).
PURGATORY_VERIFY_HOST_OBJ := $(BUILD)/host/purgatory/verify.o
# The flags are in this file: changing them rebuilds the purgatory.
$(PURGATORY_OBJS): purgatory/purgatory.mk

ALL_TARGETS += purgatory $(PURGATORY_VERIFY_HOST_OBJ)
# Built by lib.mk's pattern rule only as a test prerequisite: keep make from deleting it.
.SECONDARY: $(PURGATORY_VERIFY_HOST_OBJ)

TEST_EXTRA_test-purgatory := $(PURGATORY_VERIFY_HOST_OBJ) $(BUILD)/host/kexec/x86_64/purgatory-params.o \
	$(PURGATORY_BLOB_OBJ)

# tests/test-purgatory-freestanding.sh inspects the linked ELF.
check-unit: $(PURGATORY_ELF) $(PURGATORY_BIN)

-include $(PURGATORY_OBJS:.o=.d)
