// SPDX-License-Identifier: GPL-2.0
/*
 * swaptest: data-integrity round trip and munmap timing through swap.
 *
 *   swaptest integrity <backend> <MiB>
 *   swaptest munmap <backend> <MiB> <pattern>
 *
 * backend: zram (memory from /sys/block/zram0/mm_stat mem_used_total) or
 *          zswap (memory from /sys/kernel/debug/zswap/pool_total_size).
 * pattern: mixed (many zsmalloc size classes), same (one repeated non-zero
 *          byte per page: zram keeps it as a same-filled slot) or zero.
 *
 * Fills the area, MADV_PAGEOUTs it, checks /proc/self/pagemap that the pages
 * are in swap, then either reads every page back and compares it
 * (integrity) or times munmap() (munmap). Both then wait until the backend's
 * memory is back at its baseline. Prints kselftest TAP lines and
 * "# result key=value ..." lines for the host to parse.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

#define PAGE 4096UL
#define PM_SWAP (1ULL << 62)

enum pattern { P_MIXED, P_SAME, P_ZERO };

static const char *backend;
static int ntest;

static void tap(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tap(int ok, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d ", ok ? "" : "not ", ++ntest);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long long read_field(const char *path, int field)
{
	char buf[512], *p = buf, *end;
	long long v = -1;
	int fd = open(path, O_RDONLY), n, i;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	for (i = 0; i <= field; i++) {
		v = strtoll(p, &end, 10);
		if (end == p)
			return -1;
		p = end;
	}
	return v;
}

/* Bytes of memory the backend holds now. */
static long long backend_bytes(void)
{
	if (!strcmp(backend, "zram"))
		return read_field("/sys/block/zram0/mm_stat", 2);
	return read_field("/sys/kernel/debug/zswap/pool_total_size", 0);
}

static uint64_t splitmix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/*
 * Mixed compressibility, deterministic per page index: page i starts with
 * r(i) random bytes, r(i) = 64 * (1 + h(i) % 48), i.e. 64..3072, followed by
 * a repeating text. Compressed sizes so spread over most zsmalloc size
 * classes instead of all landing in one.
 */
static void fill_page(unsigned char *pg, size_t idx, enum pattern pat)
{
	static const char text[] = "zsmalloc deferred free test pattern ";
	uint64_t s = idx * 0x100000001b3ULL + 1, r;
	size_t nrand, i;

	if (pat == P_ZERO) {
		memset(pg, 0, PAGE);
		return;
	}
	if (pat == P_SAME) {
		memset(pg, 0x5a, PAGE);
		return;
	}
	nrand = 64 * (1 + splitmix(&s) % 48);
	for (i = 0; i < nrand; i += 8) {
		r = splitmix(&s);
		memcpy(pg + i, &r, 8);
	}
	for (; i < PAGE; i++)
		pg[i] = text[i % (sizeof(text) - 1)];
	memcpy(pg, &idx, sizeof(idx));	/* never same-filled, never equal */
}

static size_t count_swapped(unsigned char *area, size_t npages)
{
	size_t i, n = 0;
	uint64_t *pm = malloc(npages * 8);
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0 || !pm)
		return 0;
	if (pread(fd, pm, npages * 8, (uintptr_t)area / PAGE * 8) != (ssize_t)(npages * 8))
		npages = 0;
	for (i = 0; i < npages; i++)
		n += !!(pm[i] & PM_SWAP);
	close(fd);
	free(pm);
	return n;
}

/* Wait until the backend is back at baseline; returns ms waited or -1. */
static double wait_baseline(long long base, double timeout_ms)
{
	double t0 = now_ms();
	long long cur;

	for (;;) {
		cur = backend_bytes();
		if (cur >= 0 && cur <= base)
			return now_ms() - t0;
		if (now_ms() - t0 > timeout_ms) {
			printf("# %s holds %lld bytes, baseline %lld\n", backend, cur, base);
			return -1;
		}
		usleep(1000);
	}
}

static int run(const char *mode, size_t mib, enum pattern pat, const char *patname)
{
	size_t npages = mib << 20 >> 12, i, swapped, bad = 0;
	unsigned char *area, *ref = malloc(PAGE);
	long long base = backend_bytes(), held;
	double t0, t_unmap, t_back;
	int integrity = !strcmp(mode, "integrity");

	if (base < 0) {
		tap(0, "%s-%s: cannot read the %s memory counter", mode, backend, backend);
		return 1;
	}
	area = mmap(NULL, mib << 20, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (area == MAP_FAILED || !ref) {
		tap(0, "%s-%s: mmap %zu MiB: %s", mode, backend, mib, strerror(errno));
		return 1;
	}
	madvise(area, mib << 20, MADV_NOHUGEPAGE);
	for (i = 0; i < npages; i++)
		fill_page(area + i * PAGE, i, pat);
	if (madvise(area, mib << 20, MADV_PAGEOUT)) {
		tap(0, "%s-%s: MADV_PAGEOUT: %s", mode, backend, strerror(errno));
		return 1;
	}
	swapped = count_swapped(area, npages);
	held = backend_bytes() - base;
	printf("# %s %s %zu MiB %s: %zu/%zu pages in swap, backend holds %lld KiB\n",
	       mode, backend, mib, patname, swapped, npages, held >> 10);
	/* Pages a racing fault brought back are fine; most must be out. */
	if (swapped < npages * 95 / 100) {
		tap(0, "%s-%s-%zuM-%s: only %zu of %zu pages went to swap",
		    mode, backend, mib, patname, swapped, npages);
		return 1;
	}
	if (integrity) {
		for (i = 0; i < npages; i++) {
			fill_page(ref, i, pat);
			if (memcmp(ref, area + i * PAGE, PAGE) && bad++ < 5)
				printf("# page %zu differs after swap-in\n", i);
		}
		tap(!bad, "%s-%s-%zuM-%s: %zu pages read back, %zu corrupted",
		    mode, backend, mib, patname, npages, bad);
		/* Swap it all out again so that munmap frees backend objects. */
		madvise(area, mib << 20, MADV_PAGEOUT);
	}
	t0 = now_ms();
	munmap(area, mib << 20);
	t_unmap = now_ms() - t0;
	t_back = wait_baseline(base, 10000);
	printf("# result backend=%s size_mib=%zu pattern=%s munmap_ms=%.3f return_ms=%.3f swapped=%zu\n",
	       backend, mib, patname, t_unmap, t_back, swapped);
	tap(t_back >= 0, "%s-%s-%zuM-%s: backend memory back to baseline after munmap",
	    mode, backend, mib, patname);
	free(ref);
	return bad || t_back < 0;
}

int main(int argc, char **argv)
{
	enum pattern pat = P_MIXED;
	const char *patname = "mixed";
	char *end;
	size_t mib;

	if (argc < 4 || (strcmp(argv[1], "integrity") && strcmp(argv[1], "munmap")) ||
	    (strcmp(argv[2], "zram") && strcmp(argv[2], "zswap")))
		goto usage;
	backend = argv[2];
	mib = strtoul(argv[3], &end, 10);
	if (*end || !mib || mib > 65536)
		goto usage;
	if (argc > 4) {
		patname = argv[4];
		if (!strcmp(patname, "same"))
			pat = P_SAME;
		else if (!strcmp(patname, "zero"))
			pat = P_ZERO;
		else if (strcmp(patname, "mixed"))
			goto usage;
	}
	return run(argv[1], mib, pat, patname);
usage:
	fprintf(stderr, "usage: %s integrity|munmap zram|zswap MiB [mixed|same|zero]\n", argv[0]);
	return 2;
}
