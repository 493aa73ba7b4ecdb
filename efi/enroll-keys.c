/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test helper: enrols db, KEK, PK (and optional db/dbx updates, shim's MokList and SbatLevel) from files on its ESP, then powers off. */

/*
 * Run as \EFI\BOOT\BOOTX64.EFI of an OVMF VM in setup mode (empty OVMF_VARS_4M.fd). It reads
 * \sbkexec\{db,KEK,PK}.auth and then \sbkexec\dbx-01.auth, dbx-02.auth, ... (until the first
 * missing number) from its own device and writes each with SetVariable:
 *   - db, then KEK, then PK: in setup mode the firmware takes db/KEK without checking the
 *     signature; writing PK last switches it to user mode (UEFI 2.10 §32.3).
 *   - dbx-NN.auth, then db-NN.auth: EFI_VARIABLE_APPEND_WRITE, written after PK, i.e. in user
 *     mode, so the firmware verifies each against KEK: a badly signed update fails here.
 *   - MokList (optional): raw EFI_SIGNATURE_LISTs written as shim's MokList variable, NV|BS
 *     (not RT: shim deletes a MokList that has RT, since the OS could have written it; only
 *     boot-services code, as MokManager is, can make it). This pre-seeds MOKs for the tests.
 *   - SbatLevel (optional): text written as shim's SbatLevel variable, NV|BS, as shim writes it
 *     itself; shim keeps an SbatLevel whose datestamp is not older than its built-in one.
 *   - SHIM_VERBOSE (optional): one byte, NV|BS: shim then prints its debug lines (why it
 *     admits or refuses an image) on the console.
 * The .auth files are EFI_VARIABLE_AUTHENTICATION_2 + ESLs (certs/make-pki.sh,
 * certs/make-dbx-auth.sh). The limits of the variable store are printed (QueryVariableInfo), so
 * tests can size large lists. Every step prints one line; the last line is "enroll: done" on
 * success or "enroll: FAILED ..." on any error, then the VM shuts down either way so the
 * harness never waits for a timeout.
 */
#include <efi.h>
#include <efilib.h>

#define AUTH_ATTRS (EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS | \
		    EFI_VARIABLE_RUNTIME_ACCESS | EFI_VARIABLE_TIME_BASED_AUTHENTICATED_WRITE_ACCESS)
#define MAX_DBX_UPDATES 99

/* EFI_IMAGE_SECURITY_DATABASE_GUID (UEFI 2.10 §32.6.1): the vendor GUID of db and dbx. */
static EFI_GUID image_security_guid =
	{ 0xd719b2cb, 0x3d3a, 0x4596, { 0xa3, 0xbc, 0xda, 0xd0, 0x0e, 0x67, 0x65, 0x6f } };
/* SHIM_LOCK_GUID: the vendor GUID of MokList, SbatLevel and friends (shim's include/guid.h). */
static EFI_GUID shim_lock_guid =
	{ 0x605dab50, 0xe046, 0x4300, { 0xab, 0xb6, 0x3d, 0xd8, 0x10, 0xdd, 0x8b, 0x23 } };
#define SHIM_VAR_ATTRS (EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS)

/* Read a whole file from root into a pool buffer. EFI_NOT_FOUND when it does not exist. */
static EFI_STATUS read_file(EFI_FILE_HANDLE root, CHAR16 *path, VOID **out, UINTN *out_len)
{
	EFI_FILE_HANDLE fh = NULL;
	EFI_FILE_INFO *info = NULL;
	VOID *buf = NULL;
	UINTN len;
	EFI_STATUS st;

	st = root->Open(root, &fh, path, EFI_FILE_MODE_READ, 0);
	if (EFI_ERROR(st))
		goto out;
	info = LibFileInfo(fh);
	if (!info) {
		st = EFI_DEVICE_ERROR;
		goto out_close;
	}
	len = info->FileSize;
	if (len == 0) {
		st = EFI_BAD_BUFFER_SIZE;
		goto out_info;
	}
	buf = AllocatePool(len);
	if (!buf) {
		st = EFI_OUT_OF_RESOURCES;
		goto out_info;
	}
	st = fh->Read(fh, &len, buf);
	if (!EFI_ERROR(st) && len != info->FileSize)
		st = EFI_END_OF_FILE;
	if (EFI_ERROR(st)) {
		FreePool(buf);
		goto out_info;
	}
	*out = buf;
	*out_len = len;
out_info:
	FreePool(info);
out_close:
	fh->Close(fh);
out:
	return st;
}

/* Write one authenticated variable from a file; prints the outcome. */
static EFI_STATUS enroll_one(EFI_FILE_HANDLE root, CHAR16 *path, CHAR16 *var, EFI_GUID *guid,
			     UINT32 attrs)
{
	VOID *data;
	UINTN len;
	EFI_STATUS st;

	st = read_file(root, path, &data, &len);
	if (EFI_ERROR(st)) {
		Print(L"enroll: FAILED reading %s: %r\n", path, st);
		return st;
	}
	st = RT->SetVariable(var, guid, attrs, len, data);
	FreePool(data);
	if (EFI_ERROR(st)) {
		Print(L"enroll: FAILED SetVariable(%s) from %s: %r\n", var, path, st);
		return st;
	}
	Print(L"enroll: %s <- %s (%d bytes)\n", var, path, len);
	return EFI_SUCCESS;
}

/* Does `path` exist? Other open errors are reported and returned. */
static EFI_STATUS file_exists(EFI_FILE_HANDLE root, CHAR16 *path, BOOLEAN *exists)
{
	EFI_FILE_HANDLE fh;
	EFI_STATUS st;

	*exists = FALSE;
	st = root->Open(root, &fh, path, EFI_FILE_MODE_READ, 0);
	if (st == EFI_NOT_FOUND)
		return EFI_SUCCESS;
	if (EFI_ERROR(st)) {
		Print(L"enroll: FAILED opening %s: %r\n", path, st);
		return st;
	}
	fh->Close(fh);
	*exists = TRUE;
	return EFI_SUCCESS;
}

/* Apply \sbkexec\<var>-01.auth, -02.auth, ... in order as appends; stops at the first missing one. */
static EFI_STATUS enroll_appends(EFI_FILE_HANDLE root, CHAR16 *var)
{
	CHAR16 path[32];
	BOOLEAN exists;
	EFI_STATUS st;

	for (UINTN i = 1; i <= MAX_DBX_UPDATES; i++) {
		SPrint(path, sizeof(path), L"\\sbkexec\\%s-%02d.auth", var, i);
		st = file_exists(root, path, &exists);
		if (EFI_ERROR(st) || !exists)
			return st;
		st = enroll_one(root, path, var, &image_security_guid,
				AUTH_ATTRS | EFI_VARIABLE_APPEND_WRITE);
		if (EFI_ERROR(st))
			return st;
	}
	return EFI_SUCCESS;
}

/* An optional plain (not authenticated) NV|BS variable of shim's, from the file `path`. */
static EFI_STATUS enroll_shim_var(EFI_FILE_HANDLE root, CHAR16 *path, CHAR16 *var)
{
	BOOLEAN exists;
	EFI_STATUS st;

	st = file_exists(root, path, &exists);
	if (EFI_ERROR(st) || !exists)
		return st;
	return enroll_one(root, path, var, &shim_lock_guid, SHIM_VAR_ATTRS);
}

/* The variable store's limits for one kind of variable (UEFI 2.10 §8.2 QueryVariableInfo). */
static void print_limits(CHAR16 *what, UINT32 attrs)
{
	UINT64 max_storage = 0, remaining = 0, max_var = 0;
	EFI_STATUS st = RT->QueryVariableInfo(attrs, &max_storage, &remaining, &max_var);

	if (EFI_ERROR(st))
		Print(L"enroll: QueryVariableInfo(%s): %r\n", what, st);
	else
		Print(L"enroll: variable store %s: storage %ld, remaining %ld, max variable %ld\n",
		      what, max_storage, remaining, max_var);
}

/* Reads a one-byte global variable (SetupMode, SecureBoot); 0xff when absent. */
static UINT8 global_u8(CHAR16 *name)
{
	UINT8 v = 0xff;
	UINTN len = sizeof(v);

	if (EFI_ERROR(RT->GetVariable(name, &gEfiGlobalVariableGuid, NULL, &len, &v)) || len != 1)
		return 0xff;
	return v;
}

static EFI_STATUS enroll_all(EFI_HANDLE image)
{
	EFI_LOADED_IMAGE *li = NULL;
	EFI_FILE_HANDLE root;
	EFI_STATUS st;

	st = BS->HandleProtocol(image, &LoadedImageProtocol, (VOID **)&li);
	if (EFI_ERROR(st)) {
		Print(L"enroll: FAILED no loaded image protocol: %r\n", st);
		return st;
	}
	root = LibOpenRoot(li->DeviceHandle);
	if (!root) {
		Print(L"enroll: FAILED cannot open the ESP this app was loaded from\n");
		return EFI_NOT_FOUND;
	}
	if (global_u8(L"SetupMode") != 1) {
		/* In user mode db/KEK writes would need signatures by KEK/PK: say why it fails. */
		Print(L"enroll: FAILED firmware is not in setup mode (SetupMode=%d)\n",
		      global_u8(L"SetupMode"));
		st = EFI_WRITE_PROTECTED;
		goto out;
	}
	st = enroll_one(root, L"\\sbkexec\\db.auth", L"db", &image_security_guid, AUTH_ATTRS);
	if (EFI_ERROR(st))
		goto out;
	st = enroll_one(root, L"\\sbkexec\\KEK.auth", L"KEK", &gEfiGlobalVariableGuid, AUTH_ATTRS);
	if (EFI_ERROR(st))
		goto out;
	st = enroll_one(root, L"\\sbkexec\\PK.auth", L"PK", &gEfiGlobalVariableGuid, AUTH_ATTRS);
	if (EFI_ERROR(st))
		goto out;
	if (global_u8(L"SetupMode") != 0) {
		Print(L"enroll: FAILED still in setup mode after writing PK\n");
		st = EFI_SECURITY_VIOLATION;
		goto out;
	}
	Print(L"enroll: SetupMode=0 (user mode)\n");
	st = enroll_appends(root, L"dbx");
	if (!EFI_ERROR(st))
		st = enroll_appends(root, L"db");
	if (!EFI_ERROR(st))
		st = enroll_shim_var(root, L"\\sbkexec\\MokList", L"MokList");
	if (!EFI_ERROR(st))
		st = enroll_shim_var(root, L"\\sbkexec\\SbatLevel", L"SbatLevel");
	if (!EFI_ERROR(st))
		st = enroll_shim_var(root, L"\\sbkexec\\SHIM_VERBOSE", L"SHIM_VERBOSE");
	print_limits(L"NV|BS", SHIM_VAR_ATTRS);
	print_limits(L"BS|RT (volatile)", EFI_VARIABLE_BOOTSERVICE_ACCESS | EFI_VARIABLE_RUNTIME_ACCESS);
out:
	root->Close(root);
	return st;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_STATUS st;

	InitializeLib(image, systab);
	st = enroll_all(image);
	if (!EFI_ERROR(st))
		Print(L"enroll: done\n");
	/* Power off either way: the harness reads the markers, never waits for a timeout. */
	RT->ResetSystem(EfiResetShutdown, st, 0, NULL);
	return st;
}
