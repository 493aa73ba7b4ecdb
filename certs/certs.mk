# SPDX-License-Identifier: GPL-2.0-or-later
# certs/: `make certs` creates the test PKI and enrolment material in $(CERTS_DIR) (see certs/README.md).
#
# Other parts depend on $(CERTS_STAMP) (or on a file in $(CERTS_DIR), which it makes).
# dbx updates: $(call dbx_auth,ENTRIES) is the command that writes a KEK-signed dbx append .auth to
# $@, e.g.  $(BUILD)/x/dbx-revoked.auth: $(CERTS_STAMP) ; $(call dbx_auth,--cert $(CERTS_DIR)/revoked.crt)

CERTS_STAMP := $(CERTS_DIR)/.pki-made
CERTS_FILES := $(foreach n,pk kek db kexec-ca kernel-signing revoked untrusted mok ima,\
	$(CERTS_DIR)/$(n).key $(CERTS_DIR)/$(n).crt $(CERTS_DIR)/$(n).der) \
	$(foreach n,pk kek db,$(CERTS_DIR)/$(n).esl $(CERTS_DIR)/$(n).auth)

.PHONY: certs
certs: $(CERTS_STAMP)

$(CERTS_STAMP): certs/make-pki.sh certs/openssl.cnf
	certs/make-pki.sh $(CERTS_DIR)
	@touch $@

$(CERTS_FILES): $(CERTS_STAMP)
	@test -f $@ || { echo "certs: $@ was not made" >&2; exit 1; }

dbx_auth = @mkdir -p $(@D) && CERTS_DIR=$(CERTS_DIR) certs/make-dbx-auth.sh $(1) $@

ALL_TARGETS += $(CERTS_STAMP)
