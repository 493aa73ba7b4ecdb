# SPDX-License-Identifier: GPL-2.0-or-later
# lib/'s host tests: generated corpora and the pe-digest oracle helper (the fuzz targets and
# their replays: tests/fuzz/fuzz.mk).

TEST_TOOL_CFLAGS = $(HOST_CFLAGS) -Itests

# Synthetic PE images shared by the corpus generator, test-pe and test-uki.
TEST_EXTRA_test-pe := tests/gen-pe-image.c
TEST_EXTRA_test-uki := tests/gen-pe-image.c

# The PE negative corpus: tests/gen-pe-corpus.c holds the table (file, layout, expected code).
PE_CORPUS_DIR := $(BUILD)/tests/pe-corpus
$(BUILD)/tests/gen-pe-corpus: tests/gen-pe-corpus.c tests/gen-pe-image.c tests/gen-pe-image.h
	@mkdir -p $(@D)
	$(CC) $(TEST_TOOL_CFLAGS) tests/gen-pe-corpus.c tests/gen-pe-image.c $(HOST_LDFLAGS) -o $@
$(PE_CORPUS_DIR)/manifest: $(BUILD)/tests/gen-pe-corpus
	@rm -rf $(PE_CORPUS_DIR) && mkdir -p $(PE_CORPUS_DIR)
	$(BUILD)/tests/gen-pe-corpus $(PE_CORPUS_DIR)
TEST_DATA_test-pe-corpus := $(PE_CORPUS_DIR)/manifest

# The ESL negative corpus, same style (tests/gen-esl-corpus.c).
ESL_CORPUS_DIR := $(BUILD)/tests/esl-corpus
$(BUILD)/tests/gen-esl-corpus: tests/gen-esl-corpus.c $(LIB_HOST)
	@mkdir -p $(@D)
	$(CC) $(TEST_TOOL_CFLAGS) tests/gen-esl-corpus.c $(LIB_HOST) -lcrypto $(HOST_LDFLAGS) -o $@
$(ESL_CORPUS_DIR)/manifest: $(BUILD)/tests/gen-esl-corpus
	@rm -rf $(ESL_CORPUS_DIR) && mkdir -p $(ESL_CORPUS_DIR)
	$(BUILD)/tests/gen-esl-corpus $(ESL_CORPUS_DIR)
TEST_DATA_test-esl := $(ESL_CORPUS_DIR)/manifest

# The TPM event-log corpus, same style (tests/gen-tcg-corpus.c); test-tcg-eventlog shares its
# log writer (tests/gen-tcg-log.c, digests by OpenSSL) and reads the recorded OVMF+swtpm sample.
TCG_CORPUS_DIR := $(BUILD)/tests/tcg-corpus
$(BUILD)/tests/gen-tcg-corpus: tests/gen-tcg-corpus.c tests/gen-tcg-log.c tests/gen-tcg-log.h $(LIB_HOST)
	@mkdir -p $(@D)
	$(CC) $(TEST_TOOL_CFLAGS) tests/gen-tcg-corpus.c tests/gen-tcg-log.c $(LIB_HOST) -lcrypto $(HOST_LDFLAGS) -o $@
$(TCG_CORPUS_DIR)/manifest: $(BUILD)/tests/gen-tcg-corpus
	@rm -rf $(TCG_CORPUS_DIR) && mkdir -p $(TCG_CORPUS_DIR)
	$(BUILD)/tests/gen-tcg-corpus $(TCG_CORPUS_DIR)
TEST_EXTRA_test-tcg-eventlog := tests/gen-tcg-log.c
$(BUILD)/tests/make-tcg-log: tests/make-tcg-log.c tests/gen-tcg-log.c tests/gen-tcg-log.h $(LIB_HOST)
	@mkdir -p $(@D)
	$(CC) $(TEST_TOOL_CFLAGS) tests/make-tcg-log.c tests/gen-tcg-log.c $(LIB_HOST) -lcrypto $(HOST_LDFLAGS) -o $@
TEST_DATA_test-tcg-eventlog := $(TCG_CORPUS_DIR)/manifest

# Our Authenticode digest of a file, compared with sbsign/osslsigncode by test-authenticode.sh.
$(BUILD)/tests/pe-digest: tests/pe-digest.c $(LIB_HOST)
	@mkdir -p $(@D)
	$(CC) $(TEST_TOOL_CFLAGS) $< $(LIB_HOST) $(HOST_LDFLAGS) -o $@

# Shell tests have no build rule of their own: these prerequisites get their inputs built
# before `make check-unit` runs them.
tests/test-authenticode.sh: $(BUILD)/tests/pe-digest

# `make bench` part: lib/sha256.c throughput against OpenSSL (ratio printed).
$(BUILD)/tools/bench-sha256: tools/bench-sha256.c $(LIB_HOST)
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) $< $(LIB_HOST) -lcrypto $(HOST_LDFLAGS) -o $@
.PHONY: bench-sha256
bench-sha256: $(BUILD)/tools/bench-sha256
	$(BUILD)/tools/bench-sha256
bench: bench-sha256
