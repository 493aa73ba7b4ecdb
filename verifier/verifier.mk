# SPDX-License-Identifier: GPL-2.0-or-later
# verifier/: the trust decisions kexec and key-loader share, as one static library (verifier/README.md).
# Included by the top Makefile right after lib/lib.mk, so the parts that link it can name
# $(VERIFIER_LIB) in their prerequisites.

VERIFIER_SRCS := $(sort $(wildcard verifier/*.c))
VERIFIER_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(VERIFIER_SRCS))
VERIFIER_LIB := $(BUILD)/verifier/libverifier.a
# What a program linking the verifier links after it (and $(LIB_HOST)).
VERIFIER_LIBS := -lcrypto -lkeyutils -lpthread

$(BUILD)/verifier/%.o: verifier/%.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -I. -MMD -MP -c $< -o $@

$(VERIFIER_LIB): $(VERIFIER_OBJS)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $^

ALL_TARGETS += $(VERIFIER_LIB)
-include $(VERIFIER_OBJS:.o=.d)
