# SPDX-License-Identifier: GPL-2.0-or-later
# tests/fault/: kexec and key-loader relinked with a fault-injection seam (tests/fault/fault-inject.c,
# ld --wrap) for tests/test-fault-injection.sh. Test-only: built into $(BUILD)/tests/fault/, never
# installed; the shipped binaries are linked from the same objects without it.

FAULT_DIR := $(BUILD)/tests/fault
FAULT_WRAPPED := open open64 close fopen fopen64 read __read_chk pread pread64 access opendir malloc calloc realloc \
	syscall add_key request_key keyctl_search keyctl_setperm keyctl_unlink keyctl_read keyctl_read_alloc \
	keyctl_describe_alloc keyctl_pkey_query keyctl_pkey_verify keyctl_get_keyring_ID \
	keyctl_join_session_keyring keyctl_link
FAULT_LDFLAGS := $(foreach s,$(FAULT_WRAPPED),-Wl,--wrap=$s)
FAULT_OBJ := $(FAULT_DIR)/fault-inject.o
FAULT_BINS := $(FAULT_DIR)/kexec-fault $(FAULT_DIR)/key-loader-fault

$(FAULT_OBJ): tests/fault/fault-inject.c lib/sha256.h
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -c $< -o $@

# Static in the plain build (libc, libcrypto and libkeyutils calls are wrapped too), dynamic
# under SANITIZE=1 (ASan cannot link statically; there only our own objects' calls are).
$(FAULT_DIR)/kexec-fault: $(KEXEC_OBJS) $(KEXEC_LOAD_OBJS) $(FAULT_OBJ) $(VERIFIER_LIB) $(LIB_HOST)
	$(CC) $(KEXEC_LDFLAGS) $(FAULT_LDFLAGS) -o $@ $(KEXEC_OBJS) $(KEXEC_LOAD_OBJS) $(FAULT_OBJ) $(KEXEC_LIBS)

$(FAULT_DIR)/key-loader-fault: $(KEY_LOADER_OBJS) $(FAULT_OBJ) $(VERIFIER_LIB) $(LIB_HOST)
	$(CC) $(KEY_LOADER_LDFLAGS) $(FAULT_LDFLAGS) -o $@ $(KEY_LOADER_OBJS) $(FAULT_OBJ) $(VERIFIER_LIB) \
		$(LIB_HOST) $(VERIFIER_LIBS)

tests/test-fault-injection.sh: $(FAULT_BINS) $(KEXEC_CORPUS) $(CERTS_STAMP) $(CARRIER_STUB)

# `make check-unit` samples the allocations (every FAULT_ALLOC_STRIDE-th; ~10 000 per scenario in
# the static build, where libcrypto's are wrapped too); `make check-faults` fails every one.
export FAULT_ALLOC_STRIDE ?= $(if $(filter 1,$(SANITIZE)),401,61)
.PHONY: check-faults
check-faults: tests/test-fault-injection.sh
	@FAULT_ALLOC_STRIDE=1 UNIT_LOG_DIR=$(BUILD)/tests/logs tests/run-unit.sh tests/test-fault-injection.sh
