# SPDX-License-Identifier: GPL-2.0-or-later
# lib/: code shared by EFI, userspace, purgatory, unit tests and fuzzers, built here for the host.

LIB_SRCS := $(sort $(wildcard lib/*.c))
# The SHA-NI engine (SSE, its own target attributes) is for the host library and the purgatory
# only: it lives outside lib/*.c, so the EFI builds and the freestanding check below never see it.
LIB_SHA256_NI_SRC := lib/x86_64/sha256-ni.c
LIB_HOST_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_SRCS) $(LIB_SHA256_NI_SRC))
LIB_HOST := $(BUILD)/host/libsb.a

$(BUILD)/host/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

# The host lib/sha256.c can select that engine (sha256_select(); scalar by default).
$(BUILD)/host/lib/sha256.o: HOST_CFLAGS += -DSB_SHA256_NI

$(LIB_HOST): $(LIB_HOST_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

ALL_TARGETS += $(LIB_HOST)
-include $(LIB_HOST_OBJS:.o=.d)

# Freestanding check (part of `make`): every lib/ file must compile with the flags the EFI and
# purgatory builds use, against no libc header at all (only the compiler's stddef/stdint/
# stdbool), and may reference no symbol beyond the five string functions of lib/sb-string.h.
# Built without SB_SHA256_NI, as EFI is: lib/sha256.c has only its scalar engine here, and the
# check below also refuses any xmm/ymm/zmm register in the result.
LIB_FREESTANDING_CFLAGS := -std=gnu11 -O2 $(WARN_CFLAGS) -mgeneral-regs-only \
	-ffreestanding -DSB_FREESTANDING -fno-stack-protector -fshort-wchar -mno-red-zone \
	-fno-builtin -nostdinc -isystem $(shell $(CC) -print-file-name=include) -Ilib
LIB_FREESTANDING_OBJS := $(patsubst %.c,$(BUILD)/freestanding/%.o,$(LIB_SRCS))
LIB_ALLOWED_UNDEFINED := memcpy|memmove|memset|memcmp|strlen

$(BUILD)/freestanding/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(LIB_FREESTANDING_CFLAGS) -MMD -MP -c $< -o $@
# The flags live here: a change to them rebuilds the check.
$(LIB_FREESTANDING_OBJS): lib/lib.mk

# All of lib/ as one relocatable object: what is still undefined must come from the EFI or
# purgatory side, so it may only be the sb-string.h functions.
LIB_FREESTANDING := $(BUILD)/freestanding/libsb-freestanding.o
$(LIB_FREESTANDING): $(LIB_FREESTANDING_OBJS)
	$(LD) -r -o $@.tmp $^
	@bad=$$(nm -u $@.tmp | awk '{print $$2}' | grep -vxE '$(LIB_ALLOWED_UNDEFINED)' || true); \
	if [ -n "$$bad" ]; then \
		echo "lib/: freestanding build references symbols outside lib/sb-string.h:" $$bad; \
		rm -f $@.tmp; exit 1; \
	fi
	@if objdump -d $@.tmp | grep -qE '%[xyz]mm[0-9]'; then \
		echo "lib/: freestanding build uses SSE registers:"; objdump -d $@.tmp | grep -E '%[xyz]mm[0-9]' | head -3; \
		rm -f $@.tmp; exit 1; \
	fi
	@mv $@.tmp $@

.PHONY: lib-freestanding-check
lib-freestanding-check: $(LIB_FREESTANDING)
	@echo "lib/: $(words $(LIB_SRCS)) files build freestanding; undefined: $$(nm -u $(LIB_FREESTANDING) | awk '{print $$2}' | tr '\n' ' ')"

ALL_TARGETS += $(LIB_FREESTANDING)
-include $(LIB_FREESTANDING_OBJS:.o=.d)
