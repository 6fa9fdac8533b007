// SPDX-License-Identifier: GPL-2.0
/*
 * zram's mem_limit while slot frees are still deferred. The objects of
 * freed slots count in the pool's pages until the deferred free has run, so
 * a write that finds the pool over mem_limit may be over only because of
 * them: it must wait for those frees and succeed, not fail.
 *
 * Run with one CPU online: this program makes itself SCHED_FIFO (the
 * caller turns RT throttling and the fair server off), so no worker, the
 * deferred free's included, runs unless it sleeps. A child fills SIZE MiB
 * and pages it out to zram0; the parent sets mem_limit a quarter of that
 * above what the pool then uses, kills the child, whose slot frees are
 * deferred and, with the workers held off, stay pending, and pages out
 * SIZE MiB of the same data itself. Without the wait at the limit, writes
 * fail (12 of the bios for 32 MiB, before zram waited). Passes when zram
 * reports no failed write meanwhile and the pages reach swap; with the
 * deferred free, frees must also have been pending.
 *
 * With "2" as second argument, both CPUs are online and the frees are
 * pending on the other CPU: the child runs on CPU 1, where a SCHED_FIFO
 * spinner of lower priority than the child holds the CPU once the child
 * sleeps, and this program on CPU 0 polls for the child's exit rather
 * than sleeping; so again no worker runs until the page-out waits, and
 * the frees sit in CPU 1's buffers, which the wait at the limit must take
 * from CPU 0.
 *
 * usage: memlimit [MiB [CPUS]]	(default 32 and 1; zram0 must be the only swap)
 * Exit: 0 pass, 1 fail, 2 not runnable here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/types.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#define PM_SWAP_BIT	62

static size_t page_size;

static void die(int code, const char *what)
{
	printf("# %s: %s\n", what, strerror(errno));
	exit(code);
}

/* Field @field (0-based) of the numbers in @path, or -1. */
static long long read_field(const char *path, int field)
{
	long long v = -1;
	FILE *f = fopen(path, "r");
	int i;

	for (i = 0; f && i <= field; i++)
		if (fscanf(f, "%lld", &v) != 1)
			v = -1;
	if (f)
		fclose(f);
	return v;
}

/* Deferred zsmalloc frees not carried out yet (debug_stat); -1: none. */
static long long pending_frees(void)
{
	long long d, fb, dr, p = -1;
	char line[256];
	FILE *f = fopen("/sys/block/zram0/debug_stat", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "deferred_free: %lld %lld %lld %lld",
			   &d, &fb, &dr, &p) == 4)
			break;
	if (f)
		fclose(f);
	return p;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok ? 0 : -1;
}

/* Compressible to about half, and no two pages alike. */
static void fill(unsigned char *area, size_t npages)
{
	size_t i, j;

	for (i = 0; i < npages; i++) {
		unsigned char *pg = area + i * page_size;
		uint64_t s = i * 0x9e3779b97f4a7c15ULL + 1;

		for (j = 0; j < page_size / 2; j += 8) {
			s ^= s << 13;
			s ^= s >> 7;
			s ^= s << 17;
			memcpy(pg + j, &s, 8);
		}
		memset(pg + page_size / 2, 'z', page_size / 2);
		memcpy(pg, &i, sizeof(i));
	}
}

static size_t swapped(unsigned char *area, size_t npages)
{
	uint64_t *pm = malloc(npages * sizeof(*pm));
	int fd = open("/proc/self/pagemap", O_RDONLY);
	size_t i, n = 0;

	if (fd >= 0 && pm &&
	    pread(fd, pm, npages * sizeof(*pm),
		  (uintptr_t)area / page_size * sizeof(*pm)) ==
	    (ssize_t)(npages * sizeof(*pm)))
		for (i = 0; i < npages; i++)
			n += (pm[i] >> PM_SWAP_BIT) & 1;
	if (fd >= 0)
		close(fd);
	free(pm);
	return n;
}

static void pin(pid_t pid, int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(pid, sizeof(set), &set))
		die(2, "sched_setaffinity");
}

static void set_fifo(pid_t pid, int prio)
{
	struct sched_param sp = { .sched_priority = prio };

	if (sched_setscheduler(pid, SCHED_FIFO, &sp))
		die(2, "sched_setscheduler(SCHED_FIFO)");
}

static unsigned char *map_filled(size_t npages)
{
	unsigned char *a = mmap(NULL, npages * page_size,
				PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (a == MAP_FAILED)
		die(2, "mmap");
	fill(a, npages);
	return a;
}

static void page_out(unsigned char *a, size_t npages)
{
	if (madvise(a, npages * page_size, MADV_PAGEOUT))
		die(2, "madvise(MADV_PAGEOUT)");
}

int main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru0, ru1;
	long long used, failed0, failed1, pending, after;
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 32, npages, n;
	long cpus = argc > 2 ? strtol(argv[2], NULL, 10) : 1;
	unsigned char *a;
	int ready[2], st, rc = 0;
	pid_t pid, spinner = 0;
	char buf[32];

	if (argc > 3 || !mib || mib > 1024 || (cpus != 1 && cpus != 2)) {
		printf("# usage: %s [MiB [CPUS]]  (MiB 1 to 1024, CPUS 1 or 2)\n",
		       argv[0]);
		return 2;
	}
	page_size = sysconf(_SC_PAGESIZE);
	npages = mib << 20 >> __builtin_ctzl(page_size);
	if (sysconf(_SC_NPROCESSORS_ONLN) != cpus) {
		printf("# needs exactly %ld online CPU(s)\n", cpus);
		return 2;
	}
	if (cpus == 2)
		pin(0, 0);
	set_fifo(0, 50);
	if (pipe(ready))
		die(2, "pipe");

	pid = fork();
	if (pid < 0)
		die(2, "fork");
	if (!pid) {
		/* Gone with the parent, whatever way it exits. */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL))
			_exit(2);
		if (cpus == 2) {
			/* Normal priority to fill; above the spinner to exit. */
			struct sched_param sp = { .sched_priority = 0 };

			pin(0, 1);
			if (sched_setscheduler(0, SCHED_OTHER, &sp))
				_exit(2);
		}
		a = map_filled(npages);
		page_out(a, npages);
		n = swapped(a, npages);
		if (cpus == 2)
			set_fifo(0, 60);
		if (write(ready[1], n * 20 >= npages * 19 ? "y" : "n", 1) != 1)
			_exit(2);
		pause();
		_exit(0);
	}
	if (read(ready[0], buf, 1) != 1 || buf[0] != 'y') {
		printf("# the child's memory did not reach swap\n");
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return 2;
	}
	if (cpus == 2) {
		/* Holds CPU 1 from when the child sleeps until the end. */
		spinner = fork();
		if (spinner < 0)
			die(2, "fork");
		if (!spinner) {
			/* A real-time spinner left behind would hold CPU 1. */
			if (prctl(PR_SET_PDEATHSIG, SIGKILL))
				_exit(2);
			pin(0, 1);
			set_fifo(0, 40);
			if (write(ready[1], "y", 1) != 1)
				_exit(2);
			for (;;)
				;
		}
		close(ready[1]);	/* a spinner that died gives EOF */
		if (read(ready[0], buf, 1) != 1 || buf[0] != 'y') {
			printf("# the spinner did not start\n");
			kill(spinner, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			return 2;
		}
	}
	used = read_field("/sys/block/zram0/mm_stat", 2);
	failed0 = read_field("/sys/block/zram0/io_stat", 1);
	if (used <= 0 || failed0 < 0) {
		printf("# cannot read zram0's mm_stat and io_stat\n");
		if (spinner)
			kill(spinner, SIGKILL);
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return 2;
	}
	snprintf(buf, sizeof(buf), "%lld", used + used / 4);
	if (write_str("/sys/block/zram0/mem_limit", buf))
		die(2, "write mem_limit");
	a = map_filled(npages);

	/* From here until the page-out is over, no worker runs. */
	kill(pid, SIGKILL);
	if (cpus == 2) {
		/* Sleeping here would let the workers run on CPU 0. */
		while (!waitpid(pid, &st, WNOHANG))
			;
	} else {
		waitpid(pid, &st, 0);
	}
	pending = pending_frees();
	getrusage(RUSAGE_SELF, &ru0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	page_out(a, npages);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	getrusage(RUSAGE_SELF, &ru1);
	if (spinner) {
		kill(spinner, SIGKILL);
		waitpid(spinner, NULL, 0);
	}
	n = swapped(a, npages);
	failed1 = read_field("/sys/block/zram0/io_stat", 1);
	after = read_field("/sys/block/zram0/mm_stat", 2);
	write_str("/sys/block/zram0/mem_limit", "0");

	printf("# pool %lld bytes after the child's page-out, mem_limit %s\n",
	       used, buf);
	if (pending >= 0)
		printf("# frees pending after the child was killed: %lld\n",
		       pending);
	printf("# pages in swap: %zu of %zu; pool now %lld bytes\n", n, npages,
	       after);
	printf("# page-out took %.0f ms, %ld voluntary and %ld involuntary context switches\n",
	       (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6,
	       ru1.ru_nvcsw - ru0.ru_nvcsw, ru1.ru_nivcsw - ru0.ru_nivcsw);
	printf("# zram writes failed: %lld\n", failed1 - failed0);
	if (failed1 != failed0) {
		printf("not ok 1 - zram writes failed at mem_limit\n");
		rc = 1;
	} else {
		printf("ok 1 - no zram write failed at mem_limit\n");
	}
	/* With the deferred free (its line in debug_stat), frees must wait. */
	if (!pending) {
		printf("not ok 3 - no free was pending: the test missed its case\n");
		rc = 1;
	}
	if (n * 20 < npages * 19) {
		printf("not ok 2 - only %zu of %zu pages reached swap\n", n,
		       npages);
		rc = 1;
	} else {
		printf("ok 2 - the pages reached swap\n");
	}
	return rc;
}
