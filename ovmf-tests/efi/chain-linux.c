/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: starts \EFI\BOOT\linux.efi through the firmware (so Secure Boot verifies it) with \sbkexec\cmdline as load options; can probe other images first. */

/*
 * Why it exists: under Secure Boot the firmware starts only \EFI\BOOT\BOOTX64.EFI (no load
 * options, so no kernel command line), and QEMU's -kernel path cannot be used for verification
 * tests because OVMF 2022.11 falls back to its legacy Linux loader and boots an UNSIGNED kernel
 * (see ovmf-tests/README.md). This app, signed for db, does what the key carrier does after
 * publishing keys: LoadImage() the next image from its own device (the firmware's security
 * policy checks it against db/dbx and refuses it otherwise), hand it the command line, start it.
 * Markers: "chain: starting ..." or "chain: FAILED ..." (then the VM powers off).
 *
 * Probes: when \sbkexec\probe exists, each of its lines is an ESP path that is first only
 * LoadImage()d (and unloaded again), printing "chain: probe <path>: LoadImage <status>". Behind
 * shim, whose LoadImage hook verifies against db, shim's vendor cert and the live MokListRT
 * variable, this shows what shim would admit at this point of the boot without starting it.
 */
#include <efi.h>
#include <efilib.h>

#include "chainload.h"

#define NEXT_IMAGE L"\\EFI\\BOOT\\linux.efi"
#define CMDLINE_FILE L"\\sbkexec\\cmdline"
#define PROBE_FILE L"\\sbkexec\\probe"
#define PAUSE_FILE L"\\sbkexec\\pause"
#define PAUSE_MAX_S 60
#define CMDLINE_MAX 4096
#define PROBE_PATH_MAX 256

/* Reads the ASCII command line file into a UCS-2 string (the kernel EFI stub wants UCS-2). */
static EFI_STATUS read_cmdline(EFI_FILE_HANDLE root, CHAR16 **out)
{
	EFI_FILE_HANDLE fh = NULL;
	CHAR8 *ascii = NULL;
	CHAR16 *wide = NULL;
	UINTN len = CMDLINE_MAX;
	EFI_STATUS st;

	st = root->Open(root, &fh, CMDLINE_FILE, EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(st))
		goto out;
	ascii = AllocateZeroPool(CMDLINE_MAX + 1);
	wide = AllocateZeroPool((CMDLINE_MAX + 1) * sizeof(CHAR16));
	if (!ascii || !wide) {
		st = EFI_OUT_OF_RESOURCES;
		goto out_free;
	}
	st = fh->Read(fh, &len, ascii);
	if (EFI_ERROR(st))
		goto out_free;
	/* Stop at the first newline: the file is written by the harness with a trailing one. */
	UINTN n = 0;
	while (n < len && ascii[n] && ascii[n] != '\n' && ascii[n] != '\r') {
		wide[n] = ascii[n];
		n++;
	}
	wide[n] = 0;
	*out = wide;
	wide = NULL;
out_free:
	if (wide)
		FreePool(wide);
	if (ascii)
		FreePool(ascii);
	fh->Close(fh);
out:
	return st;
}

/* LoadImage `path` from `device` and unload it again: only the verification verdict counts. */
static void probe_one(EFI_HANDLE image, EFI_HANDLE device, CHAR16 *path)
{
	EFI_DEVICE_PATH *dp = FileDevicePath(device, path);
	EFI_HANDLE child = NULL;
	EFI_STATUS st;

	if (!dp) {
		Print(L"chain: probe %s: no device path\n", path);
		return;
	}
	st = BS->LoadImage(FALSE, image, dp, NULL, 0, &child);
	Print(L"chain: probe %s: LoadImage %r\n", path, st);
	/* A refused image may still have a handle (EFI_SECURITY_VIOLATION, UEFI 2.10 §7.4). */
	if (child)
		BS->UnloadImage(child);
	FreePool(dp);
}

/* Every line of \sbkexec\probe (ASCII paths), when the file exists. */
static void probe_all(EFI_HANDLE image, EFI_HANDLE device, EFI_FILE_HANDLE root)
{
	EFI_FILE_HANDLE fh = NULL;
	CHAR8 *buf;
	CHAR16 path[PROBE_PATH_MAX];
	UINTN len = CMDLINE_MAX, n = 0;

	if (EFI_ERROR(root->Open(root, &fh, PROBE_FILE, EFI_FILE_MODE_READ, 0)))
		return;
	buf = AllocateZeroPool(CMDLINE_MAX + 1);
	if (buf && !EFI_ERROR(fh->Read(fh, &len, buf))) {
		for (UINTN i = 0; i <= len; i++) {
			if (i == len || buf[i] == '\n' || buf[i] == '\r') {
				path[n] = 0;
				if (n)
					probe_one(image, device, path);
				n = 0;
			} else if (n + 1 < PROBE_PATH_MAX) {
				path[n++] = buf[i];
			}
		}
	}
	if (buf)
		FreePool(buf);
	fh->Close(fh);
}

/* Wait the number of seconds in \sbkexec\pause, when the file exists. */
static void pause_if_asked(EFI_FILE_HANDLE root)
{
	EFI_FILE_HANDLE fh = NULL;
	CHAR8 buf[8] = { 0 };
	UINTN len = sizeof(buf) - 1, secs = 0;

	if (EFI_ERROR(root->Open(root, &fh, PAUSE_FILE, EFI_FILE_MODE_READ, 0)))
		return;
	if (!EFI_ERROR(fh->Read(fh, &len, buf)))
		for (UINTN i = 0; i < len && buf[i] >= '0' && buf[i] <= '9'; i++)
			secs = secs * 10 + (UINTN)(buf[i] - '0');
	fh->Close(fh);
	if (secs > PAUSE_MAX_S)
		secs = PAUSE_MAX_S;
	Print(L"chain: pausing %d s\n", secs);
	BS->Stall(secs * 1000000);
}

static EFI_STATUS chain(EFI_HANDLE image)
{
	EFI_LOADED_IMAGE *li = NULL;
	EFI_FILE_HANDLE root = NULL;
	CHAR16 *cmdline = NULL;
	EFI_STATUS st;

	st = BS->HandleProtocol(image, &LoadedImageProtocol, (VOID **)&li);
	if (EFI_ERROR(st)) {
		Print(L"chain: FAILED no loaded image protocol: %r\n", st);
		goto out;
	}
	root = LibOpenRoot(li->DeviceHandle);
	if (!root) {
		Print(L"chain: FAILED cannot open its own device\n");
		st = EFI_NOT_FOUND;
		goto out;
	}
	st = read_cmdline(root, &cmdline);
	if (EFI_ERROR(st) && st != EFI_NOT_FOUND) {
		Print(L"chain: FAILED reading %s: %r\n", CMDLINE_FILE, st);
		goto out_root;
	}
	pause_if_asked(root);
	probe_all(image, li->DeviceHandle, root);
	st = chainload(image, li->DeviceHandle, NEXT_IMAGE, cmdline, L"chain");
	if (cmdline)
		FreePool(cmdline);
out_root:
	root->Close(root);
out:
	return st;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_STATUS st;

	InitializeLib(image, systab);
	st = chain(image);
	/* Only reached when the next image was refused or returned: end the VM, do not hang. */
	RT->ResetSystem(EfiResetShutdown, st, 0, NULL);
	return st;
}
