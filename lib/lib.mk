# SPDX-License-Identifier: GPL-2.0-or-later
# lib/: code shared by EFI, userspace, purgatory, unit tests and fuzzers, built here for the host.

LIB_SRCS := $(sort $(wildcard lib/*.c))
LIB_HOST_OBJS := $(patsubst %.c,$(BUILD)/host/%.o,$(LIB_SRCS))
LIB_HOST := $(BUILD)/host/libsb.a

$(BUILD)/host/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

$(LIB_HOST): $(LIB_HOST_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

ALL_TARGETS += $(LIB_HOST)
-include $(LIB_HOST_OBJS:.o=.d)
