// SPDX-License-Identifier: GPL-2.0
/*
 * insnprof: a QEMU TCG plugin (plugin API version 1, QEMU 7.2) that counts
 * the guest instructions executed per translation block start address, and
 * writes the counts out each time the guest executes the code at a marker
 * address, so that each interval between two markers can be attributed to
 * the guest's functions exactly, with no tracer in the guest.
 *
 *   -plugin insnprof.so,arg=marker=0xffffffff810b5893,arg=out=FILE
 *
 * FILE gets, at each marker: "mark N", then "ADDR INSNS EXECS" for each
 * block start that ran since the previous marker: the instructions run in
 * blocks starting there, and how often they ran (at a function's address:
 * its calls). Blocks are counted by inline
 * adds, which change neither the guest's instructions nor its clock.
 */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The plugin ABI of QEMU 7.2 (include/qemu/qemu-plugin.h, version 1). */
typedef uint64_t qemu_plugin_id_t;
typedef struct {
	const char *target_name;
	struct {
		int min;
		int cur;
	} version;
	bool system_emulation;
	union {
		int max_vcpus;
		struct {
			int smp_vcpus;
			int max_vcpus;
		} system;
	};
} qemu_info_t;
struct qemu_plugin_tb;
enum qemu_plugin_cb_flags { QEMU_PLUGIN_CB_NO_REGS };
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*udata_cb_t)(unsigned int vcpu_index, void *userdata);
typedef void (*exit_cb_t)(qemu_plugin_id_t id, void *userdata);
void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id,
					   tb_trans_cb_t cb);
void qemu_plugin_register_vcpu_tb_exec_cb(struct qemu_plugin_tb *tb,
					  udata_cb_t cb,
					  enum qemu_plugin_cb_flags flags,
					  void *userdata);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb,
					      enum qemu_plugin_op op,
					      void *ptr, uint64_t imm);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
uint64_t qemu_plugin_tb_vaddr(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, exit_cb_t cb,
				    void *userdata);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

#define SLOTS	(1u << 21)

struct slot {
	uint64_t vaddr;
	uint64_t insns;
	uint64_t execs;
};

static struct slot *table;
static unsigned long used;
static uint64_t marker;
static FILE *out;
static unsigned long marks;

static struct slot *lookup(uint64_t vaddr)
{
	uint64_t h = (vaddr * 0x9e3779b97f4a7c15ull) >> 43;
	unsigned int i = h & (SLOTS - 1);

	while (table[i].vaddr && table[i].vaddr != vaddr)
		i = (i + 1) & (SLOTS - 1);
	if (!table[i].vaddr) {
		if (++used > SLOTS / 2) {
			fprintf(stderr, "insnprof: table full\n");
			abort();
		}
		table[i].vaddr = vaddr;
	}
	return &table[i];
}

static void dump(void)
{
	unsigned int i;

	fprintf(out, "mark %lu\n", marks++);
	for (i = 0; i < SLOTS; i++) {
		if (table[i].insns) {
			fprintf(out, "%" PRIx64 " %" PRIu64 " %" PRIu64 "\n",
				table[i].vaddr, table[i].insns,
				table[i].execs);
			table[i].insns = 0;
			table[i].execs = 0;
		}
	}
	fflush(out);
}

static void on_marker(unsigned int vcpu, void *data)
{
	dump();
}

static void on_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
	uint64_t vaddr = qemu_plugin_tb_vaddr(tb);
	struct slot *s = lookup(vaddr);

	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
						 &s->insns,
						 qemu_plugin_tb_n_insns(tb));
	qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64,
						 &s->execs, 1);
	if (vaddr == marker)
		qemu_plugin_register_vcpu_tb_exec_cb(tb, on_marker,
						     QEMU_PLUGIN_CB_NO_REGS,
						     NULL);
}

static void at_exit_dump(qemu_plugin_id_t id, void *data)
{
	dump();
	fclose(out);
}

__attribute__((visibility("default")))
int qemu_plugin_install(qemu_plugin_id_t id, const qemu_info_t *info,
			int argc, char **argv)
{
	const char *path = NULL;
	int i;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "marker=", 7))
			marker = strtoull(argv[i] + 7, NULL, 0);
		else if (!strncmp(argv[i], "out=", 4))
			path = argv[i] + 4;
	}
	if (!marker || !path) {
		fprintf(stderr, "insnprof: arg=marker=ADDR,arg=out=FILE\n");
		return -1;
	}
	table = calloc(SLOTS, sizeof(*table));
	out = fopen(path, "w");
	if (!table || !out) {
		perror("insnprof");
		return -1;
	}
	qemu_plugin_register_vcpu_tb_trans_cb(id, on_trans);
	qemu_plugin_register_atexit_cb(id, at_exit_dump, NULL);
	return 0;
}
