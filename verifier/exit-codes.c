/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Verification verdict (SB_E_* class) to exit code, the same for kexec and key-loader. */
#include "lib/sb-error.h"
#include "verifier/exit-codes.h"

int vf_exit_from_verdict(int sb_err)
{
	switch (sb_error_class(sb_err)) {
	case SB_OK:            return VF_EXIT_OK;
	case SB_E_MALFORMED:   return VF_EXIT_MALFORMED;
	case SB_E_UNSIGNED:    return VF_EXIT_UNSIGNED;
	case SB_E_UNTRUSTED:   return VF_EXIT_UNTRUSTED;
	case SB_E_REJECTED:    return VF_EXIT_REJECTED;
	case SB_E_REVOKED:     return VF_EXIT_REVOKED;
	case SB_E_UNSUPPORTED: return VF_EXIT_UNSUPPORTED;
	default:               return VF_EXIT_FAILED;
	}
}
