/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Key carrier measurements: its decisions and outcome into the TPM event log (format: lib/carrier-event.h). */
#ifndef SB_CARRIER_MEASURE_H
#define SB_CARRIER_MEASURE_H

#include "carrier-plan.h"

/*
 * One certificate event per carried cert, as decided (before anything is written). Sets
 * res->measured: 1 when measured, 0 when there is no TPM (said once on the console; the run
 * goes on unmeasured). A TPM that fails to measure is a failure: SB_E_IO (or its code) is
 * returned and the caller publishes nothing (fail closed: an attestation must be able to see
 * everything a carrier publishes, so nothing is published unmeasured while a TPM is there).
 */
int carrier_measure_certs(const struct carrier_ops *ops, const struct carrier_plan *p,
			  const uint8_t *keylist, size_t keylist_len, struct carrier_result *res);

/*
 * The run's outcome event after a successful commit (result 0: the certificate events took
 * effect). With res->measured == 0 (no TPM) it does nothing and returns 0; when the TPM fails
 * res->measured gets the code, which is returned (the commit is then undone).
 */
int carrier_measure_outcome(const struct carrier_ops *ops, const struct carrier_plan *p,
			    struct carrier_result *res);

/*
 * After a failure (result < 0): the outcome event saying nothing of this run was published,
 * best effort (nothing to undo if it cannot be measured). Skipped when the TPM already failed
 * this run (res->measured < 0); silent when there is no TPM.
 */
void carrier_measure_failure(const struct carrier_ops *ops, const struct carrier_result *res,
			     int result);

#endif
