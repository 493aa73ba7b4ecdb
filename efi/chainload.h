/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Start the next image of the boot chain through the firmware, so Secure Boot verifies it. */
#ifndef SB_EFI_CHAINLOAD_H
#define SB_EFI_CHAINLOAD_H

#include <efi.h>

/*
 * LoadImage() `path` from `device` (the firmware's security policy checks it against db/dbx
 * and refuses it otherwise: this is the Secure Boot check), set `options` (UCS-2, NUL-terminated,
 * may be NULL) as its load options, StartImage() it. Console lines start with `who`:
 *   "<who>: chaining to <path>[ with options: <options>]"   before LoadImage
 *   "<who>: FAILED LoadImage <path>: <status>"              the firmware refused it
 *   "<who>: starting <path>"                                verified, about to start
 *   "<who>: FAILED <path> returned: <status>"               it came back
 * `options` must stay valid until this returns. Returns the first failing status, or what
 * StartImage returned.
 */
EFI_STATUS chainload(EFI_HANDLE parent, EFI_HANDLE device, CHAR16 *path, CHAR16 *options,
		     const CHAR16 *who);

#endif
