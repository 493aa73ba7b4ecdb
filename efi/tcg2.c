// SPDX-License-Identifier: GPL-2.0-or-later
/* One measurement through EFI_TCG2_PROTOCOL.HashLogExtendEvent (see tcg2.h). */
#include <efi.h>
#include <efilib.h>

#include "tcg2.h"
#include "sb-error.h"

int sb_tcg2_measure(uint32_t pcr, uint32_t type, const uint8_t *data, size_t len)
{
	static EFI_GUID guid = SB_TCG2_PROTOCOL_GUID;
	SB_TCG2_PROTOCOL *tcg2 = NULL;
	SB_TCG2_EVENT *ev;
	EFI_STATUS st;

	st = uefi_call_wrapper(BS->LocateProtocol, 3, &guid, NULL, (void **)&tcg2);
	if (st == EFI_NOT_FOUND || (!EFI_ERROR(st) && !tcg2))
		return SB_E_NOT_FOUND;
	if (EFI_ERROR(st))
		return SB_E_IO;
	ev = AllocateZeroPool(sizeof(*ev) + len);
	if (!ev)
		return SB_E_NOMEM;
	ev->Size = (UINT32)(sizeof(*ev) + len);
	ev->Header.HeaderSize = sizeof(ev->Header);
	ev->Header.HeaderVersion = 1;
	ev->Header.PCRIndex = pcr;
	ev->Header.EventType = type;
	CopyMem(ev->Event, (void *)data, len);
	/* Flags 0: DataToHash is hashed as is (not as a PE image); boot services map 1:1. */
	st = uefi_call_wrapper(tcg2->HashLogExtendEvent, 5, tcg2, 0ULL,
			       (EFI_PHYSICAL_ADDRESS)(UINTN)data, (UINT64)len, ev);
	FreePool(ev);
	return EFI_ERROR(st) ? SB_E_IO : 0;
}
