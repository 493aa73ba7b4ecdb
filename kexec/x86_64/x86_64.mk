# SPDX-License-Identifier: GPL-2.0-or-later
# kexec/x86_64/: the kexec_load(2) planning code (bzImage, memory ranges, e820, boot_params, crash
# ELF header, purgatory parameters), built as host objects for kexec and the unit tests.

KEXEC_X86_64_SRCS := $(sort $(wildcard kexec/x86_64/*.c))
KEXEC_X86_64_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(KEXEC_X86_64_SRCS))

ALL_TARGETS += $(KEXEC_X86_64_OBJS)

TEST_EXTRA_test-bzimage := $(BUILD)/host/kexec/x86_64/bzimage.o
TEST_EXTRA_test-memory-ranges := $(BUILD)/host/kexec/x86_64/memory-ranges.o
TEST_EXTRA_test-e820 := $(BUILD)/host/kexec/x86_64/e820.o $(BUILD)/host/kexec/x86_64/boot-params.o \
	$(BUILD)/host/kexec/x86_64/memory-ranges.o $(BUILD)/host/kexec/x86_64/bzimage.o
TEST_EXTRA_test-crashdump := $(BUILD)/host/kexec/x86_64/crashdump.o \
	$(BUILD)/host/kexec/x86_64/memory-ranges.o
# The probe on trees built from the recorded samples; it reads files through kexec's file-io.o.
TEST_EXTRA_test-probe := $(BUILD)/host/kexec/x86_64/probe.o $(BUILD)/host/kexec/x86_64/memory-ranges.o \
	$(BUILD)/host/kexec/x86_64/boot-params-efi.o $(BUILD)/host/kexec/x86_64/boot-params.o \
	$(BUILD)/host/kexec/x86_64/crashdump.o $(BUILD)/verifier/file-io.o
# The whole planner, with the purgatory blob it fills (purgatory/purgatory.mk, included later:
# hence `=`).
TEST_EXTRA_test-load-plan = $(KEXEC_X86_64_OBJS) $(PURGATORY_BLOB_OBJ) $(BUILD)/verifier/file-io.o \
	$(BUILD)/host/purgatory/verify.o

-include $(KEXEC_X86_64_OBJS:.o=.d)
