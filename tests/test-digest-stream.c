/* SPDX-License-Identifier: GPL-2.0-or-later */
/* verifier/digest.c's streamed Authenticode SHA-256 against the one-pass digest, its proof step, verifier/file-io.c's private image buffers and its path rule. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "test.h"
#include "gen-pe-image.h"
#include "lib/pe.h"
#include "lib/sb-error.h"
#include "verifier/digest.h"
#include "verifier/efivars.h"
#include "verifier/file-io.h"

#define STEP ((size_t)512 << 10)

/* The digests vf_authenticode_digests() computes in one pass (the reference). */
static void one_pass(const uint8_t *p, size_t len, struct vf_digests *d)
{
	struct pe_image pe;

	memset(d, 0, sizeof(*d));
	T_EQ_INT(pe_parse(p, len, PE_LAYOUT_FILE, &pe), SB_OK);
	T_EQ_INT(vf_authenticode_digests(&pe, ESL_ALG_BIT(ESL_ALG_SHA256), d), SB_OK);
}

/*
 * What kexec/input.c does: parse a copy in which only the first and last `edge` bytes are
 * there (zeros elsewhere, as before the reader filled the middle), plan, hash the real bytes
 * `step` at a time, finish against the parse of the whole image. Returns the early parse's
 * error (kexec then hashes after the read) or vf_stream_finish()'s code.
 */
static int streamed(const uint8_t *p, size_t len, size_t edge, size_t step, struct vf_digests *out)
{
	uint8_t *early = calloc(1, len ? len : 1);
	struct vf_stream st;
	struct pe_image pe;
	size_t head = len < edge ? len : edge, tail = len - head > edge ? len - edge : head, off;
	int ret;

	memcpy(early, p, head);
	memcpy(early + tail, p + tail, len - tail);
	ret = pe_parse(early, len, PE_LAYOUT_FILE, &pe);
	if (ret == SB_OK) {
		/* The plan names offsets; it is used over the real buffer from here on. */
		pe.data = p;
		ret = vf_stream_plan(&st, &pe, false);
	}
	free(early);
	if (ret != SB_OK)
		return ret;
	for (off = step; off < len; off += step)
		T_EQ_INT(vf_stream_update(&st, p, off), SB_OK);
	T_EQ_INT(vf_stream_update(&st, p, len), SB_OK);
	T_EQ_INT(pe_parse(p, len, PE_LAYOUT_FILE, &pe), SB_OK);
	return vf_stream_finish(&st, &pe, out, NULL);
}

static void same_digests(const struct vf_digests *a, const struct vf_digests *b)
{
	T_CHECK(a->algs & ESL_ALG_BIT(ESL_ALG_SHA256));
	T_EQ_MEM(a->d[ESL_ALG_SHA256], b->d[ESL_ALG_SHA256], 32);
	T_EQ_MEM(a->fw[ESL_ALG_SHA256], b->fw[ESL_ALG_SHA256], 32);
	T_EQ_INT(a->padded, b->padded);
}

static void check_image(struct gen_pe *g, size_t edge, size_t step)
{
	struct vf_digests ref, got = { 0 };
	struct pe_image pe;

	one_pass(g->buf, g->len, &ref);
	T_EQ_INT(streamed(g->buf, g->len, edge, step, &got), SB_OK);
	same_digests(&got, &ref);
	T_EQ_INT(pe_parse(g->buf, g->len, PE_LAYOUT_FILE, &pe), SB_OK);
	T_CHECK(vf_digests_of(&got, &pe));
}

static void test_signed_image(void)
{
	struct gen_pe g;

	gen_pe_base(&g);
	gen_pe_add_cert(&g, 300, /* pad= */ 1, /* align= */ 1);
	check_image(&g, GEN_HEADERS, 64);
	check_image(&g, GEN_HEADERS, 1);
	check_image(&g, g.len, 7);
	gen_pe_free(&g);
}

static void test_unsigned_odd_length(void)
{
	struct gen_pe g;

	/* Unsigned and not a multiple of 8: padded and firmware digests differ. */
	gen_pe_base(&g);
	gen_pe_append(&g, "xyz", 3);
	check_image(&g, GEN_HEADERS, 100);
	gen_pe_free(&g);
}

static void test_real_kernel(void)
{
	struct vf_image_buf b;
	struct vf_digests ref, got = { 0 };
	int fd = open("build/kernel/vmlinuz", O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		printf("# build/kernel/vmlinuz missing (make deps): skipped\n");
		return;
	}
	T_EQ_INT(vf_read_fd_private(fd, &b, 64u << 20), SB_OK);
	close(fd);
	one_pass(b.data, b.len, &ref);
	T_EQ_INT(streamed(b.data, b.len, STEP, STEP, &got), SB_OK);
	same_digests(&got, &ref);
	vf_image_buf_free(&b);
}

/* Headers not yet read when the early parse runs: it fails, and no plan is made (kexec then
   hashes once the read is complete). */
static void test_early_parse_without_headers(void)
{
	struct gen_pe g;
	struct vf_digests got = { 0 };

	gen_pe_base(&g);
	gen_pe_add_cert(&g, 300, 1, 1);
	T_CHECK(streamed(g.buf, g.len, 64, 64, &got) != SB_OK);
	T_EQ_INT(got.algs, 0);
	gen_pe_free(&g);
}

/* The proof step: a plan from one image and a finish with another parse is not taken. */
static void test_finish_refuses_other_ranges(void)
{
	struct gen_pe a, u;
	struct vf_stream st;
	struct vf_digests got = { 0 };
	struct pe_image pa, pu;

	gen_pe_base(&a);
	gen_pe_add_cert(&a, 300, 1, 1);
	gen_pe_base(&u);
	gen_pe_append(&u, a.buf + u.len, a.len - u.len);   /* same bytes after the headers... */
	memcpy(u.buf, a.buf, GEN_HEADERS);                  /* ...and the same headers, */
	gen_put32(u.buf + GEN_CERTDIR, 0);                  /* but no certificate table */
	gen_put32(u.buf + GEN_CERTDIR + 4, 0);
	T_EQ_INT(pe_parse(a.buf, a.len, PE_LAYOUT_FILE, &pa), SB_OK);
	T_EQ_INT(pe_parse(u.buf, u.len, PE_LAYOUT_FILE, &pu), SB_OK);
	T_EQ_INT(vf_stream_plan(&st, &pa, false), SB_OK);
	T_EQ_INT(vf_stream_update(&st, a.buf, a.len), SB_OK);
	T_EQ_INT(vf_stream_finish(&st, &pu, &got, NULL), SB_E_UNSUPPORTED);
	T_EQ_INT(got.algs, 0);
	/* Not everything hashed yet: refused too. */
	T_EQ_INT(vf_stream_plan(&st, &pa, false), SB_OK);
	T_EQ_INT(vf_stream_update(&st, a.buf, a.len / 2), SB_OK);
	T_EQ_INT(vf_stream_finish(&st, &pa, &got, NULL), SB_E_UNSUPPORTED);
	T_EQ_INT(got.algs, 0);
	gen_pe_free(&a);
	gen_pe_free(&u);
}

/* Digests stand for an image only when computed over its very bytes, as Authenticode. */
static void test_digests_of(void)
{
	struct gen_pe g;
	struct vf_digests d = { 0 }, f = { 0 };
	struct pe_image pe, other;
	uint8_t *copy;

	gen_pe_base(&g);
	gen_pe_add_cert(&g, 64, 1, 1);
	copy = malloc(g.len);
	memcpy(copy, g.buf, g.len);
	T_EQ_INT(pe_parse(g.buf, g.len, PE_LAYOUT_FILE, &pe), SB_OK);
	T_EQ_INT(pe_parse(copy, g.len, PE_LAYOUT_FILE, &other), SB_OK);
	T_EQ_INT(vf_authenticode_digests(&pe, ESL_ALG_BIT(ESL_ALG_SHA256), &d), SB_OK);
	T_CHECK(vf_digests_of(&d, &pe));
	T_CHECK(!vf_digests_of(&d, &other));        /* equal bytes elsewhere: not these */
	T_EQ_INT(vf_file_digests(g.buf, g.len, ESL_ALG_BIT(ESL_ALG_SHA256), &f), SB_OK);
	T_CHECK(!vf_digests_of(&f, &pe));           /* file digests are not Authenticode ones */
	/* Neither function adds algorithms to digests of other bytes or of the other kind. */
	T_EQ_INT(vf_authenticode_digests(&other, ESL_ALG_BIT(ESL_ALG_SHA384), &d), SB_E_UNSUPPORTED);
	T_EQ_INT(vf_file_digests(g.buf, g.len, ESL_ALG_BIT(ESL_ALG_SHA384), &d), SB_E_UNSUPPORTED);
	T_EQ_INT(vf_authenticode_digests(&pe, ESL_ALG_BIT(ESL_ALG_SHA384), &d), SB_OK);
	T_EQ_INT(d.algs, ESL_ALG_BIT(ESL_ALG_SHA256) | ESL_ALG_BIT(ESL_ALG_SHA384));
	free(copy);
	gen_pe_free(&g);
}

static const char *tmpfile_with(const char *name, size_t len)
{
	static char path[256];
	FILE *f;
	size_t i;

	snprintf(path, sizeof(path), "%s/sbk-digest-stream-%d-%s", getenv("TMPDIR") ? getenv("TMPDIR") :
		 "/tmp", (int)getpid(), name);
	f = fopen(path, "wb");
	for (i = 0; f && i < len; i++)
		fputc((int)(i * 7 + 3) & 0xff, f);
	if (f)
		fclose(f);
	return path;
}

/* Private buffers: exact bytes, huge-page sized mapping for large files, refusals. */
static void test_private_read(void)
{
	const char *path = tmpfile_with("big", (3u << 20) + 5);
	struct vf_image_buf b = { 0 }, t;
	int fd = open(path, O_RDWR), saved;
	size_t i;
	bool same = true;

	T_CHECK(fd >= 0);
	T_EQ_INT(vf_read_fd_private(fd, &b, 64u << 20), SB_OK);
	T_EQ_INT(b.len, (3u << 20) + 5);
	T_CHECK(b.map != NULL);
	for (i = 0; i < b.len; i++)
		same &= b.data[i] == (uint8_t)((i * 7 + 3) & 0xff);
	T_CHECK(same);
	vf_image_buf_free(&b);
	/* Larger than max: EFBIG. */
	T_EQ_INT(vf_read_fd_private(fd, &b, 1u << 20), SB_E_IO);
	saved = errno;
	T_EQ_INT(saved, EFBIG);
	/* It grew after the size was taken: EAGAIN at the seal. */
	T_EQ_INT(vf_image_buf_alloc(fd, &t, 64u << 20), SB_OK);
	T_EQ_INT(vf_image_buf_fill(fd, &t, 0, t.len), SB_OK);
	T_EQ_INT(pwrite(fd, "!", 1, (off_t)t.len), 1);
	T_EQ_INT(vf_image_buf_seal(fd, &t), SB_E_IO);
	saved = errno;
	T_EQ_INT(saved, EAGAIN);
	vf_image_buf_free(&t);
	/* It shrank after the size was taken: EAGAIN at the fill. */
	T_EQ_INT(vf_image_buf_alloc(fd, &t, 64u << 20), SB_OK);
	T_EQ_INT(ftruncate(fd, 100), 0);
	T_EQ_INT(vf_image_buf_fill(fd, &t, 0, t.len), SB_E_IO);
	saved = errno;
	T_EQ_INT(saved, EAGAIN);
	vf_image_buf_free(&t);
	close(fd);
	unlink(path);
	/* Not a regular file: EINVAL. */
	fd = open("/dev/null", O_RDONLY);
	T_EQ_INT(vf_read_fd_private(fd, &b, 64u << 20), SB_E_IO);
	saved = errno;
	T_EQ_INT(saved, EINVAL);
	close(fd);
	/* A small file comes from malloc and reads the same. */
	path = tmpfile_with("small", 10);
	fd = open(path, O_RDONLY);
	T_EQ_INT(vf_read_fd_private(fd, &b, 64u << 20), SB_OK);
	T_EQ_INT(b.len, 10);
	T_CHECK(b.map == NULL);
	T_EQ_INT(b.data[9], (9 * 7 + 3) & 0xff);
	vf_image_buf_free(&b);
	close(fd);
	unlink(path);
}

/* vf_path refuses a path that does not fit; an efivarfs read below such a directory is an I/O
   error (unreadable), never "not found" (absent), and reads nothing. */
static void test_path_truncation(void)
{
	char buf[16], dir[5000];
	uint8_t *data = (uint8_t *)"untouched";
	size_t len = 7;
	uint32_t attrs = 0x5a;

	T_EQ_INT(vf_path(buf, sizeof(buf), "%s/%s", "/sys", "firmware"), 0);
	T_CHECK(strcmp(buf, "/sys/firmware") == 0);
	T_EQ_INT(vf_path(buf, sizeof(buf), "%s/%s", "/sys", "firmware/e"), 0);     /* 15 + NUL: fits */
	errno = 0;
	T_EQ_INT(vf_path(buf, sizeof(buf), "%s/%s", "/sys", "firmware/ef"), -1);   /* 16 + NUL */
	T_EQ_INT(errno, ENAMETOOLONG);
	T_CHECK(buf[0] == '\0');
	memset(dir, 'd', sizeof(dir) - 1);
	dir[0] = '/';
	dir[sizeof(dir) - 1] = '\0';
	errno = 0;
	T_EQ_INT(vf_efivar_read(dir, "SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c", &attrs, &data, &len), SB_E_IO);
	T_EQ_INT(errno, ENAMETOOLONG);
	T_CHECK(attrs == 0x5a && len == 7 && strcmp((const char *)data, "untouched") == 0);
}

int main(void)
{
	t_run("streamed digest of a signed image equals the one-pass digest", test_signed_image);
	t_run("streamed digest of an unsigned odd-length image: padded and firmware digests", test_unsigned_odd_length);
	t_run("streamed digest of Debian's kernel in 512 KiB steps, early parse of head and tail only", test_real_kernel);
	t_run("early parse without the headers: no plan, no digests", test_early_parse_without_headers);
	t_run("finish refuses a plan the complete image's walk does not name, and a partial hash", test_finish_refuses_other_ranges);
	t_run("digests stand only for the bytes and kind they were computed over", test_digests_of);
	t_run("private image buffers: exact bytes, EFBIG, grown/shrunk while read (EAGAIN), EINVAL", test_private_read);
	t_run("paths that do not fit are refused (ENAMETOOLONG), an efivar below one is unreadable", test_path_truncation);
	return t_done();
}
