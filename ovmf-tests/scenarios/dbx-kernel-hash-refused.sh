# SPDX-License-Identifier: GPL-2.0-or-later
# Scenario: a db-signed kernel whose Authenticode hash is in dbx is refused (dbx wins over db), proving the dbx-variant VARS work.
DESCRIPTION="db-signed kernel whose image hash is in dbx is refused by LoadImage (dbx overrides db)"
TIMEOUT=90
# certs/make-dbx-auth.sh --image: EFI_CERT_SHA256 entry with the kernel's Authenticode digest,
# written by efi/enroll-keys.efi as a KEK-verified append after PK (see ovmf-tests/README.md).
DBX="--image $SIGNED_KERNEL"
EXPECT="chain: FAILED LoadImage \\\\EFI\\\\BOOT\\\\linux.efi: Access Denied"
FORBID="chain: starting
EFI stub
SBK-STAGE"
