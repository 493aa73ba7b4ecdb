// SPDX-License-Identifier: GPL-2.0-or-later
/* Key carrier EFI entry point: find own sections, the firmware ops, publish .keylist (carrier-publish.c), chain to .chain. */
#include <efi.h>
#include <efilib.h>

#include "chainload.h"
#include "carrier.h"
#include "tcg2.h"
#include "../lib/pe.h"  /* not gnu-efi's <efi/pe.h>, which -I$(EFI_INC) finds first */
#include "sb-error.h"
#include "sb-string.h"

#define CHAIN_MAX   512         /* a path on the ESP; longer is a mistake, not a path */
#define CMDLINE_MAX 4096        /* x86 COMMAND_LINE_SIZE is 2048 (4096 on newer kernels) */

/* ASCII variable name to UCS-2; names are ours and short. */
static void widen(CHAR16 *out, size_t out_len, const char *in)
{
	size_t i = 0;

	while (in[i] && i + 1 < out_len) {
		out[i] = (CHAR16)(unsigned char)in[i];
		i++;
	}
	out[i] = 0;
}

static int status_to_sb(EFI_STATUS st)
{
	if (st == EFI_NOT_FOUND)
		return SB_E_NOT_FOUND;
	if (st == EFI_OUT_OF_RESOURCES)
		return SB_E_NOMEM;
	return SB_E_IO;
}

static int efi_get_variable(void *ctx, const char *name, const sb_guid *vendor, uint32_t *attrs,
			    uint8_t **data, size_t *len)
{
	CHAR16 wname[64];
	UINTN size = 0;
	UINT32 a = 0;
	EFI_STATUS st;
	void *buf = NULL;

	widen(wname, 64, name);
	st = uefi_call_wrapper(RT->GetVariable, 5, wname, (EFI_GUID *)vendor, &a, &size, NULL);
	if (st == EFI_SUCCESS) {
		/* Zero-length variables do not exist in UEFI, but be safe. */
		size = 0;
	} else if (st != EFI_BUFFER_TOO_SMALL) {
		return status_to_sb(st);
	}
	buf = AllocatePool(size ? size : 1);
	if (!buf)
		return SB_E_NOMEM;
	if (size) {
		st = uefi_call_wrapper(RT->GetVariable, 5, wname, (EFI_GUID *)vendor, &a, &size, buf);
		if (EFI_ERROR(st)) {
			FreePool(buf);
			return status_to_sb(st);
		}
	}
	*attrs = a;
	*data = buf;
	*len = size;
	return 0;
}

static int efi_set_variable(void *ctx, const char *name, const sb_guid *vendor, uint32_t attrs,
			    const void *data, size_t len)
{
	CHAR16 wname[64];
	EFI_STATUS st;

	widen(wname, 64, name);
	st = uefi_call_wrapper(RT->SetVariable, 5, wname, (EFI_GUID *)vendor,
			       len ? attrs : 0, (UINTN)len, (void *)data);
	return EFI_ERROR(st) ? status_to_sb(st) : 0;
}

static void *efi_alloc(void *ctx, size_t len)
{
	return AllocatePool(len);
}

static void efi_free(void *ctx, void *p)
{
	FreePool(p);
}

static void *efi_alloc_runtime(void *ctx, size_t len)
{
	void *p = NULL;

	if (EFI_ERROR(uefi_call_wrapper(BS->AllocatePool, 3, EfiRuntimeServicesData, (UINTN)len, &p)))
		return NULL;
	return p;
}

/*
 * Bytes readable from p: the rest of the memory-map descriptor holding it. The table has no
 * length field, so this is the bound the kernel uses as well (drivers/firmware/efi/mokvar-table.c
 * maps at most the descriptor's region).
 */
static size_t region_after(const void *p)
{
	UINTN n = 0, key, dsize = 0;
	UINT32 dver;
	EFI_MEMORY_DESCRIPTOR *map = LibMemoryMap(&n, &key, &dsize, &dver), *d;
	UINT64 addr = (UINT64)(UINTN)p;
	size_t avail = 0;

	if (!map)
		return 0;
	for (UINTN i = 0; i < n; i++) {
		d = (EFI_MEMORY_DESCRIPTOR *)((UINT8 *)map + i * dsize);
		if (addr >= d->PhysicalStart && addr - d->PhysicalStart < d->NumberOfPages * 4096) {
			avail = (size_t)(d->NumberOfPages * 4096 - (addr - d->PhysicalStart));
			break;
		}
	}
	FreePool(map);
	return avail;
}

static const void *efi_find_config_table(void *ctx, const sb_guid *guid, size_t *avail)
{
	for (UINTN i = 0; i < ST->NumberOfTableEntries; i++) {
		EFI_CONFIGURATION_TABLE *t = &ST->ConfigurationTable[i];

		if (memcmp(&t->VendorGuid, guid, sizeof(*guid)) == 0) {
			*avail = region_after(t->VendorTable);
			return t->VendorTable;
		}
	}
	return NULL;
}

static int efi_install_config_table(void *ctx, const sb_guid *guid, void *table)
{
	EFI_STATUS st = uefi_call_wrapper(BS->InstallConfigurationTable, 2, (EFI_GUID *)guid, table);

	return EFI_ERROR(st) ? status_to_sb(st) : 0;
}

static void efi_print(void *ctx, const char *line)
{
	Print(L"%a\n", line);
}

/* shim installs SHIM_LOCK_PROTOCOL (its GUID is MokListRT's vendor GUID) before it starts us. */
static int efi_shim_present(void *ctx)
{
	static const sb_guid shim_lock = SB_GUID_SHIM_LOCK;
	void *iface = NULL;

	return uefi_call_wrapper(BS->LocateProtocol, 3, (EFI_GUID *)&shim_lock, NULL, &iface) ==
	       EFI_SUCCESS && iface;
}

static int efi_measure(void *ctx, uint32_t pcr, uint32_t type, const uint8_t *data, size_t len)
{
	return sb_tcg2_measure(pcr, type, data, len);
}

static const struct carrier_ops efi_ops = {
	.get_variable = efi_get_variable,
	.set_variable = efi_set_variable,
	.alloc = efi_alloc,
	.free = efi_free,
	.alloc_runtime = efi_alloc_runtime,
	.free_runtime = efi_free,
	.find_config_table = efi_find_config_table,
	.install_config_table = efi_install_config_table,
	.print = efi_print,
	.shim_present = efi_shim_present,
	.measure = efi_measure,
};

/*
 * A text section (.chain, .cmdline) as UCS-2: printable ASCII only, trailing NUL/CR/LF dropped
 * (tools may add a newline). Returns a pool buffer, or NULL with *err set.
 */
static CHAR16 *section_text(const uint8_t *p, size_t len, size_t max, int *err)
{
	CHAR16 *w;

	while (len && (p[len - 1] == 0 || p[len - 1] == '\n' || p[len - 1] == '\r'))
		len--;
	if (len == 0 || len > max) {
		*err = SB_E_MALFORMED;
		return NULL;
	}
	for (size_t i = 0; i < len; i++) {
		if (p[i] < 0x20 || p[i] > 0x7e) {
			*err = SB_E_MALFORMED;
			return NULL;
		}
	}
	w = AllocatePool((len + 1) * sizeof(CHAR16));
	if (!w) {
		*err = SB_E_NOMEM;
		return NULL;
	}
	for (size_t i = 0; i < len; i++)
		w[i] = p[i];
	w[len] = 0;
	return w;
}

/* Load .chain from our own device (the firmware verifies it) and start it with .cmdline. */
static EFI_STATUS chain(EFI_HANDLE image, EFI_LOADED_IMAGE *li, const struct pe_image *pe)
{
	const uint8_t *p;
	size_t len;
	CHAR16 *path = NULL, *cmdline = NULL;
	EFI_STATUS st;
	int rc;

	rc = pe_find_section(pe, ".chain", &p, &len);
	if (rc == SB_E_NOT_FOUND) {
		Print(L"carrier: no .chain: returning to the caller\n");
		return EFI_SUCCESS;
	}
	if (rc || !(path = section_text(p, len, CHAIN_MAX, &rc))) {
		Print(L"carrier: .chain is malformed (%a): not chaining\n", sb_strerror(rc));
		return EFI_LOAD_ERROR;
	}
	rc = pe_find_section(pe, ".cmdline", &p, &len);
	if (rc == 0 && !(cmdline = section_text(p, len, CMDLINE_MAX, &rc))) {
		Print(L"carrier: .cmdline is malformed (%a): not chaining\n", sb_strerror(rc));
		st = EFI_LOAD_ERROR;
		goto out_path;
	} else if (rc && rc != SB_E_NOT_FOUND) {
		Print(L"carrier: .cmdline: %a: not chaining\n", sb_strerror(rc));
		st = EFI_LOAD_ERROR;
		goto out_path;
	}
	st = chainload(image, li->DeviceHandle, path, cmdline, L"carrier");
	if (cmdline)
		FreePool(cmdline);
out_path:
	FreePool(path);
	return st;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	EFI_LOADED_IMAGE *li = NULL;
	struct pe_image pe;
	struct carrier_result res;
	const uint8_t *keylist, *opts;
	size_t keylist_len, opts_len;
	unsigned options = 0;
	EFI_STATUS st;
	int rc;

	InitializeLib(image, systab);
	Print(L"carrier: sbkexec key carrier\n");
	st = uefi_call_wrapper(BS->HandleProtocol, 3, image, &LoadedImageProtocol, (void **)&li);
	if (EFI_ERROR(st)) {
		Print(L"carrier: no EFI_LOADED_IMAGE_PROTOCOL: %r\n", st);
		return st;
	}
	/* Our own image as loaded: sections by VirtualAddress, bounded by ImageSize. */
	rc = pe_parse(li->ImageBase, (size_t)li->ImageSize, PE_LAYOUT_MEMORY, &pe);
	if (rc) {
		/* Without our own headers there is no .chain either; nothing sensible is left. */
		Print(L"carrier: cannot parse own image (%a): nothing published\n", sb_strerror(rc));
		return EFI_LOAD_ERROR;
	}
	rc = pe_find_section(&pe, ".options", &opts, &opts_len);
	if (rc == 0) {
		options = carrier_parse_options(&efi_ops, opts, opts_len);
	} else if (rc != SB_E_NOT_FOUND) {
		Print(L"carrier: .options unusable (%a): ignored\n", sb_strerror(rc));
	}
	rc = pe_find_section(&pe, ".keylist", &keylist, &keylist_len);
	if (rc) {
		Print(L"carrier: no usable .keylist section (%a): nothing published\n",
		      sb_strerror(rc));
	} else {
		/* A failure was printed; continue so a bad carrier cannot brick the boot. */
		carrier_publish(&efi_ops, keylist, keylist_len, options, &res);
	}
	return chain(image, li, &pe);
}
