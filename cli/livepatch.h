/* SPDX-License-Identifier: GPL-2.0 */
/*
 * livepatch.h - internal interfaces of the `livepatch` command.
 *
 *   elf.c         bounds-checked read-only view of a .ko's sections
 *   abi.c         the .suture.* records of a generated patch module
 *   modinfo.c     read .modinfo of a patch module file, check it against
 *                 the running kernel
 *   kernel.c      the running kernel: identity, module (un)loading by
 *                 syscall, loading suture.ko on demand, kernel log capture
 *   sysfs.c       /sys/kernel/suture/ attributes and the patch stack
 *   transition.c  waiting for a transition, progress, stuck-task report
 *   cmd_load.c    load, unload
 *   cmd_show.c    list, info
 *   klp.c         the same for kernel livepatch modules (--format klp)
 *   store.c       install, uninstall, package (/var/lib/suture/RELEASE/)
 *   json.c        a small JSON writer for --json
 *   safe.c        escaping of untrusted strings (text, JSON)
 *   secure.c      module signatures, the kernel's signature policy
 */
#ifndef LIVEPATCH_H
#define LIVEPATCH_H

#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

#define LP_VERSION "0.1"

/* Exit statuses. */
#define LP_EXIT_OK 0
#define LP_EXIT_FAIL 1
#define LP_EXIT_USAGE 2

/* Command-line options shared by the subcommands. */
struct lp_opts {
	const char *model; /* --model stop|per-task, NULL = patch's own */
	int timeout; /* --timeout S, 0 = default */
	bool json; /* --json */
	bool all; /* unload --all */
	bool other_kernel; /* install --other-kernel */
	bool unload; /* uninstall --unload */
	bool quiet; /* -q: no progress */
	const char *release; /* --release R (uninstall, list) */
	const char *outdir; /* package -o DIR */
	const char *pkg_version; /* package --pkg-version V */
};

extern struct lp_opts opts;

/* Diagnostics: "livepatch: ..." on stderr. */
void lp_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void lp_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* elf.c */
#include <elf.h>
#include <stdint.h>

struct lp_elf_strend {
	bool known;
	size_t end;
};

struct lp_elf {
	void *map;
	const unsigned char *img;
	size_t size;
	const Elf64_Shdr *sh;
	unsigned int nr;
	const Elf64_Shdr *shstr;
	struct lp_elf_strend *str_end; /* per section, see lp_elf_string() */
};

int lp_elf_map(const char *path, struct lp_elf *e, const char **why);
int lp_elf_map_fd(int fd, const char *path, struct lp_elf *e, const char **why);
int lp_elf_open_mem(const void *img, size_t size, struct lp_elf *e,
		    const char **why);
void lp_elf_unmap(struct lp_elf *e);
int lp_elf_find(const struct lp_elf *e, const char *name);
const void *lp_elf_data(const struct lp_elf *e, unsigned int idx, size_t *len);
const char *lp_elf_string(const struct lp_elf *e, unsigned int idx,
			  uint64_t off);

/* abi.c */
#define LP_ABI_MAX 512

struct lp_abi_func {
	char name[128];
	char object[64]; /* "" = vmlinux */
	unsigned long sympos, old_size;
};

struct lp_abi_callback {
	char type[16]; /* pre_patch, post_patch, ... */
	char function[128];
	char object[64];
};

/**
 * struct lp_abi - the .suture.* records of a generated patch module
 * @present:     the module has .suture.funcs or .suture.callbacks
 * @total_funcs: number of function records (@nfuncs are described)
 */
struct lp_abi {
	bool present;
	int nfuncs, total_funcs, ncallbacks, nrelocs;
	struct lp_abi_func funcs[LP_ABI_MAX];
	struct lp_abi_callback callbacks[LP_ABI_MAX];
};

int lp_abi_read(const char *path, struct lp_abi *abi);
void lp_abi_read_elf(const struct lp_elf *e, struct lp_abi *abi);

/* secure.c */

/**
 * struct lp_sig - the signature appended to a module file
 * @present: the file ends with "~Module signature appended~\n"
 * @ok:      and its length field fits in the file
 * @len:     the signature's length
 * @id_type: 2 = PKCS#7
 */
struct lp_sig {
	bool present, ok;
	unsigned int len;
	unsigned int id_type;
};

struct lp_sig_policy {
	char lockdown[32];
	bool sig_enforce;
	bool enforced;
};

void lp_sig_read(const unsigned char *img, size_t size, struct lp_sig *sig);
const char *lp_sig_describe(const struct lp_sig *sig);
void lp_sig_policy(struct lp_sig_policy *p);
bool lp_sig_explain(const char *path, const struct lp_sig *sig, bool is_core);
bool lp_kmsg_is_refusal(const char *msg);

/* safe.c */
int lp_utf8_decode(const unsigned char *s, unsigned int *cp);
const char *lp_esc(const char *s);
void lp_json_put(FILE *f, const char *s);

/* modinfo.c */

/**
 * struct lp_module - what a patch module file says about itself
 * @path:     the file
 * @name:     module name (modinfo "name", else derived from the file name)
 * @release:  kernel release it was built for (suture_release, else the
 *            first word of vermagic)
 * @build:    suture_build (the kernel build identity), "" if absent
 * @vermagic: modinfo vermagic
 * @is_patch: modinfo suture_patch=Y
 * @modinfo:  the raw section ("key=value\0" records), @modinfo_len bytes
 * @sig:      the signature appended to the file, if any
 */
struct lp_module {
	const char *path;
	char name[64];
	char release[128];
	char build[256];
	char vermagic[256];
	bool is_patch;
	char *modinfo;
	size_t modinfo_len;
	struct lp_sig sig;
};

int lp_module_read(const char *path, struct lp_module *mod);
int lp_module_read_fd(int fd, const char *path, struct lp_module *mod);
int lp_module_read_elf(const struct lp_elf *e, const char *path,
		       struct lp_module *mod);
bool lp_name_ok(const char *name);
void lp_module_free(struct lp_module *mod);
const char *lp_modinfo_next(const struct lp_module *mod, const char *prev);
const char *lp_modinfo_get(const struct lp_module *mod, const char *key);
int lp_module_check_kernel(const struct lp_module *mod);

/* kernel.c */
const char *lp_test_hook(const char *name);
const char *lp_kernel_release(void);
const char *lp_kernel_version(void);
const char *lp_kernel_build_id(void);
bool lp_build_matches(const char *build);
int lp_core_ensure(void);
int lp_insert_module(const char *path, const char *name, const char *params);
int lp_insert_module_fd(int fd, const char *path, const char *name,
			const char *params);
int lp_remove_module(const char *name);
bool lp_module_present(const char *name);
void lp_kmsg_mark(void);
void lp_kmsg_forget(void);
void lp_kmsg_dump(const char *filter1, const char *filter2);

/* sysfs.c */
const char *lp_sysfs_root(void);
bool lp_patch_exists(const char *name);
int lp_attr_read(const char *name, const char *attr, char *buf, size_t len);
int lp_attr_int(const char *name, const char *attr, int dflt);
int lp_attr_write(const char *name, const char *attr, const char *val);
int lp_stack_read(char names[][64], int max);
int lp_patches_read(char names[][64], int max);

/* transition.c */

/**
 * struct lp_wait - outcome of waiting for a transition
 * @snap_until: set by the caller: see lp_transition_wait()
 * @finished:   the transition closed before the deadline
 * @interrupted: SIGINT/SIGTERM ended the wait
 * @blocking:   the stuck-task report seen while waiting
 */
struct lp_wait {
	double snap_until;
	bool finished;
	bool interrupted;
	char blocking[8192];
};

int lp_transition_wait(const char *name, const char *what, int seconds,
		       struct lp_wait *w);
void lp_print_blocking(const char *name, const char *blocking);
void lp_transition_interruptible(void);

/* cmd_load.c, cmd_show.c, store.c */
int cmd_load(const char *path);
int cmd_unload(const char *name);
int cmd_unload_all(void);
int cmd_list(void);
int cmd_info(const char *name);
const char *lp_update_of(const char *name, char *buf, size_t len);
int cmd_install(const char *path);
int cmd_uninstall(const char *name);
int cmd_package(const char *path);

struct lp_json;
/* klp.c: modules for the kernel's livepatch (/sys/kernel/livepatch) */
bool lp_klp_is_klp(const struct lp_module *m);
bool lp_klp_exists(const char *name);
int lp_klp_load(int fd, const char *path, struct lp_module *m);
int lp_klp_unload(const char *name);
int lp_klp_names(char names[][64], int max);
const char *lp_klp_state(const char *name, bool *enabled, bool *transition,
			 bool *replace, int *pending);
int lp_klp_info(const char *name);
const char *lp_klp_root(void);

/* owner.c: one core per function (Suture's or the kernel's livepatch) */
int lp_check_other_core(int fd, const char *path, bool klp);

/* klp-size.c: suture.ko's size check, for kernel livepatch modules */
int lp_klp_check_sizes(int fd, const char *path);

/* store.c: installed patches of a release, in boot order */
const char *lp_state_dir(void);
bool lp_valid_name(const char *s);
bool lp_valid_release(const char *s);
int lp_store_list(const char *release, char names[][64], int max);
int lp_store_path(const char *release, const char *name, char *buf, size_t len);
void lp_loaded_record(const char *name, const char *path);
void lp_loaded_forget(const char *name);
int lp_loaded_path(const char *name, char *buf, size_t len);

/* json.c */
struct lp_json {
	FILE *f;
	int depth;
	bool need_comma[16];
};

void json_begin(struct lp_json *j, FILE *f);
void json_obj_open(struct lp_json *j, const char *key);
void json_obj_close(struct lp_json *j);
void json_arr_open(struct lp_json *j, const char *key);
void json_arr_close(struct lp_json *j);
void json_str(struct lp_json *j, const char *key, const char *val);
void json_int(struct lp_json *j, const char *key, long val);
void json_bool(struct lp_json *j, const char *key, bool val);
void json_end(struct lp_json *j);

/* Small helpers (main.c) */
void lp_strlcpy(char *dst, const char *src, size_t len);
void lp_chomp(char *s);

#define LP_MAX_PATCHES 256

#endif /* LIVEPATCH_H */
