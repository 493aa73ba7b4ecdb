/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Host tests of the purgatory's verification code (lib/sha256.c) against OpenSSL, and of filling the blob. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/evp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "test.h"
#include "sb-error.h"
#include "sha256.h"
#include "../purgatory/purgatory-abi.h"
#include "../purgatory/purgatory-blob.h"
#include "../purgatory/verify.h"
#include "../kexec/x86_64/purgatory-params.h"

#define NREG 3
static uint8_t *bufs[NREG];
static const size_t lens[NREG] = { 1, 4096, (1u << 20) + 13 };

static void openssl_sha256(const void *p, size_t n, uint8_t out[32])
{
	unsigned int len = 0;

	if (EVP_Digest(p, n, out, &len, EVP_sha256(), NULL) != 1 || len != 32)
		abort();
}

/* A parameter block filled by hand (not by purgatory_params_fill) with OpenSSL digests. */
static void make_params(struct purgatory_params *p)
{
	unsigned i;

	memset(p, 0, sizeof(*p));
	p->magic = PURGATORY_MAGIC;
	p->version = PURGATORY_VERSION;
	p->nregions = NREG;
	p->entry_rip = 0x1000200;
	p->entry_rsi = 0x8000;
	p->serial_port = 0x3f8;
	for (i = 0; i < NREG; i++) {
		p->regions[i].start = (uintptr_t)bufs[i];
		p->regions[i].len = lens[i];
		openssl_sha256(bufs[i], lens[i], p->regions[i].sha256);
	}
}

static void test_all_regions_match(void)
{
	struct purgatory_params p;
	uint32_t bad = 7;
	char line[160];

	make_params(&p);
	T_EQ_INT(purgatory_verify(&p, &bad), SB_OK);
	T_EQ_INT(bad, PURGATORY_NO_REGION);
	purgatory_describe(SB_OK, bad, &p, line, sizeof(line));
	T_CHECK(strcmp(line, "sbkexec purgatory: 3 regions verified, entering kernel at 0x1000200") == 0);
	p.flags = PURGATORY_FLAG_CRASH;
	purgatory_describe(SB_OK, bad, &p, line, sizeof(line));
	T_CHECK(strstr(line, "entering crash kernel at 0x1000200") != NULL);
}

/* lib/sha256.c (as the purgatory runs it) equals OpenSSL on every length around block edges. */
static void test_lengths_against_openssl(void)
{
	struct purgatory_params p;
	uint8_t *data = malloc(1000);
	uint32_t bad;
	size_t n;

	T_CHECK(data != NULL);
	if (!data)
		return;
	for (n = 0; n < 1000; n++)
		data[n] = (uint8_t)(n * 131 + 7);
	for (n = 1; n <= 1000; n++) {
		make_params(&p);
		p.nregions = 1;
		p.regions[0].start = (uintptr_t)data;
		p.regions[0].len = n;
		openssl_sha256(data, n, p.regions[0].sha256);
		if (purgatory_verify(&p, &bad) != SB_OK) {
			printf("#   length %zu: lib/sha256.c differs from OpenSSL\n", n);
			T_CHECK(0);
			break;
		}
	}
	free(data);
}

/* Any single flipped byte (first, middle, last of each region) is caught and named. */
static void test_mismatch_named(void)
{
	unsigned i, k;

	for (i = 0; i < NREG; i++) {
		const size_t where[3] = { 0, lens[i] / 2, lens[i] - 1 };

		for (k = 0; k < 3; k++) {
			struct purgatory_params p;
			uint32_t bad = 99;
			char line[160], want[160];

			make_params(&p);
			bufs[i][where[k]] ^= 0x01;
			T_EQ_INT(purgatory_verify(&p, &bad), SB_E_REJECTED);
			T_EQ_INT(bad, i);
			purgatory_describe(SB_E_REJECTED, bad, &p, line, sizeof(line));
			snprintf(want, sizeof(want),
				 "sbkexec purgatory: SHA-256 mismatch in region %u (0x%llx+0x%llx), halting", i,
				 (unsigned long long)p.regions[i].start, (unsigned long long)p.regions[i].len);
			T_CHECK(strcmp(line, want) == 0);
			bufs[i][where[k]] ^= 0x01;
			T_EQ_INT(purgatory_verify(&p, &bad), SB_OK);
		}
	}
}

static void test_wrong_table_digest(void)
{
	struct purgatory_params p;
	uint32_t bad;

	make_params(&p);
	p.regions[2].sha256[31] ^= 0x80;
	T_EQ_INT(purgatory_verify(&p, &bad), SB_E_REJECTED);
	T_EQ_INT(bad, 2);
}

/* Data-driven: each malformed block, its expected verdict and named region. */
static void test_malformed_blocks(void)
{
	static const struct {
		const char *name;
		int field;
		uint32_t want_bad;
	} cases[] = {
		{ "bad magic", 0, PURGATORY_NO_REGION },
		{ "bad version", 1, PURGATORY_NO_REGION },
		{ "zero regions (unfilled block)", 2, PURGATORY_NO_REGION },
		{ "17 regions", 3, PURGATORY_NO_REGION },
		{ "entry_rip 0", 4, PURGATORY_NO_REGION },
		{ "reserved set", 5, PURGATORY_NO_REGION },
		{ "region 1 empty", 6, 1 },
		{ "region 2 wraps", 7, 2 },
	};
	size_t c;

	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct purgatory_params p;
		uint32_t bad = 1234;
		int rc;

		make_params(&p);
		switch (cases[c].field) {
		case 0: p.magic ^= 1; break;
		case 1: p.version = 2; break;
		case 2: p.nregions = 0; break;
		case 3: p.nregions = PURGATORY_MAX_REGIONS + 1; break;
		case 4: p.entry_rip = 0; break;
		case 5: p.reserved = 1; break;
		case 6: p.regions[1].len = 0; break;
		case 7: p.regions[2].start = UINT64_MAX - 2; p.regions[2].len = 4; break;
		}
		rc = purgatory_verify(&p, &bad);
		t_result(rc == SB_E_MALFORMED && bad == cases[c].want_bad,
			 "malformed block refused: %s (rc %d, region %u)", cases[c].name, rc, bad);
	}
}

static void test_describe_truncates(void)
{
	struct purgatory_params p;
	char small[9];

	make_params(&p);
	memset(small, 'x', sizeof(small));
	purgatory_describe(SB_E_REJECTED, 1, &p, small, sizeof(small));
	T_CHECK(strcmp(small, "sbkexec ") == 0);
	purgatory_describe(SB_E_MALFORMED, PURGATORY_NO_REGION, &p, small, 0); /* must not write */
	T_CHECK(strcmp(small, "sbkexec ") == 0);
}

static void test_blob_layout(void)
{
	struct purgatory_params p;
	uint32_t bad;

	T_CHECK(sb_purgatory_blob_size > 0);
	T_CHECK(sb_purgatory_entry_offset < sb_purgatory_blob_size);
	T_CHECK(sb_purgatory_params_offset % 8 == 0);
	T_CHECK(sb_purgatory_params_offset + sizeof(p) <= sb_purgatory_blob_size);
	T_CHECK(sb_purgatory_mem_size >= sb_purgatory_blob_size);
	memcpy(&p, sb_purgatory_blob + sb_purgatory_params_offset, sizeof(p));
	T_CHECK(p.magic == PURGATORY_MAGIC);
	T_EQ_INT(p.version, PURGATORY_VERSION);
	/* As shipped, the block must be refused: an unfilled purgatory never jumps. */
	T_EQ_INT(p.nregions, 0);
	T_EQ_INT(purgatory_verify(&p, &bad), SB_E_MALFORMED);
}

static uint8_t *blob_copy(void)
{
	uint8_t *b = malloc(sb_purgatory_blob_size);

	if (!b)
		abort();
	memcpy(b, sb_purgatory_blob, sb_purgatory_blob_size);
	return b;
}

/* The kexec side fills the real blob; the purgatory side (lib/sha256.c) accepts it. */
static void test_fill_then_verify(void)
{
	struct purgatory_segment segs[NREG];
	struct purgatory_setup in = { segs, NREG, 0x1000200, 0x8000, 0, 0x3f8, PURGATORY_FLAG_CRASH };
	struct purgatory_params p;
	uint8_t *blob = blob_copy();
	uint32_t bad;
	unsigned i;

	for (i = 0; i < NREG; i++) {
		segs[i].buf = bufs[i];
		segs[i].bufsz = lens[i];
		segs[i].mem = (uintptr_t)bufs[i]; /* host address stands in for the physical one */
	}
	T_EQ_INT(purgatory_params_fill(blob, sb_purgatory_blob_size, sb_purgatory_params_offset, &in), 0);
	memcpy(&p, blob + sb_purgatory_params_offset, sizeof(p));
	T_EQ_INT(p.nregions, NREG);
	T_CHECK(p.entry_rip == 0x1000200 && p.entry_rsi == 0x8000 && p.entry_rsp == 0);
	T_EQ_INT(p.serial_port, 0x3f8);
	T_EQ_INT(p.flags, PURGATORY_FLAG_CRASH);
	T_EQ_INT(purgatory_verify(&p, &bad), SB_OK);
	/* Bytes outside the block are the blob's own. */
	T_EQ_MEM(blob, sb_purgatory_blob, sb_purgatory_params_offset);
	bufs[1][100] ^= 0xff;
	T_EQ_INT(purgatory_verify(&p, &bad), SB_E_REJECTED);
	T_EQ_INT(bad, 1);
	bufs[1][100] ^= 0xff;
	free(blob);
}

static void test_fill_refusals(void)
{
	struct purgatory_segment segs[PURGATORY_MAX_REGIONS + 1];
	uint8_t *blob = blob_copy();
	size_t i;
	struct {
		const char *name;
		size_t offset, nsegs;
		uint64_t rip, rsi;
		int wrap;
		int want;
	} cases[] = {
		{ "params offset past the blob", 0, 1, 1, 1, 0, PP_E_BLOB },
		{ "params offset where there is no magic", 0, 1, 1, 1, 0, PP_E_BLOB },
		{ "no segments", 0, 0, 1, 1, 0, PP_E_SEGMENTS },
		{ "17 segments", 0, PURGATORY_MAX_REGIONS + 1, 1, 1, 0, PP_E_SEGMENTS },
		{ "entry rip 0", 0, 1, 0, 1, 0, PP_E_ENTRY },
		{ "boot_params 0", 0, 1, 1, 0, 0, PP_E_ENTRY },
		{ "segment wraps", 0, 1, 1, 1, 1, PP_E_SEGMENT },
	};

	for (i = 0; i < PURGATORY_MAX_REGIONS + 1; i++) {
		segs[i].buf = bufs[1];
		segs[i].bufsz = lens[1];
		segs[i].mem = 0x100000 + i * 0x1000;
	}
	cases[0].offset = sb_purgatory_blob_size - 8;
	cases[1].offset = 0;
	for (i = 2; i < sizeof(cases) / sizeof(cases[0]); i++)
		cases[i].offset = sb_purgatory_params_offset;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct purgatory_setup in = { segs, cases[i].nsegs, cases[i].rip, cases[i].rsi, 0, 0x3f8, 0 };
		int rc;

		segs[0].mem = cases[i].wrap ? UINT64_MAX - 10 : 0x100000;
		rc = purgatory_params_fill(blob, sb_purgatory_blob_size, cases[i].offset, &in);
		t_result(rc == cases[i].want && memcmp(blob, sb_purgatory_blob, sb_purgatory_blob_size) == 0,
			 "fill refused, blob untouched: %s (rc %d)", cases[i].name, rc);
	}
	free(blob);
}

/*
 * Run the real freestanding blob, not a host build: map it at an address the host kernel picks
 * (so position independence is exercised), fill its block, call purgatory_main() at its exported
 * offset. With serial_port 0 it touches no I/O port; on success it returns. On a mismatch it halts
 * with "cli; hlt", which is privileged: in a user process that raises SIGSEGV, which is what a
 * halt looks like from here. Each run is in a child process.
 */
/*
 * Under SANITIZE=1, ASan would catch the halt's SIGSEGV and exit(1) instead: let the signal keep
 * its default action in this program (a real crash still kills it, and run-unit.sh counts that).
 */
const char *__asan_default_options(void);
const char *__asan_default_options(void)
{
	return "handle_segv=0";
}

/* The purgatory's C entry in the mapped blob: int purgatory_main(uint32_t sse_ready). */
typedef int (*purgatory_main_fn)(uint32_t sse_ready);

/*
 * Runs the blob in a child on regions bufs/lens (n of them), one byte of region corrupt_region
 * flipped after the digests were taken (-1: none). Returns the child's exit status, 1000 + the
 * signal that ended it; *engine (shared page) gets purgatory_main()'s return value.
 */
static int run_blob_regions(uint8_t *const *rbufs, const size_t *rlens, unsigned n, int corrupt_region,
			    uint32_t sse_ready, int *engine)
{
	struct purgatory_segment segs[PURGATORY_MAX_REGIONS];
	struct purgatory_setup in = { segs, n, 0x1000200, 0x8000, 0, /* serial_port= */ 0, 0 };
	size_t map_len = (sb_purgatory_mem_size + 4095) & ~(size_t)4095;
	int status = 0, *shared;
	pid_t pid;
	unsigned i;

	shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (shared == MAP_FAILED)
		return -1;
	*shared = -1;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		uint8_t *base = mmap(NULL, map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		purgatory_main_fn entry;

		if (base == MAP_FAILED)
			_exit(10);
		memcpy(base, sb_purgatory_blob, sb_purgatory_blob_size);
		for (i = 0; i < n; i++) {
			segs[i].buf = rbufs[i];
			segs[i].bufsz = rlens[i];
			segs[i].mem = (uintptr_t)rbufs[i];
		}
		if (purgatory_params_fill(base, sb_purgatory_blob_size, sb_purgatory_params_offset, &in) != 0)
			_exit(11);
		if (corrupt_region >= 0)
			rbufs[corrupt_region][rlens[corrupt_region] - 1] ^= 0x40;
		/* Writable too: the blob's .data/.bss (lib/sha256.c's engine choice) live in the same
		   pages as its code, as they do in the identity-mapped RAM the purgatory runs in. */
		if (mprotect(base, map_len, PROT_READ | PROT_WRITE | PROT_EXEC) != 0)
			_exit(12);
		entry = (purgatory_main_fn)(uintptr_t)(base + sb_purgatory_main_offset);
		*shared = entry(sse_ready);
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		status = -1;
	if (engine)
		*engine = *shared;
	munmap(shared, 4096);
	if (status == -1)
		return -1;
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 1000 + WTERMSIG(status);
	return -1;
}

static int run_blob(int corrupt_region)
{
	return run_blob_regions(bufs, lens, NREG, corrupt_region, /* sse_ready= */ 1, NULL);
}

static void test_blob_runs(void)
{
	T_EQ_INT(run_blob(-1), 0);
	T_EQ_INT(run_blob(-1), 0);
}

static void test_blob_halts_on_mismatch(void)
{
	T_EQ_INT(run_blob(0), 1000 + SIGSEGV);
	T_EQ_INT(run_blob(2), 1000 + SIGSEGV);
}

/* The same blob code on both engines, at the lengths around the padding edges and multi-MB. */
static void test_blob_both_engines(void)
{
	static const size_t L[] = { 1, 55, 56, 63, 64, 65, 4096, (1u << 20) + 13, (5u << 20) + 13 };
	uint8_t *b[sizeof(L) / sizeof(L[0])];
	const unsigned n = sizeof(L) / sizeof(L[0]);
	int want_ni = sha256_ni_missing() == NULL, engine;
	unsigned i, k;

	for (i = 0; i < n; i++) {
		b[i] = malloc(L[i]);
		if (!b[i])
			abort();
		for (k = 0; k < L[i]; k++)
			b[i][k] = (uint8_t)(k * 131 + i);
	}
	if (!want_ni)
		printf("#   this CPU has no SHA-NI (%s): the SHA-NI run uses the scalar engine\n", sha256_ni_missing());
	T_EQ_INT(run_blob_regions(b, L, n, -1, /* sse_ready= */ 1, &engine), 0);
	T_EQ_INT(engine, want_ni ? SHA256_ENGINE_SHA_NI : SHA256_ENGINE_SCALAR);
	T_EQ_INT(run_blob_regions(b, L, n, -1, /* sse_ready= */ 0, &engine), 0);
	T_EQ_INT(engine, SHA256_ENGINE_SCALAR);
	/* A flipped last byte of the short and of the multi-MB region halts either engine. */
	for (k = 0; k < 2; k++) {
		T_EQ_INT(run_blob_regions(b, L, n, 2, k, NULL), 1000 + SIGSEGV);
		T_EQ_INT(run_blob_regions(b, L, n, n - 1, k, NULL), 1000 + SIGSEGV);
	}
	for (i = 0; i < n; i++)
		free(b[i]);
}

/* The engine line the OVMF scenarios look for. */
static void test_describe_engine(void)
{
	char line[200];

	purgatory_describe_engine(SHA256_ENGINE_SHA_NI, NULL, 1, line, sizeof(line));
	T_CHECK(strcmp(line, "sbkexec purgatory: SHA-256 engine: sha-ni") == 0);
	purgatory_describe_engine(SHA256_ENGINE_SCALAR, "CPU without SHA extensions: CPUID.(EAX=7,ECX=0):EBX[29] = 0",
				  1, line, sizeof(line));
	T_CHECK(strcmp(line, "sbkexec purgatory: SHA-256 engine: scalar (CPU without SHA extensions: "
		"CPUID.(EAX=7,ECX=0):EBX[29] = 0); SSE on, SSE4.1 layout check ok") == 0);
	purgatory_describe_engine(SHA256_ENGINE_SCALAR, "SSE not enabled by the caller", -1, line, sizeof(line));
	T_CHECK(strcmp(line, "sbkexec purgatory: SHA-256 engine: scalar (SSE not enabled by the caller)") == 0);
	T_EQ_INT(sha256_ni_layout_check(), 1);
}

int main(void)
{
	unsigned i;
	size_t k;

	for (i = 0; i < NREG; i++) {
		bufs[i] = malloc(lens[i]);
		if (!bufs[i])
			return 1;
		for (k = 0; k < lens[i]; k++)
			bufs[i][k] = (uint8_t)(k * 2654435761u >> 13 ^ i);
	}
	t_run("verify: 3 regions with OpenSSL digests pass, success line", test_all_regions_match);
	t_run("verify: lib/sha256.c equals OpenSSL for lengths 1..1000", test_lengths_against_openssl);
	t_run("verify: a flipped byte in any region is rejected and named", test_mismatch_named);
	t_run("verify: a wrong digest in the table is rejected", test_wrong_table_digest);
	test_malformed_blocks();
	t_run("describe: truncates safely", test_describe_truncates);
	t_run("blob: offsets consistent, shipped block refused (fail closed)", test_blob_layout);
	t_run("fill: real blob filled by kexec side verifies in purgatory code", test_fill_then_verify);
	test_fill_refusals();
	t_run("real blob code: purgatory_main() at a host-chosen address verifies and returns", test_blob_runs);
	t_run("real blob code: a corrupted segment makes it halt (cli traps in user mode)", test_blob_halts_on_mismatch);
	t_run("real blob code, SHA-NI and scalar engine: lengths 1..65, 4 KiB, 1 and 5 MiB verify; a flip halts both",
	      test_blob_both_engines);
	t_run("engine line: sha-ni / scalar with the reason; SSE layout self-check", test_describe_engine);
	for (i = 0; i < NREG; i++)
		free(bufs[i]);
	return t_done();
}
