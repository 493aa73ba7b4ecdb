/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Verification verdict (SB_E_* class) to exit code. */
#include "exit-codes.h"
#include "lib/sb-error.h"

int kx_exit_from_verdict(int sb_err)
{
	switch (sb_error_class(sb_err)) {
	case SB_OK:            return KX_EXIT_OK;
	case SB_E_MALFORMED:   return KX_EXIT_MALFORMED;
	case SB_E_UNSIGNED:    return KX_EXIT_UNSIGNED;
	case SB_E_UNTRUSTED:   return KX_EXIT_UNTRUSTED;
	case SB_E_REJECTED:    return KX_EXIT_REJECTED;
	case SB_E_REVOKED:     return KX_EXIT_REVOKED;
	case SB_E_UNSUPPORTED: return KX_EXIT_UNSUPPORTED;
	default:               return KX_EXIT_FAILED;
	}
}
