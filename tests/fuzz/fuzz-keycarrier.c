/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: KeyCarrierRT records (lib/keycarrier.c) as key-loader import-firmware reads them from efivarfs. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "efi-guid.h"
#include "keycarrier.h"
#include "sb-error.h"
#include "signature-list.h"
#include "fuzz-util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const sb_guid x509 = SB_GUID_CERT_X509;
	const uint8_t *list = NULL, *list2;
	size_t list_len = 0, list2_len;
	uint32_t carriers = 0, carriers2;
	uint8_t *rebuilt;
	uint8_t hdr[KEYCARRIER_HDR_SIZE];
	int n;

	n = keycarrier_parse(data, size, &list, &list_len, &carriers);
	if (n < 0) {
		FZ_ASSERT(n == SB_E_MALFORMED && list == NULL);
		return 0;
	}
	/* The lists lie inside the record, after its header, and are exactly the X.509 lists counted. */
	FZ_ASSERT(list >= data + KEYCARRIER_HDR_SIZE && (size_t)(list - data) + list_len == size);
	FZ_ASSERT(esl_validate(list, list_len, &x509) == n);
	/* The writer's header in front of the same lists reads back as the same record. */
	keycarrier_header(hdr, carriers);
	rebuilt = malloc(sizeof(hdr) + list_len);
	if (!rebuilt)
		fz_die("out of memory");
	memcpy(rebuilt, hdr, sizeof(hdr));
	memcpy(rebuilt + sizeof(hdr), list, list_len);
	FZ_ASSERT(keycarrier_parse(rebuilt, sizeof(hdr) + list_len, &list2, &list2_len, &carriers2) == n);
	FZ_ASSERT(carriers2 == carriers && list2_len == list_len);
	free(rebuilt);
	return 0;
}
