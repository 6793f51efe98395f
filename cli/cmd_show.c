// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_show.c - `livepatch list` and `livepatch info` (text and --json).
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "livepatch.h"

struct patch_state {
	bool loaded, enabled, transition, replace, forced;
	int pending, timeout, stack_pos;
	char model[32];
	char result[256];
	const char *state;
};

static int stack_position(const char *name)
{
	char stack[LP_MAX_PATCHES][64];
	int n = lp_stack_read(stack, LP_MAX_PATCHES), i;

	for (i = 0; i < n; i++)
		if (!strcmp(stack[i], name))
			return i + 1;
	return 0;
}

static void patch_state_read(const char *name, struct patch_state *s)
{
	memset(s, 0, sizeof(*s));
	s->loaded = lp_patch_exists(name);
	if (!s->loaded && lp_klp_exists(name)) {
		/* a kernel livepatch (klp) patch: no stack, no forced */
		s->loaded = true;
		lp_strlcpy(s->model, "klp", sizeof(s->model));
		s->state = lp_klp_state(name, &s->enabled, &s->transition,
					&s->replace, &s->pending);
		return;
	}
	if (!s->loaded) {
		s->state = "installed";
		return;
	}
	s->enabled = lp_attr_int(name, "enabled", 0) == 1;
	s->transition = lp_attr_int(name, "transition", 0) == 1;
	s->replace = lp_attr_int(name, "replace", 0) == 1;
	s->forced = lp_attr_int(name, "forced", 0) == 1;
	s->pending = lp_attr_int(name, "pending", 0);
	s->timeout = lp_attr_int(name, "timeout", 0);
	s->stack_pos = stack_position(name);
	if (lp_attr_read(name, "model", s->model, sizeof(s->model)))
		lp_strlcpy(s->model, "?", sizeof(s->model));
	lp_attr_read(name, "result", s->result, sizeof(s->result));
	if (s->transition)
		s->state = s->enabled ? "applying" : "removing";
	else
		s->state = s->enabled ? "enabled" : "disabled";
}

static const char *list_release(void)
{
	return opts.release ? opts.release : lp_kernel_release();
}

static int install_order(char inst[][64], int ninst, const char *name)
{
	int i;

	for (i = 0; i < ninst; i++)
		if (!strcmp(inst[i], name))
			return i + 1;
	return 0;
}

/**
 * lp_update_of() - "FROM + live update to TO" for a livepatch-build
 * --update-to module (modinfo suture_update_from/to, in both formats)
 * @name: the patch (its file: the one it was loaded from, else the
 *        installed one)
 * @buf:  filled with the text, "" for any other patch
 * @len:  size of @buf
 *
 * Return: @buf.
 */
const char *lp_update_of(const char *name, char *buf, size_t len)
{
	char file[1024];
	struct lp_module m = { 0 };
	const char *from, *to;

	buf[0] = '\0';
	if (lp_loaded_path(name, file, sizeof(file)) &&
	    lp_store_path(list_release(), name, file, sizeof(file)))
		return buf;
	if (lp_module_read(file, &m))
		return buf;
	from = lp_modinfo_get(&m, "suture_update_from");
	to = lp_modinfo_get(&m, "suture_update_to");
	if (from && to)
		snprintf(buf, len, "%s + live update to %s", from, to);
	lp_module_free(&m);
	return buf;
}

/**
 * cmd_list() - loaded patches (stack order) and installed ones
 */
int cmd_list(void)
{
	static char loaded[LP_MAX_PATCHES][64], inst[LP_MAX_PATCHES][64];
	int nl = lp_patches_read(loaded, LP_MAX_PATCHES);
	/* then the kernel livepatch (klp) ones: the same rows */
	int ni = lp_store_list(list_release(), inst, LP_MAX_PATCHES);
	struct patch_state s;
	struct lp_json j;
	bool running = !strcmp(list_release(), lp_kernel_release());
	int i, not_live = 0;

	nl += lp_klp_names(loaded + nl, LP_MAX_PATCHES - nl);

	if (opts.json) {
		json_begin(&j, stdout);
		json_obj_open(&j, "kernel");
		json_str(&j, "release", lp_kernel_release());
		json_str(&j, "build", lp_kernel_build_id());
		json_obj_close(&j);
		json_bool(&j, "core_loaded", lp_module_present("suture"));
		json_str(&j, "installed_release", list_release());
		json_arr_open(&j, "patches");
	} else if (nl + ni == 0) {
		printf("no patches loaded or installed for %s\n",
		       list_release());
		return LP_EXIT_OK;
	} else {
		printf("%-24s %-10s %-9s %-8s %s\n", "NAME", "STATE", "MODEL",
		       "STACK", "INSTALLED");
	}
	for (i = 0; i < nl + ni; i++) {
		const char *name = i < nl ? loaded[i] : inst[i - nl];
		int order = install_order(inst, ni, name);
		char pos[16] = "-", ord[16] = "no", upd[160];

		if (i >= nl && install_order(loaded, nl, name))
			continue; /* installed and loaded: listed already */
		patch_state_read(name, &s);
		if (opts.json) {
			json_obj_open(&j, NULL);
			json_str(&j, "name", name);
			json_str(&j, "state", s.state);
			json_bool(&j, "loaded", s.loaded);
			if (s.loaded) {
				json_bool(&j, "enabled", s.enabled);
				json_bool(&j, "transition", s.transition);
				json_int(&j, "pending", s.pending);
				json_str(&j, "model", s.model);
				json_bool(&j, "replace", s.replace);
				json_bool(&j, "forced", s.forced);
				json_int(&j, "stack_position", s.stack_pos);
			}
			json_bool(&j, "installed", order > 0);
			if (order)
				json_int(&j, "install_order", order);
			/* installed for this kernel, but not live */
			if (running)
				json_bool(&j, "applied", s.loaded && s.enabled);
			if (*lp_update_of(name, upd, sizeof(upd)))
				json_str(&j, "update", upd);
			json_obj_close(&j);
			continue;
		}
		if (running && !s.loaded)
			not_live++;
		if (s.stack_pos)
			snprintf(pos, sizeof(pos), "%d", s.stack_pos);
		if (order)
			snprintf(ord, sizeof(ord), "yes (%d)", order);
		if (s.transition)
			printf("%-24s %-10s %-9s %-8s %s  [%d tasks left]\n",
			       lp_esc(name), s.state, lp_esc(s.model), pos, ord,
			       s.pending);
		else
			printf("%-24s %-10s %-9s %-8s %s%s\n", lp_esc(name),
			       s.state, s.loaded ? lp_esc(s.model) : "-", pos,
			       ord,
			       s.forced		    ? "  [forced]" :
			       running && !s.loaded ? "  [NOT APPLIED]" :
						      "");
		if (*lp_update_of(name, upd, sizeof(upd)))
			printf("  kernel %s\n", lp_esc(upd));
	}
	if (not_live)
		printf("\n%d installed patch%s NOT APPLIED to the running "
		       "kernel: applied at the next boot, or now with "
		       "`livepatch load %s/%s/NAME.ko`\n",
		       not_live, not_live > 1 ? "es are" : " is",
		       lp_state_dir(), list_release());
	if (opts.json) {
		json_arr_close(&j);
		json_end(&j);
	}
	return LP_EXIT_OK;
}

/* Split "func,sympos" into its parts. */
static void func_parts(const char *d, char *fn, size_t len, long *pos)
{
	const char *c = strrchr(d, ',');

	lp_strlcpy(fn, d, len);
	*pos = 0;
	if (c) {
		fn[c - d < (long)len ? c - d : (long)len - 1] = '\0';
		*pos = strtol(c + 1, NULL, 10);
	}
}

/* sysfs directory names: objects (module names) and "function,sympos". */
#define NAME_W 256

static int subdirs(const char *path, char names[][NAME_W], int max)
{
	struct dirent *de;
	struct stat st;
	char p[1024];
	int n = 0;
	DIR *d = opendir(path);

	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
		if (de->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", path, de->d_name);
		if (stat(p, &st) == 0 && S_ISDIR(st.st_mode))
			lp_strlcpy(names[n++], de->d_name, NAME_W);
	}
	closedir(d);
	qsort(names, n, NAME_W, (int (*)(const void *, const void *))strcmp);
	return n;
}

static void show_objects(const char *name, struct lp_json *j)
{
	static char objs[64][NAME_W], funcs[1024][NAME_W];
	char path[1024], attr[1024], val[512];
	int no, nf, o, f;

	snprintf(path, sizeof(path), "%s/%s", lp_sysfs_root(), name);
	no = subdirs(path, objs, 64);
	if (j)
		json_arr_open(j, "objects");
	else
		printf("objects:\n");
	for (o = 0; o < no; o++) {
		int loaded;
		bool has_cb;

		snprintf(attr, sizeof(attr), "%s/loaded", objs[o]);
		loaded = lp_attr_int(name, attr, -1);
		snprintf(attr, sizeof(attr), "%s/callbacks", objs[o]);
		has_cb = lp_attr_read(name, attr, val, sizeof(val)) == 0;
		if (j) {
			json_obj_open(j, NULL);
			json_str(j, "name", objs[o]);
			json_bool(j, "loaded", loaded == 1);
			if (has_cb)
				json_str(j, "callbacks", val);
			json_arr_open(j, "functions");
		} else {
			printf("  %s (%s)\n", lp_esc(objs[o]),
			       loaded == 1 ? "loaded" : "not loaded");
			if (has_cb)
				printf("    callbacks: %s\n",
				       val[0] ? lp_esc(val) : "none");
		}
		snprintf(path, sizeof(path), "%s/%s/%s", lp_sysfs_root(), name,
			 objs[o]);
		nf = subdirs(path, funcs, 1024);
		for (f = 0; f < nf; f++) {
			char fn[NAME_W];
			long pos;
			int patched;

			char mode[256];
			bool has_mode;

			snprintf(attr, sizeof(attr), "%s/%s/patched", objs[o],
				 funcs[f]);
			patched = lp_attr_int(name, attr, 0);
			/* direct / handler: REASON / superseded / none */
			snprintf(attr, sizeof(attr), "%s/%s/mode", objs[o],
				 funcs[f]);
			has_mode = lp_attr_read(name, attr, mode,
						sizeof(mode)) == 0;
			func_parts(funcs[f], fn, sizeof(fn), &pos);
			if (j) {
				json_obj_open(j, NULL);
				json_str(j, "name", fn);
				json_int(j, "sympos", pos);
				json_bool(j, "patched", patched == 1);
				if (has_mode)
					json_str(j, "mode", mode);
				json_obj_close(j);
			} else if (has_mode && patched == 1) {
				printf("    %-40s patched, %s\n",
				       lp_esc(funcs[f]), lp_esc(mode));
			} else {
				printf("    %-40s %s\n", lp_esc(funcs[f]),
				       patched == 1 ? "patched" :
						      "not patched");
			}
		}
		if (j) {
			json_arr_close(j);
			json_obj_close(j);
		}
	}
	if (j)
		json_arr_close(j);
	else if (!no)
		printf("  (none)\n");
}

static void json_blocking(struct lp_json *j, const char *blk)
{
	char line[512];
	const char *p = blk;

	json_arr_open(j, "blocking");
	while (*p) {
		size_t l = strcspn(p, "\n");
		char *comm, *frame, *save = NULL;

		snprintf(line, sizeof(line), "%.*s", (int)l, p);
		p += l + (p[l] == '\n');
		if (!line[0])
			continue;
		json_obj_open(j, NULL);
		json_int(j, "pid", strtol(line, NULL, 10));
		strtok_r(line, " ", &save);
		comm = strtok_r(NULL, " ", &save);
		frame = strtok_r(NULL, "", &save);
		json_str(j, "comm", comm ? comm : "");
		json_str(j, "where", frame ? frame : "");
		json_obj_close(j);
	}
	json_arr_close(j);
}

/* Does the loaded module NAME come from the file @m (same srcversion)? */
static bool same_build(const char *name, const struct lp_module *m)
{
	char path[128], loaded[128] = "";
	const char *v = lp_modinfo_get(m, "srcversion");
	FILE *f;

	snprintf(path, sizeof(path), "/sys/module/%s/srcversion", name);
	f = fopen(path, "re");
	if (f) {
		if (!fgets(loaded, sizeof(loaded), f))
			loaded[0] = '\0';
		fclose(f);
	}
	lp_chomp(loaded);
	return !v || !loaded[0] || !strcmp(v, loaded);
}

static const char *obj_name(const char *o)
{
	return o[0] ? o : "vmlinux";
}

/* Callbacks by object, then in the order they run. */
static int cmp_callbacks(const void *a, const void *b)
{
	static const char *const order[] = { "pre_patch", "post_patch",
					     "pre_unpatch", "post_unpatch" };
	const struct lp_abi_callback *x = a, *y = b;
	int c = strcmp(x->object, y->object), rx = 4, ry = 4, i;

	if (c)
		return c;
	for (i = 0; i < 4; i++) {
		if (!strcmp(x->type, order[i]))
			rx = i;
		if (!strcmp(y->type, order[i]))
			ry = i;
	}
	return rx - ry;
}

/* The .suture.* records of a generated module file. */
static void show_records(const char *path, struct lp_json *j)
{
	static struct lp_abi abi;
	int i;

	if (lp_abi_read(path, &abi) || !abi.present)
		return;
	if (j) {
		json_obj_open(j, "file_records");
		json_arr_open(j, "functions");
		for (i = 0; i < abi.nfuncs; i++) {
			json_obj_open(j, NULL);
			json_str(j, "object", obj_name(abi.funcs[i].object));
			json_str(j, "name", abi.funcs[i].name);
			json_int(j, "sympos", abi.funcs[i].sympos);
			json_int(j, "old_size", abi.funcs[i].old_size);
			json_obj_close(j);
		}
		json_arr_close(j);
		json_arr_open(j, "callbacks");
		for (i = 0; i < abi.ncallbacks; i++) {
			json_obj_open(j, NULL);
			json_str(j, "object",
				 obj_name(abi.callbacks[i].object));
			json_str(j, "type", abi.callbacks[i].type);
			json_str(j, "function", abi.callbacks[i].function);
			json_obj_close(j);
		}
		json_arr_close(j);
		json_int(j, "relocations", abi.nrelocs);
		json_obj_close(j);
		return;
	}
	printf("functions replaced (%d):\n", abi.total_funcs);
	for (i = 0; i < abi.nfuncs; i++) {
		char pos[32] = "";

		if (abi.funcs[i].sympos)
			snprintf(pos, sizeof(pos), " (sympos %lu)",
				 abi.funcs[i].sympos);
		printf("  %-10s %s%s, original size %lu\n",
		       lp_esc(obj_name(abi.funcs[i].object)),
		       lp_esc(abi.funcs[i].name), pos, abi.funcs[i].old_size);
	}
	printf("callbacks (%d):%s\n", abi.ncallbacks,
	       abi.ncallbacks ? "" : " none");
	qsort(abi.callbacks, abi.ncallbacks, sizeof(abi.callbacks[0]),
	      cmp_callbacks);
	for (i = 0; i < abi.ncallbacks; i++)
		printf("  %-10s %-12s %s\n",
		       lp_esc(obj_name(abi.callbacks[i].object)),
		       abi.callbacks[i].type,
		       lp_esc(abi.callbacks[i].function));
	printf("relocation records: %d\n", abi.nrelocs);
}

static void show_file(const struct lp_module *m, struct lp_json *j)
{
	const char *r = NULL;

	show_records(m->path, j);
	if (j) {
		json_str(j, "file", m->path);
		json_str(j, "release", m->release);
		json_str(j, "build", m->build);
		json_bool(j, "patch_module", m->is_patch);
		json_bool(j, "signed", m->sig.present && m->sig.ok);
		json_str(j, "signature", lp_sig_describe(&m->sig));
		json_bool(j, "matches_running_kernel",
			  !strcmp(m->release, lp_kernel_release()) &&
				  lp_build_matches(m->build));
		json_arr_open(j, "modinfo");
		while ((r = lp_modinfo_next(m, r)))
			json_str(j, NULL, r);
		json_arr_close(j);
		return;
	}
	printf("file:       %s\n", lp_esc(m->path));
	printf("built for:  %s (build %s)%s\n", lp_esc(m->release),
	       m->build[0] ? lp_esc(m->build) : "unknown",
	       !strcmp(m->release, lp_kernel_release()) &&
			       lp_build_matches(m->build) ?
		       ", matches the running kernel" :
		       ", NOT the running kernel");
	printf("signature:  %s\n", lp_sig_describe(&m->sig));
	if (lp_modinfo_get(m, "suture_update_to"))
		printf("update:     %s + live update to %s\n",
		       lp_modinfo_get(m, "suture_update_from") ?: "?",
		       lp_modinfo_get(m, "suture_update_to"));
	printf("modinfo:\n");
	while ((r = lp_modinfo_next(m, r)))
		printf("  %s\n", lp_esc(r));
}

/**
 * cmd_info() - details of one patch (loaded, installed, or a .ko file)
 * @arg: patch name, or the path of a patch module file
 */
int cmd_info(const char *arg)
{
	char file[1024], blk[8192];
	struct lp_module m = { 0 };
	struct patch_state s;
	struct lp_json j, *jp = NULL;
	bool have_file = false, is_path;
	const char *name = arg;
	int order;
	static char inst[LP_MAX_PATCHES][64];
	int ni;

	is_path = strchr(arg, '/') || strstr(arg, ".ko");
	if (is_path) {
		if (lp_module_read(arg, &m))
			return LP_EXIT_FAIL;
		have_file = true;
		name = m.name;
	} else if (lp_loaded_path(arg, file, sizeof(file)) == 0 ||
		   lp_store_path(list_release(), arg, file, sizeof(file)) ==
			   0) {
		if (lp_module_read(file, &m) == 0)
			have_file = true;
	}
	patch_state_read(name, &s);
	if (have_file && s.loaded && !same_build(name, &m)) {
		/* Rebuilt or replaced since it was loaded: not what runs. */
		lp_module_free(&m);
		have_file = false;
	}
	if (!s.loaded && !have_file && lp_module_present(name)) {
		lp_err("%s is a loaded module but not a Suture patch",
		       lp_esc(name));
		return LP_EXIT_FAIL;
	}
	if (!s.loaded && !have_file) {
		lp_err("patch %s is neither loaded nor installed for %s (see "
		       "`livepatch list`)",
		       lp_esc(name), lp_esc(list_release()));
		return LP_EXIT_FAIL;
	}
	if (!s.loaded && is_path)
		s.state = "not loaded";
	ni = lp_store_list(list_release(), inst, LP_MAX_PATCHES);
	order = install_order(inst, ni, name);

	if (opts.json) {
		jp = &j;
		json_begin(jp, stdout);
		json_str(jp, "name", name);
		json_str(jp, "state", s.state);
		json_bool(jp, "loaded", s.loaded);
		json_bool(jp, "installed", order > 0);
		if (order)
			json_int(jp, "install_order", order);
	} else {
		printf("patch:      %s\n", lp_esc(name));
		printf("state:      %s\n", s.state);
		printf("installed:  %s", order ? "yes" : "no");
		if (order)
			printf(" (boot order %d for %s)", order,
			       list_release());
		printf("\n");
	}
	if (s.loaded) {
		if (jp) {
			json_bool(jp, "enabled", s.enabled);
			json_bool(jp, "transition", s.transition);
			json_int(jp, "pending", s.pending);
			json_str(jp, "model", s.model);
			json_bool(jp, "replace", s.replace);
			json_int(jp, "timeout", s.timeout);
			json_bool(jp, "forced", s.forced);
			json_str(jp, "result", s.result);
			json_int(jp, "stack_position", s.stack_pos);
		} else {
			printf("model:      %s\n", lp_esc(s.model));
			printf("replace:    %s\n", s.replace ? "yes" : "no");
			printf("timeout:    %d%s\n", s.timeout,
			       s.timeout ? " s" : " (core default)");
			printf("forced:     %s\n", s.forced ? "yes" : "no");
			if (s.stack_pos)
				printf("stack:      position %d (1 = oldest)\n",
				       s.stack_pos);
			if (s.transition)
				printf("transition: %s, %d tasks left\n",
				       s.state, s.pending);
			else
				printf("transition: none\n");
			printf("result:     %s\n", lp_esc(s.result));
		}
		show_objects(name, jp);
		lp_attr_read(name, "blocking", blk, sizeof(blk));
		if (jp) {
			json_blocking(jp, blk);
		} else if (blk[0]) {
			char *line, *save = NULL;

			printf("blocking tasks (PID COMM WHERE):\n");
			for (line = strtok_r(blk, "\n", &save); line;
			     line = strtok_r(NULL, "\n", &save))
				printf("  %s\n", lp_esc(line));
		}
	}
	if (have_file)
		show_file(&m, jp);
	if (jp)
		json_end(jp);
	lp_module_free(&m);
	return LP_EXIT_OK;
}
