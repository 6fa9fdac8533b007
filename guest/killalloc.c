// SPDX-License-Identifier: GPL-2.0
/*
 * Memory cgroup kill-then-allocate on zswap. Processes of a memory cgroup
 * whose memory sits in zswap are killed, and a new process of the same
 * cgroup at once allocates most of the limit: the cgroup's zswap charge
 * for the killed processes' entries must be gone by then, or the new
 * process meets the limit and the OOM killer. With the deferred free, the
 * entries' frees are left to a worker, but not their cgroup charge: what
 * is still charged when the last killed process has been reaped must stay
 * within what the per-CPU buffers hold, one buffer (a page of entries) per
 * online CPU, each entry counted at a whole page; with the uncharge done
 * when the entry is deferred, it is about nothing.
 *
 * The caller makes the cgroup (memory.max about 160M, memory.zswap.writeback
 * 0, so that nothing leaves zswap for the disk) and turns zswap on; this
 * program stays outside it, so that the OOM killer never picks the test
 * itself. VICTIMS children join the cgroup and each fills MiB of
 * compressible memory (every page a random-length random prefix of 0 to
 * 2 KiB, then one byte repeated), which reclaim pushes into zswap. Once all
 * have filled, all are sent SIGKILL and reaped; the cgroup's zswap charge
 * and memory.current right after the last waitpid() are printed, then a
 * child joins the cgroup, writes ALLOC_MiB of random (incompressible)
 * bytes and exits. Fails if the OOM killer killed in the cgroup while it
 * ran, if it did not exit 0, or if the zswap charge left after the last
 * waitpid() is above the bound. The times (kill to the last waitpid(),
 * and on to the allocator's exit) are printed, not judged. A victim that
 * the OOM killer kills while filling is reported and left out; if none is
 * left, the case could not be set up.
 *
 * If the caller also set the cgroup's memory.zswap.max (and left
 * memory.zswap.writeback on, so that what zswap cannot take goes to the
 * disk), the allocator writes compressible memory like the victims', and
 * while it runs memory.zswap.current is sampled about every millisecond:
 * fails if it ever goes above memory.zswap.max by more than a page per
 * online CPU (a store in flight each), or if none of the allocator's pages
 * went to zswap (memory.stat zswpout did not move): the charge the killed
 * victims left must neither let the cgroup overrun its zswap limit nor
 * keep it out of zswap.
 *
 * With CGROUP_DIR "-", the same on zram under global pressure, no memory
 * cgroup: the caller turns zram0 on as the only swap (zswap off) in a
 * guest too small for the victims, so that much of their memory goes to
 * zram; the allocator then needs the memory that the killed victims freed.
 * No child joins a cgroup and nothing under a cgroup is read; this
 * program sets its own oom_score_adj to -1000 (the children put theirs
 * back), so that the OOM killer never picks the test itself. OOM kills
 * are counted from the oom_kill line of /proc/vmstat; zram0's pool size
 * (mem_used_total, field 3 of /sys/block/zram0/mm_stat) is printed before
 * the victims fill, right after the last waitpid() and after the
 * allocation, with the deferred frees still pending then (the
 * "deferred_free:" line of /sys/block/zram0/debug_stat; "-" on a kernel
 * without it). The case could not be set up if the pool did not grow by
 * a quarter of VICTIMS x MiB while the victims filled. Fails if the OOM
 * killer killed while the allocator ran, or if it did not exit 0; nothing
 * is bounded.
 *
 * usage: killalloc CGROUP_DIR|- [VICTIMS [MiB [ALLOC_MiB]]]
 *        (defaults 3, 96, 135; VICTIMS 1 to 16, sizes 1 to 4096 MiB)
 * Exit: 0 pass, 1 fail, 2 not runnable here.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef MADV_NOHUGEPAGE
#define MADV_NOHUGEPAGE 15
#endif

#define MAX_VICTIMS	16
/* seconds: all victims filled; each reaped after SIGKILL; the allocator */
#define FILL_TIMEOUT	1200
#define KILL_TIMEOUT	300
#define ALLOC_TIMEOUT	600
/* a child's exit status when it could not set itself up */
#define CHILD_SETUP	3

#define USAGE		"# usage: %s CGROUP_DIR|- [VICTIMS [MiB [ALLOC_MiB]]]\n"
#define ZRAM_MM_STAT	"/sys/block/zram0/mm_stat"
#define ZRAM_DEBUG_STAT	"/sys/block/zram0/debug_stat"
#define OOM_SCORE_ADJ	"/proc/self/oom_score_adj"

static size_t page_size;
static const char *cg;
/* CGROUP_DIR "-": global pressure on zram, no cgroup */
static int global;
/* the cgroup's memory.zswap.max in bytes; -1: "max" (or global) */
static long long zswap_max = -1;
/* global: this program's oom_score_adj before it set -1000; 0: not set */
static int oom_adj_set;
static char oom_adj[16];

static double now_ms(void)
{
	struct timespec t;

	if (clock_gettime(CLOCK_MONOTONIC, &t)) {
		printf("# clock_gettime(CLOCK_MONOTONIC): %s\n", strerror(errno));
		exit(2);
	}
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static uint64_t xorshift64(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void cg_path(char *buf, size_t len, const char *file)
{
	snprintf(buf, len, "%s/%s", cg, file);
}

/* The first number in the file @path; -1 if it cannot be read. */
static long long file_read(const char *path)
{
	long long v;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return -1;
	if (fscanf(f, "%lld", &v) != 1)
		v = -1;
	fclose(f);
	return v;
}

/* The first number in the cgroup's @file; -1 if it cannot be read. */
static long long cg_read(const char *file)
{
	char path[PATH_MAX];

	cg_path(path, sizeof(path), file);
	return file_read(path);
}

/* The value of "@key N" in the flat-keyed file @path; -1 if none. */
static long long file_key(const char *path, const char *key)
{
	char name[64];
	long long v, found = -1;
	FILE *f;

	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %lld", name, &v) == 2)
		if (!strcmp(name, key)) {
			found = v;
			break;
		}
	fclose(f);
	return found;
}

/* The value of "@key N" in the cgroup's flat-keyed @file; -1 if none. */
static long long cg_key(const char *file, const char *key)
{
	char path[PATH_MAX];

	cg_path(path, sizeof(path), file);
	return file_key(path, key);
}

/* Field @n (from 1) of zram0's mm_stat; -1 if it cannot be read. */
static long long mm_stat(int n)
{
	long long v = -1;
	FILE *f = fopen(ZRAM_MM_STAT, "r");
	int i;

	if (!f)
		return -1;
	for (i = 0; i < n; i++)
		if (fscanf(f, "%lld", &v) != 1) {
			v = -1;
			break;
		}
	fclose(f);
	return v;
}

/* zram0's pool size in bytes: mem_used_total; -1 if unknown. */
static long long zram_pool(void)
{
	return mm_stat(3);
}

/*
 * The deferred frees of zram0's pool not carried out yet: the fourth
 * number of "deferred_free: deferred fallback drained pending
 * buffer_pages pending_bytes" in debug_stat; -1 if there is no such line.
 */
static long long zram_pending(void)
{
	unsigned long long deferred, fallback, drained;
	long long pending, found = -1;
	char line[256];
	FILE *f = fopen(ZRAM_DEBUG_STAT, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "deferred_free: %llu %llu %llu %lld",
			   &deferred, &fallback, &drained, &pending) == 4) {
			found = pending;
			break;
		}
	fclose(f);
	return found;
}

/* OOM kills so far: in the cgroup, or (global) in the whole system. */
/*
 * OOM kills since boot from the kernel log, for a kernel without
 * /proc/vmstat's oom_kill (CONFIG_VM_EVENT_COUNTERS=n): the records of
 * /dev/kmsg that say "Killed process"; -1 if it cannot be read.
 */
static long long kmsg_oom_kills(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	long long n = 0;
	char rec[8192];
	ssize_t len;

	if (fd < 0)
		return -1;
	for (;;) {
		len = read(fd, rec, sizeof(rec) - 1);
		if (len < 0 && errno == EPIPE)
			continue;	/* overwritten records: go on */
		if (len <= 0)
			break;
		rec[len] = 0;
		n += strstr(rec, "Killed process") != NULL;
	}
	close(fd);
	return n;
}

static long long oom_kills(void)
{
	long long n;

	if (!global)
		return cg_key("memory.events", "oom_kill");
	n = file_key("/proc/vmstat", "oom_kill");
	return n >= 0 ? n : kmsg_oom_kills();
}

/* @v in @buf, or "-" if it is negative (unknown). */
static const char *num(char *buf, size_t len, long long v)
{
	if (v < 0)
		return "-";
	snprintf(buf, len, "%lld", v);
	return buf;
}

/*
 * The cgroup's zswap charge in bytes: memory.zswap.current, else the
 * "zswap" line of memory.stat; -1 if it has neither.
 */
static long long zswap_charge(void)
{
	long long v = cg_read("memory.zswap.current");

	return v >= 0 ? v : cg_key("memory.stat", "zswap");
}

static void show(const char *when)
{
	char pending[32];

	if (global) {
		printf("# %s: zram0 mem_used_total %lld, orig_data_size %lld, compr_data_size %lld bytes; deferred frees pending %s; oom_kill %lld\n",
		       when, zram_pool(), mm_stat(1), mm_stat(2),
		       num(pending, sizeof(pending), zram_pending()),
		       oom_kills());
		return;
	}
	printf("# %s: memory.current %lld, zswap %lld (memory.zswap.current %lld, memory.stat zswap %lld, zswapped %lld), swap %lld bytes\n",
	       when, cg_read("memory.current"), zswap_charge(),
	       cg_read("memory.zswap.current"), cg_key("memory.stat", "zswap"),
	       cg_key("memory.stat", "zswapped"), cg_read("memory.swap.current"));
}

/* In a child: move into the cgroup, before touching any memory. */
static void join_cgroup(void)
{
	char path[PATH_MAX], pid[32];
	int fd, len;

	if (global)
		return;
	cg_path(path, sizeof(path), "cgroup.procs");
	len = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	fd = open(path, O_WRONLY);
	if (fd < 0 || write(fd, pid, len) != len) {
		printf("# child %d: cannot join %s: %s\n", (int)getpid(), path,
		       strerror(errno));
		fflush(stdout);
		_exit(CHILD_SETUP);
	}
	close(fd);
}

/* In a child: die with the test, whatever ends it. */
static void die_with_parent(pid_t parent)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL)) {
		printf("# child %d: prctl(PR_SET_PDEATHSIG): %s\n",
		       (int)getpid(), strerror(errno));
		fflush(stdout);
		_exit(CHILD_SETUP);
	}
	if (getppid() != parent)
		_exit(CHILD_SETUP);
}

/* Write @val to /proc/self/oom_score_adj; 0 on success. */
static int set_oom_adj(const char *val)
{
	int fd = open(OOM_SCORE_ADJ, O_WRONLY), len = strlen(val), ok;

	if (fd < 0)
		return -1;
	ok = write(fd, val, len) == len;
	close(fd);
	return ok ? 0 : -1;
}

/*
 * Global: keep the OOM killer off this program, which has no cgroup to
 * stay outside of; it reports if it cannot, and runs on.
 */
static void protect_self(void)
{
	int fd = open(OOM_SCORE_ADJ, O_RDONLY);
	ssize_t n = fd < 0 ? -1 : read(fd, oom_adj, sizeof(oom_adj) - 1);

	if (fd >= 0)
		close(fd);
	if (n <= 0 || set_oom_adj("-1000")) {
		printf("# cannot set %s to -1000 (%s): the OOM killer may pick this program\n",
		       OOM_SCORE_ADJ, strerror(errno));
		return;
	}
	oom_adj[n] = 0;
	oom_adj[strcspn(oom_adj, "\n")] = 0;
	oom_adj_set = 1;
}

/* In a child: the OOM killer may pick it as it would this program. */
static void unprotect_child(void)
{
	if (oom_adj_set && set_oom_adj(oom_adj)) {
		printf("# child %d: cannot put %s back to %s: %s\n",
		       (int)getpid(), OOM_SCORE_ADJ, oom_adj, strerror(errno));
		fflush(stdout);
		_exit(CHILD_SETUP);
	}
}

/* In a child: @mib MiB of private anonymous memory, no huge pages. */
static unsigned char *child_map(size_t mib)
{
	size_t len = mib << 20;
	unsigned char *a = mmap(NULL, len, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (a == MAP_FAILED) {
		printf("# child %d: mmap of %zu MiB: %s\n", (int)getpid(), mib,
		       strerror(errno));
		fflush(stdout);
		_exit(CHILD_SETUP);
	}
	/* EINVAL: a kernel without THP, which has no huge pages to avoid */
	if (madvise(a, len, MADV_NOHUGEPAGE) && errno != EINVAL) {
		printf("# child %d: madvise(MADV_NOHUGEPAGE): %s\n",
		       (int)getpid(), strerror(errno));
		fflush(stdout);
		_exit(CHILD_SETUP);
	}
	return a;
}

/*
 * Fill @mib MiB at @a, each page a random prefix of 0 to 2 KiB and then
 * one byte repeated, so that compressed sizes vary.
 */
static void fill_compressible(unsigned char *a, size_t mib, uint64_t s)
{
	size_t npages = (mib << 20) / page_size, i, j, len;
	unsigned char *pg;
	uint64_t r;

	for (i = 0; i < npages; i++) {
		pg = a + i * page_size;
		r = xorshift64(&s);
		len = r % 2049;
		for (j = 0; j < len; j += 8) {
			r = xorshift64(&s);
			memcpy(pg + j, &r, len - j < 8 ? len - j : 8);
		}
		memset(pg + len, (xorshift64(&s) & 0xff) | 1, page_size - len);
	}
}

/* A victim: fill @mib MiB, report on @ready and wait for SIGKILL. */
static void victim(int idx, size_t mib, int ready, pid_t parent)
{
	unsigned char *a, b = idx;

	die_with_parent(parent);
	unprotect_child();
	join_cgroup();
	a = child_map(mib);
	fill_compressible(a, mib, 0x9e3779b97f4a7c15ULL * (idx + 1));
	if (write(ready, &b, 1) != 1) {
		printf("# victim %d: write to the pipe: %s\n", idx,
		       strerror(errno));
		fflush(stdout);
		_exit(CHILD_SETUP);
	}
	for (;;)
		pause();
}

/*
 * The allocator: write @mib MiB of random bytes (compressible ones, as
 * the victims', under a zswap limit), exit 0.
 */
static void allocator(size_t mib, pid_t parent)
{
	uint64_t s = 0x2545f4914f6cdd1dULL, *p;
	size_t n = (mib << 20) / sizeof(*p), i;

	die_with_parent(parent);
	unprotect_child();
	join_cgroup();
	p = (uint64_t *)child_map(mib);
	if (zswap_max >= 0) {
		fill_compressible((unsigned char *)p, mib, s);
		_exit(0);
	}
	for (i = 0; i < n; i++)
		p[i] = xorshift64(&s);
	_exit(0);
}

/*
 * Wait for the allocator @pid for at most @secs seconds, sampling the
 * cgroup's zswap charge about every millisecond; its peak goes to @peak.
 * Returns as wait_bounded().
 */
static pid_t wait_sampling(pid_t pid, int *st, unsigned int secs,
			   long long *peak)
{
	double end = now_ms() + secs * 1e3;
	long long v;
	pid_t r;

	for (;;) {
		v = zswap_charge();
		if (v > *peak)
			*peak = v;
		r = waitpid(pid, st, WNOHANG);
		if (r)
			break;
		if (now_ms() > end)
			return 0;
		usleep(1000);
	}
	if (r == pid)
		return r;
	printf("# waitpid(%d): %s\n", (int)pid, strerror(errno));
	return -1;
}

static void on_alarm(int sig)
{
	(void)sig;
}

/*
 * waitpid(@pid) for at most @secs seconds: its pid, 0 on timeout, -1 on
 * another error (printed).
 */
static pid_t wait_bounded(pid_t pid, int *st, unsigned int secs)
{
	pid_t r;

	alarm(secs ? secs : 1);
	r = waitpid(pid, st, 0);
	alarm(0);
	if (r == pid)
		return r;
	if (r < 0 && errno == EINTR)
		return 0;
	printf("# waitpid(%d): %s\n", (int)pid, strerror(errno));
	return -1;
}

static void describe(const char *who, int st)
{
	if (WIFEXITED(st))
		printf("# %s exited with status %d\n", who, WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		printf("# %s was killed by signal %d (%s)\n", who, WTERMSIG(st),
		       strsignal(WTERMSIG(st)));
	else
		printf("# %s: wait status 0x%x\n", who, st);
}

static pid_t pids[MAX_VICTIMS];
static int alive[MAX_VICTIMS], done[MAX_VICTIMS], nvictims;

/* Every victim has filled or died. */
static int all_settled(void)
{
	int i;

	for (i = 0; i < nvictims; i++)
		if (alive[i] && !done[i])
			return 0;
	return 1;
}

/* Kill and reap every victim still alive (bounded), then exit @code. */
static void bail(int code)
{
	int i, st;

	for (i = 0; i < nvictims; i++)
		if (alive[i] && kill(pids[i], SIGKILL))
			printf("# kill(%d, SIGKILL): %s\n", (int)pids[i],
			       strerror(errno));
	for (i = 0; i < nvictims; i++)
		if (alive[i] && wait_bounded(pids[i], &st, KILL_TIMEOUT) <= 0)
			printf("# victim %d (pid %d) not reaped\n", i,
			       (int)pids[i]);
	exit(code);
}

static size_t arg(char **argv, int i, int argc, size_t def, size_t max,
		  const char *what)
{
	char *end;
	unsigned long v;

	if (i >= argc)
		return def;
	errno = 0;
	v = strtoul(argv[i], &end, 10);
	if (errno || end == argv[i] || *end || !v || v > max) {
		printf("# %s must be 1 to %zu, not '%s'\n", what, max, argv[i]);
		printf(USAGE, argv[0]);
		exit(2);
	}
	return v;
}

/* Global: zram0 is there and swapped to, and /proc/vmstat counts OOM kills. */
static int global_setup(void)
{
	char line[256];
	int swapping = 0;
	FILE *f;

	if (zram_pool() < 0) {
		printf("# cannot read mem_used_total from %s: %s (no zram0, or CONFIG_ZRAM off?)\n",
		       ZRAM_MM_STAT, strerror(errno));
		return -1;
	}
	f = fopen("/proc/swaps", "r");
	if (f) {
		while (fgets(line, sizeof(line), f))
			if (!strncmp(line, "/dev/zram0 ", 11))
				swapping = 1;
		fclose(f);
	}
	if (!swapping) {
		printf("# /dev/zram0 is not in /proc/swaps: is zram swapped on?\n");
		return -1;
	}
	if (oom_kills() < 0) {
		printf("# no oom_kill line in /proc/vmstat, and /dev/kmsg cannot be read: OOM kills cannot be counted\n");
		return -1;
	}
	return 0;
}

/* Cgroup: CGROUP_DIR is a cgroup v2 directory with memory and zswap. */
static int cgroup_setup(void)
{
	char path[PATH_MAX];

	cg_path(path, sizeof(path), "cgroup.procs");
	if (access(path, W_OK)) {
		printf("# %s: %s (not a writable cgroup v2 directory)\n", path,
		       strerror(errno));
		return -1;
	}
	if (cg_read("memory.current") < 0 ||
	    cg_key("memory.events", "oom_kill") < 0) {
		printf("# %s has no memory.current or memory.events oom_kill: is +memory in the parent's cgroup.subtree_control?\n",
		       cg);
		return -1;
	}
	if (zswap_charge() < 0) {
		printf("# %s has neither memory.zswap.current nor a zswap line in memory.stat (kernel without CONFIG_ZSWAP?)\n",
		       cg);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	long long oom0 = -1, oomk0, oom1 = -1, oomk1, before, left = -1, cur = -1;
	long long bound, pool0 = -1, pool_filled, pool_killed = -1;
	long long pending_killed = -1, pool_alloc, need;
	long long peak = -1, zswpout0 = -1, zswpout1 = -1;
	double t_fill, t_kill, t_reaped, t_fork, t_done, deadline;
	struct sigaction sa = { .sa_handler = on_alarm };
	int ready[2], i, st, filled = 0, rc = 0, killed = 0, alloc_ok;
	size_t mib, amib;
	char who[64], nbuf[32], nbuf2[32];
	const char *variant;
	unsigned char b;
	long cpus;
	pid_t parent = getpid(), pid, r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2 || argc > 5) {
		printf(USAGE, argv[0]);
		return 2;
	}
	cg = argv[1];
	global = !strcmp(cg, "-");
	nvictims = arg(argv, 2, argc, 3, MAX_VICTIMS, "VICTIMS");
	mib = arg(argv, 3, argc, 96, 4096, "MiB");
	amib = arg(argv, 4, argc, 135, 4096, "ALLOC_MiB");
	page_size = sysconf(_SC_PAGESIZE);
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	if (cpus < 1) {
		printf("# sysconf(_SC_NPROCESSORS_ONLN): %s\n", strerror(errno));
		return 2;
	}
	/* one buffer per online CPU: a page of entries, each a whole page */
	bound = (long long)cpus * (page_size / sizeof(long)) * page_size;

	if (global) {
		if (global_setup())
			return 2;
		printf("# global pressure on zram0 (disksize %lld), no cgroup: %ld MiB of RAM; %d victims of %zu MiB, then %zu MiB allocated; %ld CPUs online\n",
		       file_read("/sys/block/zram0/disksize"),
		       (long)((unsigned long long)sysconf(_SC_PHYS_PAGES) *
			      page_size >> 20),
		       nvictims, mib, amib, cpus);
		protect_self();
	} else {
		if (cgroup_setup())
			return 2;
		zswap_max = cg_read("memory.zswap.max");
		printf("# cgroup %s: memory.max %lld, memory.zswap.max %s, memory.zswap.writeback %lld; %d victims of %zu MiB, then %zu MiB allocated; %ld CPUs online\n",
		       cg, cg_read("memory.max"),
		       num(nbuf, sizeof(nbuf), zswap_max),
		       cg_read("memory.zswap.writeback"), nvictims, mib, amib,
		       cpus);
	}
	show("at the start");

	if (sigaction(SIGALRM, &sa, NULL)) {
		printf("# sigaction(SIGALRM): %s\n", strerror(errno));
		return 2;
	}
	if (pipe(ready)) {
		printf("# pipe: %s\n", strerror(errno));
		return 2;
	}
	oomk0 = oom_kills();
	if (global)
		pool0 = zram_pool();
	for (i = 0; i < nvictims; i++) {
		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			printf("# fork of victim %d: %s\n", i, strerror(errno));
			bail(2);
		}
		if (!pid) {
			close(ready[0]);
			victim(i, mib, ready[1], parent);
		}
		pids[i] = pid;
		alive[i] = 1;
	}
	if (close(ready[1])) {
		printf("# close: %s\n", strerror(errno));
		bail(2);
	}

	/* Until every victim has filled or died. */
	t_fill = now_ms();
	deadline = t_fill + FILL_TIMEOUT * 1e3;
	while (!all_settled()) {
		struct pollfd pfd = { .fd = ready[0], .events = POLLIN };
		int n = poll(&pfd, 1, 500);

		if (n < 0 && errno != EINTR) {
			printf("# poll: %s\n", strerror(errno));
			bail(2);
		}
		if (n > 0 && (pfd.revents & POLLIN)) {
			ssize_t got = read(ready[0], &b, 1);

			if (got < 0) {
				printf("# read from the pipe: %s\n",
				       strerror(errno));
				bail(2);
			}
			if (got == 1 && b < nvictims)
				done[b] = 1;
		}
		for (i = 0; i < nvictims; i++) {
			if (!alive[i])
				continue;
			r = waitpid(pids[i], &st, WNOHANG);
			if (r < 0) {
				printf("# waitpid(%d): %s\n", (int)pids[i],
				       strerror(errno));
				bail(2);
			}
			if (!r)
				continue;
			alive[i] = 0;
			snprintf(who, sizeof(who), "victim %d (pid %d)", i,
				 (int)pids[i]);
			describe(who, st);
			if (WIFEXITED(st)) {
				printf("# %s could not set itself up\n", who);
				bail(2);
			}
			/* only the OOM killer sends it now */
			if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
				killed++;
		}
		if (now_ms() > deadline) {
			for (i = 0; i < nvictims; i++)
				filled += done[i];
			printf("# the victims did not fill in %d s (%d of %d filled)\n",
			       FILL_TIMEOUT, filled, nvictims);
			bail(2);
		}
	}
	/* a victim that filled and then died is not counted */
	for (i = 0; i < nvictims; i++)
		filled += alive[i];
	printf("# fill: %.1f ms; %d of %d victims filled and alive; killed by SIGKILL while filling: %d (oom_kill events %lld)\n",
	       now_ms() - t_fill, filled, nvictims, killed,
	       oom_kills() - oomk0);
	if (!filled) {
		printf("# every victim died before the kill: the case could not be set up\n");
		return 2;
	}
	show("all filled");
	if (global) {
		/* a quarter of what the victims wrote */
		need = ((long long)nvictims * mib << 20) / 4;
		pool_filled = zram_pool();
		printf("# zram0 mem_used_total: %lld bytes before the fill, %lld after it\n",
		       pool0, pool_filled);
		/* what went to zram, uncompressed (zram was empty before) */
		if (pool0 < 0 || pool_filled < 0 || mm_stat(1) < need) {
			printf("# zram0 holds %lld bytes of data after the fill, less than a quarter of the victims' %d x %zu MiB (%lld bytes): the case could not be set up\n",
			       mm_stat(1), nvictims, mib, need);
			bail(2);
		}
	} else {
		before = zswap_charge();
		if (before <= bound) {
			printf("# only %lld bytes in zswap, not above the bound of %lld: the case could not be set up\n",
			       before, bound);
			bail(2);
		}
	}

	/* The kill: all at once, and reap them all. */
	t_kill = now_ms();
	for (i = 0; i < nvictims; i++)
		if (alive[i] && kill(pids[i], SIGKILL)) {
			printf("# kill(%d, SIGKILL): %s\n", (int)pids[i],
			       strerror(errno));
			bail(1);
		}
	deadline = t_kill + KILL_TIMEOUT * 1e3;
	for (i = 0; i < nvictims; i++) {
		double rest = (deadline - now_ms()) / 1e3;

		if (!alive[i])
			continue;
		r = wait_bounded(pids[i], &st, rest > 1 ? (unsigned int)rest : 1);
		if (r <= 0) {
			if (!r)
				printf("# victim %d (pid %d) not reaped %d s after SIGKILL\n",
				       i, (int)pids[i], KILL_TIMEOUT);
			printf("not ok - the killed victims were reaped\n");
			exit(1);
		}
		alive[i] = 0;
		if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL) {
			snprintf(who, sizeof(who), "victim %d (pid %d)", i,
				 (int)pids[i]);
			describe(who, st);
		}
	}
	t_reaped = now_ms();
	if (global) {
		pool_killed = zram_pool();
		pending_killed = zram_pending();
		printf("# right after the last waitpid(): zram0 mem_used_total %lld bytes (%lld before the fill), deferred frees pending %s\n",
		       pool_killed, pool0,
		       num(nbuf, sizeof(nbuf), pending_killed));
	} else {
		left = zswap_charge();
		cur = cg_read("memory.current");
		printf("# right after the last waitpid(): zswap %lld bytes (memory.zswap.current %lld, memory.stat zswap %lld), memory.current %lld\n",
		       left, cg_read("memory.zswap.current"),
		       cg_key("memory.stat", "zswap"), cur);
		printf("# bound: %ld CPUs x %zu entries x %zu bytes = %lld bytes\n",
		       cpus, page_size / sizeof(long), page_size, bound);
	}

	/* The allocation: in the same cgroup, or anywhere (global). */
	if (!global) {
		oom0 = cg_key("memory.events", "oom");
		zswpout0 = cg_key("memory.stat", "zswpout");
	}
	oomk0 = oom_kills();
	fflush(stdout);
	t_fork = now_ms();
	pid = fork();
	if (pid < 0) {
		printf("# fork of the allocator: %s\n", strerror(errno));
		return 2;
	}
	if (!pid) {
		close(ready[0]);
		allocator(amib, parent);
	}
	if (zswap_max >= 0)
		r = wait_sampling(pid, &st, ALLOC_TIMEOUT, &peak);
	else
		r = wait_bounded(pid, &st, ALLOC_TIMEOUT);
	t_done = now_ms();
	if (!r) {
		printf("# the allocator did not exit in %d s: killing it\n",
		       ALLOC_TIMEOUT);
		kill(pid, SIGKILL);
		if (wait_bounded(pid, &st, KILL_TIMEOUT) <= 0)
			printf("# the allocator (pid %d) not reaped either\n",
			       (int)pid);
		printf("not ok - the allocator finished\n");
		return 1;
	}
	if (r < 0)
		return 1;
	if (!global) {
		oom1 = cg_key("memory.events", "oom");
		zswpout1 = cg_key("memory.stat", "zswpout");
	}
	oomk1 = oom_kills();
	show("after the allocator");
	alloc_ok = WIFEXITED(st) && !WEXITSTATUS(st);

	printf("# kill to the last waitpid(): %.1f ms\n", t_reaped - t_kill);
	printf("# last waitpid() to the allocator's exit: %.1f ms (its run: %.1f ms)\n",
	       t_done - t_reaped, t_done - t_fork);
	variant = getenv("KILLALLOC_VARIANT") ? getenv("KILLALLOC_VARIANT") : "-";
	if (global) {
		pool_alloc = zram_pool();
		printf("# zram0 mem_used_total: %lld bytes before the fill, %lld after the last waitpid(), %lld after the allocation\n",
		       pool0, pool_killed, pool_alloc);
		printf("# deferred frees pending: %s after the last waitpid(), %s after the allocation\n",
		       num(nbuf, sizeof(nbuf), pending_killed),
		       num(nbuf2, sizeof(nbuf2), zram_pending()));
		printf("# during the allocation: OOM kills %lld (/proc/vmstat, or the kernel log)\n",
		       oomk1 - oomk0);

		/* One line for the report: KILLALLOC_VARIANT names the run. */
		printf("# result killalloc-global variant=%s victims=%d mib=%zu alloc_mib=%zu cpus=%ld kill_ms=%.1f pool_before=%lld pool_after_kill=%lld pending_after_kill=%lld alloc_ms=%.1f kill_to_alloc_ms=%.1f oom_kill=%lld alloc_ok=%d\n",
		       variant, nvictims, mib, amib, cpus, t_reaped - t_kill,
		       pool0, pool_killed, pending_killed, t_done - t_reaped,
		       t_done - t_kill, oomk1 - oomk0, alloc_ok);
	} else {
		printf("# during the allocation: oom events %lld, oom_kill events %lld\n",
		       oom1 - oom0, oomk1 - oomk0);

		/* One line for the report: KILLALLOC_VARIANT names the run. */
		printf("# result killalloc variant=%s victims=%d mib=%zu alloc_mib=%zu cpus=%ld kill_ms=%.1f charge_bytes=%lld current_bytes=%lld alloc_ms=%.1f kill_to_alloc_ms=%.1f oom_kill=%lld alloc_ok=%d\n",
		       variant, nvictims, mib, amib, cpus, t_reaped - t_kill,
		       left, cur, t_done - t_reaped, t_done - t_kill,
		       oomk1 - oomk0, alloc_ok);
	}

	if (oomk1 != oomk0) {
		printf("not ok - no OOM kill during the allocation (%lld)\n",
		       oomk1 - oomk0);
		rc = 1;
	} else {
		printf("ok - no OOM kill during the allocation\n");
	}
	if (!alloc_ok) {
		describe("the allocator", st);
		printf("not ok - the allocator exited 0\n");
		rc = 1;
	} else {
		printf("ok - the allocator exited 0\n");
	}
	if (global)
		return rc;
	if (left < 0 || left > bound) {
		printf("not ok - zswap charge after the last waitpid(): %lld bytes, bound %lld\n",
		       left, bound);
		rc = 1;
	} else {
		printf("ok - zswap charge after the last waitpid(): %lld bytes, bound %lld\n",
		       left, bound);
	}
	if (zswap_max < 0)
		return rc;
	/* one store in flight per CPU may pass the check before charging */
	printf("# during the allocation: zswap charge peak %lld bytes, memory.zswap.max %lld; zswpout %lld -> %lld\n",
	       peak, zswap_max, zswpout0, zswpout1);
	printf("# result killalloc-zswapmax variant=%s zswap_max=%lld peak_bytes=%lld zswpout=%lld\n",
	       variant, zswap_max, peak, zswpout1 - zswpout0);
	if (peak < 0 || peak > zswap_max + cpus * (long long)page_size) {
		printf("not ok - memory.zswap.max held during the allocation (peak %lld, max %lld, %ld CPUs)\n",
		       peak, zswap_max, cpus);
		rc = 1;
	} else {
		printf("ok - memory.zswap.max held during the allocation (peak %lld, max %lld)\n",
		       peak, zswap_max);
	}
	if (zswpout0 < 0 || zswpout1 <= zswpout0) {
		printf("not ok - the allocator's pages went to zswap (zswpout %lld -> %lld)\n",
		       zswpout0, zswpout1);
		rc = 1;
	} else {
		printf("ok - the allocator's pages went to zswap (%lld pages)\n",
		       zswpout1 - zswpout0);
	}
	return rc;
}
