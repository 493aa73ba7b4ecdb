// SPDX-License-Identifier: GPL-2.0-or-later
/* Key carrier measurements into PCR 14 as EV_EVENT_TAG events (see carrier-measure.h, lib/carrier-event.h). */
#include "carrier-measure.h"
#include "carrier-console.h"
#include "carrier-event.h"
#include "der.h"
#include "sb-error.h"

/* The event format numbers decisions and revocation forms as the carrier does. */
_Static_assert(CARRIER_PUBLISHED == 1 && CARRIER_ALREADY_PRESENT == 2 && CARRIER_DUPLICATE == 3 &&
	       CARRIER_REVOKED_DBX == 4 && CARRIER_REVOKED_MOKX == 5 &&
	       CARRIER_EVENT_DECISION_MAX == 5, "carrier-event.h decision numbers");
_Static_assert(ESL_NOT_REVOKED == 0 && ESL_REVOKED_X509 == 1 && ESL_REVOKED_X509_SHA256 == 2 &&
	       ESL_REVOKED_SHA256 == 3 && CARRIER_EVENT_FORM_MAX == 3, "carrier-event.h form numbers");

static int measure(const struct carrier_ops *ops, const uint8_t *ev, long n)
{
	if (n < 0)
		return (int)n;
	if (!ops->measure)
		return SB_E_NOT_FOUND;
	return ops->measure(ops->ctx, CARRIER_EVENT_PCR, CARRIER_EVENT_TYPE, ev, (size_t)n);
}

static void say_failed(const struct carrier_ops *ops, int rc)
{
	carrier_say_str(ops, "TPM measurement failed: publishing nothing (fail closed: nothing is "
			"published unmeasured while a TPM is there)", NULL, rc);
}

int carrier_measure_certs(const struct carrier_ops *ops, const struct carrier_plan *p,
			  const uint8_t *keylist, size_t keylist_len, struct carrier_result *res)
{
	uint8_t ev[CARRIER_EVENT_MAX_SIZE];
	size_t cursor = 0;
	struct esl_entry e;
	unsigned i = 0;
	int rc;

	res->measured = 1;
	for (; i < res->ncerts && esl_next(keylist, keylist_len, &cursor, &e) == 1; i++) {
		const struct carrier_cert *c = &res->certs[i];
		unsigned dest = (p->sel_var[i] ? CARRIER_EVENT_DEST_VARIABLE : 0) |
				(p->sel_tbl[i] ? CARRIER_EVENT_DEST_TABLE : 0) |
				(p->sel_rec[i] ? CARRIER_EVENT_DEST_RECORD : 0);
		const uint8_t *cn = NULL;
		size_t cn_len = 0;

		if (der_x509_subject_cn(e.data, e.len, &cn, &cn_len))
			cn_len = 0;
		rc = measure(ops, ev, carrier_event_cert(ev, sizeof(ev), i + 1, c->decision, c->how,
							 dest, c->sha256, cn, cn_len));
		if (rc == SB_E_NOT_FOUND && i == 0) {
			carrier_say_str(ops, "no TPM (EFI_TCG2_PROTOCOL not found): publishing unmeasured",
					NULL, 0);
			res->measured = 0;
			return 0;
		}
		if (rc) {
			res->measured = rc;
			say_failed(ops, rc);
			return rc;
		}
	}
	return 0;
}

int carrier_measure_outcome(const struct carrier_ops *ops, const struct carrier_plan *p,
			    struct carrier_result *res)
{
	uint8_t ev[CARRIER_EVENT_OUTCOME_SIZE];
	unsigned dest, published = 0, present = 0;
	int rc;

	if (res->measured != 1)
		return 0;
	dest = (p->write_var ? CARRIER_EVENT_DEST_VARIABLE : 0) |
	       (p->table_action != CARRIER_TABLE_KEEP ? CARRIER_EVENT_DEST_TABLE : 0) |
	       CARRIER_EVENT_DEST_RECORD;
	for (unsigned i = 0; i < res->ncerts; i++) {
		published += res->certs[i].decision == CARRIER_PUBLISHED;
		present += res->certs[i].decision == CARRIER_ALREADY_PRESENT;
	}
	rc = measure(ops, ev, carrier_event_outcome(ev, sizeof(ev), 0, published, present,
						    res->skipped, dest));
	if (rc) {
		res->measured = rc;
		say_failed(ops, rc);
	}
	return rc;
}

void carrier_measure_failure(const struct carrier_ops *ops, const struct carrier_result *res,
			     int result)
{
	uint8_t ev[CARRIER_EVENT_OUTCOME_SIZE];

	if (res->measured < 0)
		return;
	measure(ops, ev, carrier_event_outcome(ev, sizeof(ev), result, 0, 0, res->skipped, 0));
}
