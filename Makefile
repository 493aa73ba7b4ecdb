# SPDX-License-Identifier: GPL-2.0-or-later
# sbkexec: the one entry point (make, make check, make demo, make install, make deps).
#
# Each part adds its rules in its own fragment (lib/lib.mk, efi/efi.mk, ...) and appends to:
#   ALL_TARGETS    what `make` builds
#   UNIT_TESTS     host test programs/scripts run by `make check-unit` (TAP-style "ok"/"not ok")
#   OVMF_DEPS      what the OVMF scenarios need built first
#   INSTALL_RULES  rules run by `make install`
# Everything generated goes under $(BUILD); nothing generated is tracked by git.

SANITIZE ?= 0
ifeq ($(SANITIZE),1)
BUILD ?= build/sanitize
else
BUILD ?= build
endif
PREFIX ?= /usr/local
DESTDIR ?=
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
# The carrier stub, make-carrier, ima-apply and the IMA signatures; systemd units.
PKGLIBDIR ?= $(PREFIX)/lib/sbkexec
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
# The installed form of each binary: stripped exactly as `make install` installs it, made at
# build time so that its IMA signature (tools/tools.mk) covers the installed bytes; install
# copies it verbatim. Rule recipe: $(install_form) ($< -> $@).
INSTALL_FORM_DIR = $(BUILD)/install
install_form = @mkdir -p $(@D) && install -s -m 0755 $< $@.tmp && mv $@.tmp $@

CC ?= cc
# The warnings every C file is built with (userspace, EFI, purgatory, tests, tools), and any
# warning is an error: WERROR= turns that off for a local experiment, never in check or CI.
# -Wno-unused-parameter: callbacks (carrier_ops, firmware protocols, libFuzzer) have fixed signatures.
WERROR ?= -Werror
WARN_CFLAGS := -Wall -Wextra -Wno-unused-parameter -Wshadow -Wformat=2 -Wconversion -Wsign-conversion $(WERROR)
HOST_CFLAGS := -std=gnu11 -O2 -g $(WARN_CFLAGS) -fno-strict-aliasing -D_GNU_SOURCE -Ilib -I.
HOST_LDFLAGS :=
ifeq ($(SANITIZE),1)
HOST_CFLAGS += -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
HOST_LDFLAGS += -fsanitize=address,undefined
endif

ALL_TARGETS :=
UNIT_TESTS :=
OVMF_DEPS :=
INSTALL_RULES :=

.PHONY: all check check-unit check-ovmf demo deps install clean bench FORCE
all: real-all

# Shared artefacts that do not depend on SANITIZE: the test PKI and the unpacked test kernel.
CERTS_DIR := build/certs
KERNEL_DIR := build/kernel

include lib/lib.mk
# The verifier library early too: kexec and key-loader name $(VERIFIER_LIB) as a prerequisite.
include verifier/verifier.mk
-include efi/gnu-efi.mk
# Every other part's fragment (certs/certs.mk, efi/carrier.mk, kexec/kexec.mk, and one level
# down for a part's own subfolder, e.g. kexec/x86_64/x86_64.mk); tests last, since it reads the
# TEST_EXTRA_* variables the others set.
-include $(filter-out lib/lib.mk verifier/verifier.mk efi/gnu-efi.mk tests/tests.mk,$(sort $(wildcard */*.mk */*/*.mk)))
include tests/tests.mk

real-all: $(ALL_TARGETS)

# `make deps` installs missing Debian packages and fetches the test kernel (idempotent, quick
# when everything is there). check and demo run it first, as the README promises.
deps:
	tools/deps.sh

check-unit: $(UNIT_TESTS)
	@echo "== host unit tests$(if $(filter 1,$(SANITIZE)), (ASan+UBSan),) =="
	@UNIT_LOG_DIR=$(BUILD)/tests/logs tests/run-unit.sh $(UNIT_TESTS)

# `make check`: build (plain, and the ASan+UBSan build in build/sanitize), the host unit tests
# twice (plain, then under ASan+UBSan), every fuzz target for 10 s (2 at a time) after the
# regression corpora, `make lint` (clang-tidy and cppcheck, two files at a time), then the OVMF
# scenarios. Every phase always runs; any failure fails check. The build itself is -Werror
# (WARN_CFLAGS). `make check SANITIZE=1` is the sanitized build and unit run alone (no fuzzing,
# no lint, no VM).
# Each phase is timed (tools/check-time.sh); the split is the last line.
CHECK_TIMES = $(BUILD)/check-times
CHECK_FUZZ_SECONDS ?= 10
CHECK_FUZZ_JOBS ?= 2
CHECK_LINT_JOBS ?= 2
check:
	@mkdir -p $(BUILD) && rm -f $(CHECK_TIMES)
	@tools/check-time.sh $(CHECK_TIMES) build sh -c '$(MAKE) --no-print-directory deps && $(MAKE) --no-print-directory all'
	@rc=0; \
	if [ "$(SANITIZE)" != 1 ]; then tools/check-time.sh $(CHECK_TIMES) build $(MAKE) --no-print-directory SANITIZE=1 all || rc=1; fi; \
	tools/check-time.sh $(CHECK_TIMES) unit $(MAKE) --no-print-directory check-unit || rc=1; \
	if [ "$(SANITIZE)" != 1 ]; then \
		tools/check-time.sh $(CHECK_TIMES) unit $(MAKE) --no-print-directory SANITIZE=1 check-unit || rc=1; \
		tools/check-time.sh $(CHECK_TIMES) fuzz $(MAKE) --no-print-directory fuzz \
			FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS) FUZZ_JOBS=$(CHECK_FUZZ_JOBS) || rc=1; \
		tools/check-time.sh $(CHECK_TIMES) lint $(MAKE) --no-print-directory -j$(CHECK_LINT_JOBS) lint || rc=1; \
		tools/check-time.sh $(CHECK_TIMES) ovmf $(MAKE) --no-print-directory check-ovmf || rc=1; \
	fi; \
	tools/check-time.sh --report $(CHECK_TIMES); \
	exit $$rc

demo:
	@$(MAKE) --no-print-directory deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory run-demo

install: $(INSTALL_RULES)

clean:
	rm -rf build
