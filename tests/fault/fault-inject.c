/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Test-only link seam (ld --wrap) for kexec and key-loader: fail the Nth read or allocation, fake /proc, /sys, the load syscalls and the keyrings, and record what would have been changed. */
/*
 * Linked only into $(BUILD)/tests/fault/{kexec,key-loader}-fault (tests/fault/fault.mk): the
 * same objects as the shipped binaries plus this file, with -Wl,--wrap=SYMBOL for every symbol
 * below. The shipped binaries contain none of it. The static build wraps libc, libcrypto and
 * libkeyutils references too (all are linked in); the SANITIZE=1 build is dynamic, so there only
 * our own objects' calls are wrapped (OpenSSL allocates through libcrypto.so itself).
 *
 * Environment (all optional):
 *   SBK_FAULT=read:N:KIND  the Nth read (N >= 1) of a file this process opened fails once:
 *                          KIND eio (-1, EIO), eintr (-1, EINTR) or short (half of what was
 *                          asked, at least 1 byte). Reads: read() on a descriptor from open(),
 *                          and every read a stdio stream from fopen() makes (such streams are
 *                          fopencookie() streams over that descriptor, so stdio itself sees the
 *                          failure: ferror(), a short fgets()). Not /dev/ files.
 *   SBK_FAULT=alloc:N      the Nth malloc/calloc/realloc after main() started returns NULL once.
 *   SBK_FAULT_ROOT=DIR     paths under /proc/ and /sys/ are taken below DIR (open, fopen, access,
 *                          opendir), as kexec/x86_64/probe.c's own root prefix does for its tests.
 *                          DIR/fake-keyring describes the fake keyrings (below).
 *   SBK_FAULT_LOG=FILE     what would have changed the system, one line each: kexec_file_load
 *                          and kexec_load (with the SHA-256 of every byte handed over), add_key,
 *                          keyctl_unlink, keyctl_setperm; at exit "final:" lines with every key
 *                          left in the fake keyrings. The syscalls themselves are never made.
 *   SBK_FAULT_REPORT=FILE  at exit: "reads N", "allocs N", "injected 0|1".
 *
 * Fake keyrings (libkeyutils calls): @u is ring 100, @s ring 101. DIR/fake-keyring lines:
 *   "ring ID NAME PARENT"  a keyring (PARENT 100 or 101, or 0: reachable only by its id, as the
 *                          kernel's own .blacklist is, through /proc/keys)
 *   "key RING TYPE DESC"   a key of TYPE with description DESC (the rest of the line) in ring RING
 *                          (blacklist "bin:<hex>", asymmetric "<CN>: <SKID>")
 * keyctl_search() finds keyrings by name under a ring and keys by type and description; an
 * asymmetric key added here has no description to search for ("ex:..." finds nothing).
 */
#include <errno.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include "lib/sha256.h"

typedef int32_t key_serial_t;

/* The real functions (ld --wrap=X turns our X calls into __wrap_X, __real_X into X). */
int __real_open(const char *path, int flags, ...);
int __real_open64(const char *path, int flags, ...);
FILE *__real_fopen(const char *path, const char *mode);
FILE *__real_fopen64(const char *path, const char *mode);
ssize_t __real_read(int fd, void *buf, size_t count);
ssize_t __real_pread(int fd, void *buf, size_t count, off_t off);
ssize_t __real_pread64(int fd, void *buf, size_t count, off64_t off);
ssize_t __real___read_chk(int fd, void *buf, size_t count, size_t buflen);
int __real_access(const char *path, int mode);
DIR *__real_opendir(const char *path);
int __real_close(int fd);
void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
long __real_syscall(long number, ...);

/* ------------------------------------------------------------------ configuration, report */

enum fault_kind { FAULT_NONE, FAULT_EIO, FAULT_EINTR, FAULT_SHORT, FAULT_ALLOC };

static struct {
	int armed;                /* main() is about to run: count from here */
	enum fault_kind kind;
	unsigned long at;         /* the call number that fails */
	unsigned long reads, allocs;
	int injected;
	const char *root;
	const char *log;
	const char *report;
} F;

static void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void log_line(const char *fmt, ...)
{
	char line[8192];
	va_list ap;
	int fd, n;

	if (!F.log)
		return;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	fd = __real_open(F.log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (write(fd, line, (size_t)n) != n)
		fprintf(stderr, "fault-inject: cannot write %s\n", F.log);
	__real_close(fd);
}

static void hex(const uint8_t *d, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[d[i] >> 4];
		out[2 * i + 1] = digits[d[i] & 15];
	}
	out[2 * n] = '\0';
}

/* SHA-256 of bytes in memory, as hex (lib/sha256.c: no allocation, so nothing is counted). */
static void sha_mem(const void *data, size_t len, char out[65])
{
	uint8_t d[32];

	sha256(data, len, d);
	hex(d, 32, out);
}

/* SHA-256 of what a descriptor holds (the real pread: neither counted nor faulted). */
static void sha_fd(int fd, char out[65])
{
	struct sha256_ctx c;
	static uint8_t buf[65536];
	uint8_t d[32];
	off_t off = 0;
	ssize_t n;

	sha256_init(&c);
	while ((n = __real_pread(fd, buf, sizeof(buf), off)) > 0) {
		sha256_update(&c, buf, (size_t)n);
		off += n;
	}
	sha256_final(&c, d);
	hex(d, 32, out);
}

static void keys_final(void);

static void write_report(void)
{
	char text[256];
	int fd, n;

	keys_final();
	if (!F.report)
		return;
	n = snprintf(text, sizeof(text), "reads %lu\nallocs %lu\ninjected %d\n", F.reads, F.allocs, F.injected);
	fd = __real_open(F.report, O_WRONLY | O_TRUNC | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	if (write(fd, text, (size_t)n) != n)
		fprintf(stderr, "fault-inject: cannot write %s\n", F.report);
	__real_close(fd);
}

static void keys_load(void);

/* Runs after libc and before main(): what main() does is counted, the startup is not. */
__attribute__((constructor)) static void fault_init(void)
{
	const char *spec = getenv("SBK_FAULT");

	if (spec && !*spec)
		spec = NULL;
	char kind[16] = "";

	F.root = getenv("SBK_FAULT_ROOT");
	F.log = getenv("SBK_FAULT_LOG");
	F.report = getenv("SBK_FAULT_REPORT");
	if (spec && sscanf(spec, "read:%lu:%15s", &F.at, kind) == 2) {
		F.kind = strcmp(kind, "eio") == 0 ? FAULT_EIO : strcmp(kind, "eintr") == 0 ? FAULT_EINTR :
			 strcmp(kind, "short") == 0 ? FAULT_SHORT : FAULT_NONE;
	} else if (spec && sscanf(spec, "alloc:%lu", &F.at) == 1) {
		F.kind = FAULT_ALLOC;
	}
	if (spec && (F.kind == FAULT_NONE || F.at == 0)) {
		fprintf(stderr, "fault-inject: SBK_FAULT=%s: want read:N:eio|eintr|short or alloc:N\n", spec);
		_exit(99);
	}
	keys_load();
	atexit(write_report);
	F.armed = 1;
}

/* ------------------------------------------------------------------ paths and descriptors */

/* Descriptors this process opened on files (reads on them are counted). */
static unsigned char tracked[4096];

static const char *remap(const char *path, char *buf, size_t len)
{
	if (F.root && path && (strncmp(path, "/proc/", 6) == 0 || strncmp(path, "/sys/", 5) == 0 ||
			       strcmp(path, "/proc") == 0 || strcmp(path, "/sys") == 0)) {
		snprintf(buf, len, "%s%s", F.root, path);
		return buf;
	}
	return path;
}

static int counts(const char *path)
{
	return path && strncmp(path, "/dev/", 5) != 0;
}

static int track(int fd, const char *path)
{
	if (fd >= 0 && fd < (int)sizeof(tracked))
		tracked[fd] = (unsigned char)counts(path);
	return fd;
}

static int open_common(int (*real)(const char *, int, ...), const char *path, int flags, va_list ap)
{
	char buf[4096];
	mode_t mode = 0;

	if (flags & (O_CREAT | O_TMPFILE))
		mode = (mode_t)va_arg(ap, int);
	return track(real(remap(path, buf, sizeof(buf)), flags, mode), path);
}

int __wrap_open(const char *path, int flags, ...)
{
	va_list ap;
	int fd;

	va_start(ap, flags);
	fd = open_common(__real_open, path, flags, ap);
	va_end(ap);
	return fd;
}

int __wrap_open64(const char *path, int flags, ...)
{
	va_list ap;
	int fd;

	va_start(ap, flags);
	fd = open_common(__real_open64, path, flags, ap);
	va_end(ap);
	return fd;
}

int __wrap_close(int fd)
{
	if (fd >= 0 && fd < (int)sizeof(tracked))
		tracked[fd] = 0;
	return __real_close(fd);
}

int __wrap_access(const char *path, int mode)
{
	char buf[4096];

	return __real_access(remap(path, buf, sizeof(buf)), mode);
}

DIR *__wrap_opendir(const char *path)
{
	char buf[4096];

	return __real_opendir(remap(path, buf, sizeof(buf)));
}

/*
 * Whether this read fails, and how (count may be halved): the one place reads are counted.
 * Reads come from several threads (kexec reads the kernel in one and hashes it in another).
 */
static int read_fault(size_t *count)
{
	unsigned long n;

	if (!F.armed)
		return 0;
	n = __atomic_add_fetch(&F.reads, 1, __ATOMIC_SEQ_CST);
	if (F.kind == FAULT_ALLOC || F.kind == FAULT_NONE || n != F.at)
		return 0;
	F.injected = 1;
	switch (F.kind) {
	case FAULT_EIO:
		errno = EIO;
		return -1;
	case FAULT_EINTR:
		errno = EINTR;
		return -1;
	case FAULT_SHORT:
		if (*count > 1)
			*count /= 2;
		return 0;
	default:
		return 0;
	}
}

static ssize_t faulted_read(int fd, void *buf, size_t count)
{
	return read_fault(&count) < 0 ? -1 : __real_read(fd, buf, count);
}

static int tracked_fd(int fd)
{
	return fd >= 0 && fd < (int)sizeof(tracked) && tracked[fd];
}

ssize_t __wrap_pread(int fd, void *buf, size_t count, off_t off)
{
	if (tracked_fd(fd) && read_fault(&count) < 0)
		return -1;
	return __real_pread(fd, buf, count, off);
}

ssize_t __wrap_pread64(int fd, void *buf, size_t count, off64_t off)
{
	if (tracked_fd(fd) && read_fault(&count) < 0)
		return -1;
	return __real_pread64(fd, buf, count, off);
}

ssize_t __wrap_read(int fd, void *buf, size_t count)
{
	if (tracked_fd(fd))
		return faulted_read(fd, buf, count);
	return __real_read(fd, buf, count);
}

ssize_t __wrap___read_chk(int fd, void *buf, size_t count, size_t buflen)
{
	if (count > buflen)
		abort();
	return __wrap_read(fd, buf, count);
}

/* stdio streams over a counted descriptor: fopen() as a fopencookie() stream. */
static ssize_t cookie_read(void *c, char *buf, size_t size)
{
	return faulted_read((int)(intptr_t)c, buf, size);
}

static int cookie_seek(void *c, off64_t *off, int whence)
{
	off64_t r = lseek64((int)(intptr_t)c, *off, whence);

	if (r < 0)
		return -1;
	*off = r;
	return 0;
}

static int cookie_close(void *c)
{
	return __real_close((int)(intptr_t)c);
}

static FILE *fopen_common(FILE *(*real)(const char *, const char *), const char *path, const char *mode)
{
	static const cookie_io_functions_t io = { cookie_read, NULL, cookie_seek, cookie_close };
	char buf[4096];
	const char *p = remap(path, buf, sizeof(buf));
	FILE *f;
	int fd, saved;

	/* Only plain reads go through the cookie; anything that writes is the real fopen. */
	if (!mode || mode[0] != 'r' || strchr(mode, '+') || !counts(path))
		return real(p, mode);
	fd = __real_open(p, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	f = fopencookie((void *)(intptr_t)fd, "r", io);
	if (!f) {
		saved = errno;
		__real_close(fd);
		errno = saved;
	}
	return f;
}

FILE *__wrap_fopen(const char *path, const char *mode)
{
	return fopen_common(__real_fopen, path, mode);
}

FILE *__wrap_fopen64(const char *path, const char *mode)
{
	return fopen_common(__real_fopen64, path, mode);
}

/* ------------------------------------------------------------------ allocation */

static int alloc_fails(void)
{
	unsigned long n;

	if (!F.armed)
		return 0;
	n = __atomic_add_fetch(&F.allocs, 1, __ATOMIC_SEQ_CST);
	if (F.kind == FAULT_ALLOC && n == F.at) {
		F.injected = 1;
		errno = ENOMEM;
		return 1;
	}
	return 0;
}

void *__wrap_malloc(size_t n)
{
	return alloc_fails() ? NULL : __real_malloc(n);
}

void *__wrap_calloc(size_t n, size_t size)
{
	return alloc_fails() ? NULL : __real_calloc(n, size);
}

void *__wrap_realloc(void *p, size_t n)
{
	return alloc_fails() ? NULL : __real_realloc(p, n);
}

/* ------------------------------------------------------------------ the load syscalls */

/* include/uapi/linux/kexec.h struct kexec_segment */
struct fake_segment {
	const void *buf;
	size_t bufsz;
	const void *mem;
	size_t memsz;
};

long __wrap_syscall(long number, ...)
{
	long a[6];
	va_list ap;
	int i;

	va_start(ap, number);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	if (number == SYS_kexec_file_load) {
		char k[65] = "none", in[65] = "none";

		if (a[0] >= 0)
			sha_fd((int)a[0], k);
		if (a[1] >= 0)
			sha_fd((int)a[1], in);
		log_line("kexec_file_load kernel=%s initrd=%s cmdline_len=%ld cmdline=\"%s\" flags=0x%lx", k, in,
			 a[2], a[3] ? (const char *)a[3] : "", (unsigned long)a[4]);
		return 0;
	}
	if (number == SYS_kexec_load) {
		const struct fake_segment *s = (const struct fake_segment *)a[2];
		char line[4096], d[65];
		size_t off = 0;
		long n;

		off += (size_t)snprintf(line, sizeof(line), "kexec_load entry=0x%lx nseg=%ld flags=0x%lx", a[0], a[1],
					(unsigned long)a[3]);
		for (n = 0; n < a[1] && s && off < sizeof(line); n++) {
			sha_mem(s[n].buf, s[n].bufsz, d);
			off += (size_t)snprintf(line + off, sizeof(line) - off, " seg%ld=%s:%zu@0x%lx+0x%zx", n, d,
						s[n].bufsz, (unsigned long)(uintptr_t)s[n].mem, s[n].memsz);
		}
		log_line("%s", line);
		return 0;
	}
	return __real_syscall(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* ------------------------------------------------------------------ fake keyrings */

#define KEY_SPEC_SESSION_KEYRING -3
#define KEY_SPEC_USER_KEYRING    -4
#define FAKE_USER    100
#define FAKE_SESSION 101
#define MAX_KEYS     256

static struct fake_key {
	key_serial_t id, ring;      /* ring 0: unlinked (gone) */
	char type[32];
	char desc[256];             /* keyrings: their name; asymmetric keys added here: "" */
	char sha256[65];            /* asymmetric keys: of the payload */
	int preset;                 /* from the fixture, not this run's doing */
} keys[MAX_KEYS];
static unsigned nkeys;
static key_serial_t next_id = 1000;

static key_serial_t resolve(key_serial_t ring)
{
	return ring == KEY_SPEC_USER_KEYRING ? FAKE_USER : ring == KEY_SPEC_SESSION_KEYRING ? FAKE_SESSION : ring;
}

static struct fake_key *find_id(key_serial_t id)
{
	unsigned i;

	for (i = 0; i < nkeys; i++)
		if (keys[i].id == id && keys[i].ring)
			return &keys[i];
	return NULL;
}

static int is_ring(key_serial_t id)
{
	struct fake_key *k = find_id(id);

	return id == FAKE_USER || id == FAKE_SESSION || (k && strcmp(k->type, "keyring") == 0);
}

static struct fake_key *new_key(key_serial_t id, key_serial_t ring, const char *type, const char *desc)
{
	struct fake_key *k;

	if (nkeys == MAX_KEYS)
		return NULL;
	k = &keys[nkeys++];
	memset(k, 0, sizeof(*k));
	k->id = id;
	k->ring = ring;
	snprintf(k->type, sizeof(k->type), "%s", type);
	snprintf(k->desc, sizeof(k->desc), "%s", desc);
	return k;
}

static void keys_load(void)
{
	char path[4096], line[512], type[32], desc[256];
	FILE *f;
	int id, ring, at;

	if (!F.root)
		return;
	snprintf(path, sizeof(path), "%s/fake-keyring", F.root);
	f = __real_fopen(path, "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		struct fake_key *k = NULL;

		line[strcspn(line, "\n")] = '\0';
		if (sscanf(line, "ring %i %255s %i", &id, desc, &ring) == 3)
			k = new_key(id, ring ? ring : -1, "keyring", desc);
		else if (sscanf(line, "key %i %31s %n", &ring, type, &at) == 2 && line[at])
			k = new_key(next_id++, ring, type, line + at);   /* the rest: descriptions have spaces */
		if (k)
			k->preset = 1;
	}
	fclose(f);
}

/* What this run left in the fake keyrings: the part of the final state it made. */
static void keys_final(void)
{
	unsigned i;

	for (i = 0; i < nkeys; i++) {
		const struct fake_key *k = &keys[i];
		const struct fake_key *r;

		if (k->preset || !k->ring)
			continue;
		r = find_id(k->ring);
		log_line("final: %s %s in %s", k->type, k->type[0] == 'k' ? k->desc : k->sha256,
			 k->ring == FAKE_USER ? "@u" : r ? r->desc : "?");
	}
}

key_serial_t __wrap_add_key(const char *type, const char *desc, const void *payload, size_t plen,
			    key_serial_t ring)
{
	struct fake_key *k;

	ring = resolve(ring);
	if (!is_ring(ring)) {
		errno = ENOKEY;
		return -1;
	}
	if (strcmp(type, "keyring") == 0) {
		unsigned i;

		/* A keyring of the same name in the same ring is replaced (the kernel's behaviour). */
		for (i = 0; i < nkeys; i++)
			if (keys[i].ring == ring && strcmp(keys[i].type, "keyring") == 0 &&
			    strcmp(keys[i].desc, desc) == 0)
				keys[i].ring = 0;
		k = new_key(next_id++, ring, type, desc);
		if (!k) {
			errno = EDQUOT;
			return -1;
		}
		log_line("add_key keyring \"%s\" in %d -> %d", desc, ring, k->id);
		return k->id;
	}
	k = new_key(next_id++, ring, type, desc ? desc : "");
	if (!k) {
		errno = EDQUOT;
		return -1;
	}
	sha_mem(payload, plen, k->sha256);
	log_line("add_key %s sha256=%s in %d -> %d", type, k->sha256, ring, k->id);
	return k->id;
}

long __wrap_keyctl_search(key_serial_t ring, const char *type, const char *desc, key_serial_t dest)
{
	unsigned i;

	(void)dest;
	ring = resolve(ring);
	if (!is_ring(ring)) {
		errno = ENOKEY;
		return -1;
	}
	for (i = 0; i < nkeys; i++)
		if (keys[i].ring == ring && strcmp(keys[i].type, type) == 0 && keys[i].desc[0] &&
		    strcmp(keys[i].desc, desc) == 0)
			return keys[i].id;
	errno = ENOKEY;
	return -1;
}

long __wrap_keyctl_setperm(key_serial_t id, uint32_t perm)
{
	if (!find_id(id)) {
		errno = ENOKEY;
		return -1;
	}
	log_line("keyctl_setperm %d 0x%08x", id, perm);
	return 0;
}

long __wrap_keyctl_unlink(key_serial_t id, key_serial_t ring)
{
	struct fake_key *k = find_id(id);

	ring = resolve(ring);
	if (!k || k->ring != ring) {
		errno = ENOENT;
		return -1;
	}
	k->ring = 0;
	log_line("keyctl_unlink %d from %d", id, ring);
	return 0;
}

/* KEYCTL_READ of a keyring: the serials of what it holds. */
long __wrap_keyctl_read(key_serial_t ring, char *buf, size_t len)
{
	size_t n = 0;
	unsigned i;

	ring = resolve(ring);
	if (!is_ring(ring)) {
		errno = EOPNOTSUPP;
		return -1;
	}
	for (i = 0; i < nkeys; i++) {
		if (keys[i].ring != ring)
			continue;
		if (buf && n + 4 <= len)
			memcpy(buf + n, &keys[i].id, 4);
		n += 4;
	}
	return (long)n;
}

long __wrap_keyctl_read_alloc(key_serial_t ring, void **out)
{
	long n = __wrap_keyctl_read(ring, NULL, 0);
	char *buf;

	if (n < 0)
		return n;
	buf = malloc((size_t)n + 1);
	if (!buf)
		return -1;
	__wrap_keyctl_read(ring, buf, (size_t)n);
	buf[n] = '\0';
	*out = buf;
	return n;
}

long __wrap_keyctl_describe_alloc(key_serial_t id, char **out)
{
	struct fake_key *k;
	char *buf;

	id = resolve(id);
	k = find_id(id);
	if (!k && id != FAKE_USER && id != FAKE_SESSION) {
		errno = ENOKEY;
		return -1;
	}
	buf = malloc(512);
	if (!buf)
		return -1;
	if (k)
		snprintf(buf, 512, "%s;0;0;3f010000;%s", k->type, k->desc);
	else
		snprintf(buf, 512, "keyring;0;0;3f010000;%s", id == FAKE_USER ? "_uid.0" : "_ses");
	*out = buf;
	return (long)strlen(buf) + 1;
}

key_serial_t __wrap_keyctl_get_keyring_ID(key_serial_t id, int create)
{
	(void)create;
	id = resolve(id);
	if (!is_ring(id)) {
		errno = ENOKEY;
		return -1;
	}
	return id;
}

/* The search the kernel makes for this process: its session ring (which reaches @u) then @u. */
key_serial_t __wrap_request_key(const char *type, const char *desc, const char *info, key_serial_t dest)
{
	long id;

	(void)info, (void)dest;
	if (strcmp(type, "keyring") == 0 && strcmp(desc, "_uid.0") == 0)
		return FAKE_USER;
	id = __wrap_keyctl_search(FAKE_SESSION, type, desc, 0);
	if (id < 0)
		id = __wrap_keyctl_search(FAKE_USER, type, desc, 0);
	return (key_serial_t)id;
}

long __wrap_keyctl_join_session_keyring(const char *name)
{
	(void)name;
	log_line("keyctl_join_session_keyring");
	return FAKE_SESSION;
}

long __wrap_keyctl_link(key_serial_t id, key_serial_t ring)
{
	log_line("keyctl_link %d into %d", resolve(id), resolve(ring));
	return 0;
}

/* No fake key carries key material: a pkey operation fails as on a kernel without the key. */
long __wrap_keyctl_pkey_query(key_serial_t id, const char *info, void *result)
{
	(void)id, (void)info, (void)result;
	errno = EOPNOTSUPP;
	return -1;
}

long __wrap_keyctl_pkey_verify(key_serial_t id, const char *info, const void *data, size_t dlen,
			       const void *sig, size_t slen)
{
	(void)id, (void)info, (void)data, (void)dlen, (void)sig, (void)slen;
	errno = EOPNOTSUPP;
	return -1;
}
