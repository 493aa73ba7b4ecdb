/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unified kernel images: classify a parsed PE and validate its UKI sections once (rules: lib/uki.h). */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>
#include "sb-error.h"
#include "sb-string.h"
#include "pe.h"
#include "uki.h"

/* The specification's names and what each holds (uapi-group UKI spec, "UKI Components"). */
static const struct {
	const char *name;
	const char *role;
	bool loaded;
} sections[UKI_NSECTIONS] = {
	[UKI_LINUX]   = { ".linux",   "kernel (the inner bzImage)", true },
	[UKI_OSREL]   = { ".osrel",   "OS release (os-release), for boot menus", false },
	[UKI_CMDLINE] = { ".cmdline", "kernel command line", true },
	[UKI_INITRD]  = { ".initrd",  "initrd", true },
	[UKI_UCODE]   = { ".ucode",   "microcode initrd", false },
	[UKI_SPLASH]  = { ".splash",  "splash image", false },
	[UKI_DTB]     = { ".dtb",     "device tree", false },
	[UKI_UNAME]   = { ".uname",   "kernel release (uname -r)", false },
	[UKI_SBAT]    = { ".sbat",    "SBAT revocation metadata (shim)", false },
	[UKI_PCRSIG]  = { ".pcrsig",  "signed expected TPM PCR 11 values", false },
	[UKI_PCRPKEY] = { ".pcrpkey", "public key of the PCR signature", false },
	[UKI_PROFILE] = { ".profile", "profile separator (multi-profile UKI)", false },
};

const char *uki_section_name(enum uki_section s)
{
	return s < UKI_NSECTIONS ? sections[s].name : "(not a UKI section)";
}

const char *uki_section_role(enum uki_section s)
{
	return s < UKI_NSECTIONS ? sections[s].role : "stub code or data";
}

bool uki_section_loaded(enum uki_section s)
{
	return s < UKI_NSECTIONS && sections[s].loaded;
}

/* The 8-byte name field, NUL-padded, against a name of at most 8 characters. */
static enum uki_section classify(const char name[9])
{
	unsigned s;

	for (s = 0; s < UKI_NSECTIONS; s++)
		if (memcmp(name, sections[s].name, strlen(sections[s].name) + 1) == 0)
			return (enum uki_section)s;
	return UKI_NSECTIONS;
}

enum uki_section uki_section_of(const struct uki_image *u, unsigned index)
{
	unsigned s;

	for (s = 0; s < UKI_NSECTIONS; s++)
		if (u->part[s].present && u->part[s].index == index)
			return (enum uki_section)s;
	return UKI_NSECTIONS;
}

/* The range a loader fills: VirtualSize bytes, or SizeOfRawData when VirtualSize is 0 (EDK2). */
static uint64_t mem_size(const struct pe_section *s)
{
	return s->virtual_size ? s->virtual_size : s->raw_size;
}

static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return alen && blen && a < b + blen && b < a + alen;
}

/* Section `i` (a UKI section) against the headers and every other section, in memory. */
static int check_overlap(const struct pe_image *pe, unsigned i, const struct pe_section *s)
{
	struct pe_section o;
	unsigned j;
	int err;

	if ((uint64_t)s->virtual_address + mem_size(s) > pe->size_of_image ||
	    ranges_overlap(s->virtual_address, mem_size(s), 0, pe->size_of_headers))
		return SB_E_UKI_OVERLAP;
	for (j = 0; j < pe->nsections; j++) {
		if (j == i)
			continue;
		err = pe_section_get(pe, j, &o);
		if (err)
			return err;
		if (ranges_overlap(s->virtual_address, mem_size(s), o.virtual_address, mem_size(&o)))
			return SB_E_UKI_OVERLAP;
	}
	return 0;
}

/* Bytes the stub decodes as UTF-8 (up to the first NUL) must be ASCII: see uki_cmdline_normalize(). */
static int check_cmdline_ascii(const uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len && p[i]; i++)
		if (p[i] >= 0x80)
			return SB_E_UKI_CMDLINE;
	return 0;
}

int uki_from_pe(const struct pe_image *pe, struct uki_image *out)
{
	struct uki_image u;
	struct pe_section s;
	enum uki_section k;
	unsigned i;
	int err;

	if (!pe || !out || pe->layout != PE_LAYOUT_FILE)
		return SB_E_MALFORMED;
	memset(&u, 0, sizeof(u));
	u.pe = *pe;
	for (i = 0; i < pe->nsections; i++) {
		err = pe_section_get(pe, i, &s);
		if (err)
			return err;
		k = classify(s.name);
		if (k == UKI_NSECTIONS)
			continue;
		if (u.part[k].present)
			return SB_E_UKI_DUPLICATE;
		u.part[k].present = true;
		u.part[k].index = i;
		u.part[k].virtual_address = s.virtual_address;
		u.part[k].virtual_size = s.virtual_size;
		u.part[k].raw_size = s.raw_size;
		u.part[k].raw_offset = s.raw_offset;
	}
	if (!u.part[UKI_LINUX].present)
		return SB_E_NOT_FOUND;
	/* Structure before variants: a malformed table is malformed whatever it holds. */
	for (k = 0; k < UKI_NSECTIONS; k++) {
		struct uki_part *p = &u.part[k];

		if (!p->present)
			continue;
		err = pe_section_get(pe, p->index, &s);
		if (err)
			return err;
		err = check_overlap(pe, p->index, &s);
		if (err)
			return err;
		if (uki_section_loaded(k) && p->virtual_size > p->raw_size)
			return SB_E_UKI_VSIZE;
		/* pe_parse() checked the raw data lies inside the file (SizeOfRawData != 0). */
		p->len = uki_section_loaded(k) ? p->virtual_size :
			 p->virtual_size < p->raw_size ? p->virtual_size : p->raw_size;
		p->data = p->raw_size ? pe->data + p->raw_offset : pe->data;
	}
	if (u.part[UKI_LINUX].len == 0)
		return SB_E_UKI_EMPTY_LINUX;
	if (u.part[UKI_PROFILE].present)
		return SB_E_UKI_PROFILE;
	if (u.part[UKI_UCODE].present)
		return SB_E_UKI_UCODE;
	if (u.part[UKI_CMDLINE].present) {
		err = check_cmdline_ascii(u.part[UKI_CMDLINE].data, u.part[UKI_CMDLINE].len);
		if (err)
			return err;
	}
	*out = u;
	return 0;
}

int uki_parse(const uint8_t *data, size_t len, struct uki_image *out)
{
	struct pe_image pe;
	int err;

	err = pe_parse(data, len, PE_LAYOUT_FILE, &pe);
	if (err)
		return err;
	return uki_from_pe(&pe, out);
}

/* systemd src/boot/efi/util.c shall_be_whitespace(): every control character, space and DEL. */
static bool stub_whitespace(uint8_t c)
{
	return c <= 0x20 || c == 0x7f;
}

int uki_cmdline_normalize(const uint8_t *in, size_t len, char *out, size_t outlen)
{
	size_t i = 0, o = 0, end = 0;
	int err;

	if (!out || (len && !in))
		return SB_E_MALFORMED;
	if (outlen < len + 1)
		return SB_E_BUFFER_SMALL;
	err = check_cmdline_ascii(in, len);
	if (err)
		return err;
	while (i < len && in[i] && stub_whitespace(in[i]))
		i++;
	for (; i < len && in[i]; i++) {
		if (stub_whitespace(in[i])) {
			out[o++] = ' ';
			continue;
		}
		out[o++] = (char)in[i];
		end = o;        /* after the last non-whitespace byte */
	}
	out[end] = '\0';
	return 0;
}
