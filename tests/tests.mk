# SPDX-License-Identifier: GPL-2.0-or-later
# tests/: every tests/test-*.c is a host test program linked with lib/ and OpenSSL;
# every executable tests/test-*.sh is run as is (from the top directory, with BUILD exported).
#
# A test that needs more objects sets TEST_EXTRA_<name> (e.g. TEST_EXTRA_test-carrier);
# one that needs generated data sets TEST_DATA_<name> (built before it runs).

export BUILD
TEST_C_SRCS := $(sort $(wildcard tests/test-*.c))
TEST_SH := $(sort $(wildcard tests/test-*.sh))
TEST_BINS := $(patsubst tests/%.c,$(BUILD)/tests/%,$(TEST_C_SRCS))

.SECONDEXPANSION:
$(BUILD)/tests/test-%: tests/test-%.c $(LIB_HOST) $$(TEST_EXTRA_test-$$*) $$(TEST_DATA_test-$$*)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -I. -Itests $< $(TEST_EXTRA_test-$*) $(LIB_HOST) -lcrypto $(HOST_LDFLAGS) -o $@

UNIT_TESTS += $(TEST_BINS) $(TEST_SH)
