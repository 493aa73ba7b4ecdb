/* SPDX-License-Identifier: GPL-2.0-or-later */
/* LoadImage/StartImage of the next image with load options, shared by the carrier and the test chain loader. */
#include <efi.h>
#include <efilib.h>

#include "chainload.h"

EFI_STATUS chainload(EFI_HANDLE parent, EFI_HANDLE device, CHAR16 *path, CHAR16 *options,
		     const CHAR16 *who)
{
	EFI_DEVICE_PATH *dp;
	EFI_HANDLE child = NULL;
	EFI_LOADED_IMAGE *child_li;
	EFI_STATUS st;

	dp = FileDevicePath(device, path);
	if (!dp) {
		Print(L"%s: FAILED no device path for %s\n", who, path);
		return EFI_OUT_OF_RESOURCES;
	}
	Print(L"%s: chaining to %s%s%s\n", who, path, options ? L" with options: " : L"",
	      options ? options : L"");
	st = uefi_call_wrapper(BS->LoadImage, 6, FALSE, parent, dp, NULL, 0, &child);
	if (EFI_ERROR(st)) {
		Print(L"%s: FAILED LoadImage %s: %r\n", who, path, st);
		/* EFI_SECURITY_VIOLATION leaves a loaded image that must be unloaded (UEFI 2.10 §7.4). */
		if (st == EFI_SECURITY_VIOLATION && child)
			uefi_call_wrapper(BS->UnloadImage, 1, child);
		goto out;
	}
	if (options) {
		st = uefi_call_wrapper(BS->HandleProtocol, 3, child, &LoadedImageProtocol,
				       (void **)&child_li);
		if (EFI_ERROR(st)) {
			Print(L"%s: FAILED no loaded image protocol on %s: %r\n", who, path, st);
			uefi_call_wrapper(BS->UnloadImage, 1, child);
			goto out;
		}
		child_li->LoadOptions = options;
		child_li->LoadOptionsSize = (UINT32)((StrLen(options) + 1) * sizeof(CHAR16));
	}
	Print(L"%s: starting %s\n", who, path);
	st = uefi_call_wrapper(BS->StartImage, 3, child, NULL, NULL);
	Print(L"%s: FAILED %s returned: %r\n", who, path, st);
out:
	FreePool(dp);
	return st;
}
