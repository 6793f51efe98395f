// SPDX-License-Identifier: GPL-2.0
/*
 * klp.c - patches for the kernel's own livepatch core (modules built with
 * `livepatch-build --format klp`, modinfo livepatch=Y): load, unload,
 * list and info through /sys/kernel/livepatch/NAME/{enabled,transition}
 * and /proc/PID/task/TID/patch_state.  $SUTURE_KLP_SYSFS overrides the
 * root, for tests.  suture.ko is not needed for them.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "livepatch.h"

#define KLP_DEFAULT_TIMEOUT 60

/** lp_klp_root() - the kernel livepatch sysfs directory */
const char *lp_klp_root(void)
{
	const char *env = lp_test_hook("SUTURE_KLP_SYSFS");

	return env ? env : "/sys/kernel/livepatch";
}

static int klp_path(char *buf, size_t len, const char *name, const char *attr)
{
	int n = snprintf(buf, len, "%s/%s%s%s", lp_klp_root(), name,
			 attr ? "/" : "", attr ? attr : "");

	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/** lp_klp_exists() - a klp patch NAME is in /sys/kernel/livepatch */
bool lp_klp_exists(const char *name)
{
	char p[1024];
	struct stat st;

	return lp_valid_name(name) && !klp_path(p, sizeof(p), name, NULL) &&
	       stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* the first line of file @p into @buf ("" when it cannot be read) */
static void read_line(const char *p, char *buf, int len)
{
	FILE *f = fopen(p, "re");

	buf[0] = '\0';
	if (!f)
		return;
	if (!fgets(buf, len, f))
		buf[0] = '\0';
	fclose(f);
}

static int klp_attr(const char *name, const char *attr, int dflt)
{
	char p[1024], buf[32];

	if (klp_path(p, sizeof(p), name, attr))
		return dflt;
	read_line(p, buf, sizeof(buf));
	return buf[0] ? atoi(buf) : dflt;
}

/*
 * Whether klp patch @name is cumulative (--replace): its replace attribute
 * where the kernel has one (6.x on; not 6.1), else the read-only parameter
 * the glue of a `--format klp` module exposes
 * (/sys/module/NAME/parameters/replace, Y/N).  Neither (a module not built
 * by livepatch-build on 6.1): not known, shown as no.
 */
static bool klp_replace(const char *name)
{
	char p[1024], buf[8];
	int r = klp_attr(name, "replace", -1);

	if (r >= 0)
		return r == 1;
	if (snprintf(p, sizeof(p), "/sys/module/%s/parameters/replace", name) >=
	    (int)sizeof(p))
		return false;
	read_line(p, buf, sizeof(buf));
	return buf[0] == 'Y' || buf[0] == '1';
}

static int klp_write(const char *name, const char *attr, const char *val)
{
	char p[1024];
	FILE *f;
	int err;

	if (klp_path(p, sizeof(p), name, attr))
		return -1;
	f = fopen(p, "we");
	if (!f) {
		lp_err("%s: %s", p, strerror(errno));
		return -1;
	}
	err = fputs(val, f) < 0;
	if (fclose(f) || err) {
		lp_err("writing %s to %s: %s", val, p, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Tasks not yet in the patch state @target (1 patched, 0 unpatched) during
 * a transition: their count, and when @print "PID COMM" lines on stderr.
 */
static int klp_pending(int target, bool print)
{
	DIR *proc = opendir("/proc"), *tasks;
	struct dirent *p, *t;
	int n = 0;

	if (!proc)
		return 0;
	while ((p = readdir(proc))) {
		char dir[300], path[600], comm[64];

		if (p->d_name[0] < '1' || p->d_name[0] > '9')
			continue;
		snprintf(dir, sizeof(dir), "/proc/%s/task", p->d_name);
		tasks = opendir(dir);
		if (!tasks)
			continue;
		while ((t = readdir(tasks))) {
			FILE *f;
			int st = -1;

			if (t->d_name[0] < '1' || t->d_name[0] > '9')
				continue;
			snprintf(path, sizeof(path), "%s/%s/patch_state", dir,
				 t->d_name);
			f = fopen(path, "re");
			if (!f)
				continue;
			if (fscanf(f, "%d", &st) != 1)
				st = -1;
			fclose(f);
			if (st < 0 || st == target)
				continue;
			n++;
			if (!print)
				continue;
			snprintf(path, sizeof(path), "%s/%s/comm", dir,
				 t->d_name);
			f = fopen(path, "re");
			if (!f || !fgets(comm, sizeof(comm), f))
				lp_strlcpy(comm, "?", sizeof(comm));
			if (f)
				fclose(f);
			lp_chomp(comm);
			fprintf(stderr, "livepatch:   %s %s\n", t->d_name,
				comm);
		}
		closedir(tasks);
	}
	closedir(proc);
	return n;
}

/* until NAME's transition ends (0), or @secs pass (-1) */
static int klp_wait(const char *name, int secs)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	int i;

	for (i = 0; i < secs * 10; i++) {
		if (!lp_klp_exists(name) ||
		    klp_attr(name, "transition", 0) == 0)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -1;
}

static int klp_timeout(void)
{
	return opts.timeout > 0 ? opts.timeout : KLP_DEFAULT_TIMEOUT;
}

/* a transition that did not finish: report, reverse it, wait */
static void klp_reverse(const char *name, int target)
{
	fprintf(stderr, "livepatch: tasks still in the old state (PID "
			"COMM; their stacks in /proc/PID/stack):\n");
	klp_pending(target, true);
	lp_info("%s: reversing the transition", name);
	if (!klp_write(name, "enabled", target ? "0" : "1"))
		klp_wait(name, klp_timeout());
}

/**
 * lp_klp_is_klp() - is the module read into @m a kernel livepatch module
 * (livepatch=Y) and not a Suture one?
 */
bool lp_klp_is_klp(const struct lp_module *m)
{
	const char *v = lp_modinfo_get(m, "livepatch");

	return v && !strcmp(v, "Y") && !m->is_patch;
}

/**
 * lp_klp_load() - load a kernel livepatch module, wait for its transition
 * @fd:   the open .ko (lp_klp_is_klp() said yes of @m, read from it)
 * @path: its name, for messages
 * @m:    the module as read from @fd (freed by the caller)
 *
 * The checks and finit_module() use the same open file.  On a transition
 * that does not finish within --timeout, reverses it and removes the
 * module: the kernel is left as it was.
 */
int lp_klp_load(int fd, const char *path, struct lp_module *m_)
{
	struct lp_module m = *m_;
	int rc = LP_EXIT_FAIL;

	/* a patch module (livepatch=Y): check its release and build like a
	 * Suture one's */
	m.is_patch = true;
	if (lp_module_check_kernel(&m))
		goto out;
	if (opts.model) {
		lp_err("%s: --model: the kernel's livepatch has one "
		       "consistency model (per-task)",
		       path);
		goto out;
	}
	if (lp_module_present(m.name) || lp_klp_exists(m.name)) {
		lp_err("%s: a module named %s is already loaded; unload it "
		       "first with `livepatch unload %s`",
		       path, m.name, m.name);
		goto out;
	}
	if (lp_check_other_core(fd, path, true) || lp_klp_check_sizes(fd, path))
		goto out;
	if (lp_insert_module_fd(fd, path, m.name, ""))
		goto out;
	if (!lp_klp_exists(m.name)) {
		lp_err("%s: module %s loaded but is not in %s; unloading it",
		       path, m.name, lp_klp_root());
		lp_remove_module(m.name);
		goto out;
	}
	if (!opts.quiet)
		lp_info("%s: transition started (kernel livepatch)", m.name);
	if (klp_wait(m.name, klp_timeout())) {
		lp_err("%s: the transition did not finish in %d s", m.name,
		       klp_timeout());
		klp_reverse(m.name, 1);
		if (klp_wait(m.name, 1) == 0 &&
		    klp_attr(m.name, "enabled", 0) != 1)
			lp_remove_module(m.name);
		goto out;
	}
	if (klp_attr(m.name, "enabled", 0) != 1) {
		lp_err("%s: not enabled after its transition", m.name);
		goto out;
	}
	lp_loaded_record(m.name, path);
	if (!opts.quiet)
		printf("%s: applied (kernel livepatch)\n", m.name);
	rc = LP_EXIT_OK;
out:
	return rc;
}

/**
 * lp_klp_unload() - disable the klp patch @name, wait, remove its module
 */
int lp_klp_unload(const char *name)
{
	if (klp_attr(name, "transition", 0) == 1) {
		lp_err("%s: a transition is in progress; wait for it to end",
		       name);
		return LP_EXIT_FAIL;
	}
	if (klp_attr(name, "enabled", 0) == 1) {
		if (klp_write(name, "enabled", "0"))
			return LP_EXIT_FAIL;
		if (klp_wait(name, klp_timeout())) {
			lp_err("%s: the transition did not finish in %d s",
			       name, klp_timeout());
			klp_reverse(name, 0);
			return LP_EXIT_FAIL;
		}
	}
	/* the core removes the directory once the patch is freed */
	for (int i = 0; i < 50 && lp_klp_exists(name); i++)
		usleep(100000);
	if (lp_remove_module(name))
		return LP_EXIT_FAIL;
	lp_loaded_forget(name);
	if (!opts.quiet)
		printf("%s: removed\n", name);
	return LP_EXIT_OK;
}

/**
 * lp_klp_names() - the klp patches in /sys/kernel/livepatch
 * @names: filled with up to @max names
 * @max:   room in @names
 *
 * Return: how many were filled.
 */
int lp_klp_names(char names[][64], int max)
{
	DIR *d = opendir(lp_klp_root());
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) && n < max)
		if (e->d_name[0] != '.' && lp_valid_name(e->d_name) &&
		    lp_klp_exists(e->d_name))
			lp_strlcpy(names[n++], e->d_name, 64);
	closedir(d);
	return n;
}

static const char *klp_state(const char *name, int *pending)
{
	int en = klp_attr(name, "enabled", 0) == 1;
	int tr = klp_attr(name, "transition", 0) == 1;

	*pending = tr ? klp_pending(en, false) : 0;
	if (tr)
		return en ? "applying" : "removing";
	return en ? "enabled" : "disabled";
}

/**
 * lp_klp_state() - the state of the loaded klp patch @name, as `livepatch
 * list` shows a Suture one's
 * @name:       the patch
 * @enabled:    set from its enabled attribute
 * @transition: set from its transition attribute
 * @replace:    whether it is cumulative (klp_replace())
 * @pending:    tasks not yet in the target state (0 without a transition)
 *
 * Return: "enabled", "disabled", "applying" or "removing".
 */
const char *lp_klp_state(const char *name, bool *enabled, bool *transition,
			 bool *replace, int *pending)
{
	*enabled = klp_attr(name, "enabled", 0) == 1;
	*transition = klp_attr(name, "transition", 0) == 1;
	*replace = klp_replace(name);
	return klp_state(name, pending);
}

/**
 * lp_klp_info() - `livepatch info NAME` for a loaded klp patch: state,
 * transition, and per object whether it is patched and its functions
 */
int lp_klp_info(const char *name)
{
	char path[1024], sub[1024], upd[160];
	struct lp_json j;
	DIR *d, *fd;
	struct dirent *o, *f;
	int pending;
	const char *st = klp_state(name, &pending);

	lp_update_of(name, upd, sizeof(upd));

	if (opts.json) {
		json_begin(&j, stdout);
		json_str(&j, "name", name);
		json_str(&j, "state", st);
		json_bool(&j, "loaded", true);
		json_str(&j, "model", "klp");
		json_int(&j, "pending", pending);
		json_bool(&j, "replace", klp_replace(name));
		if (*upd)
			json_str(&j, "update", upd);
		json_arr_open(&j, "objects");
	} else {
		printf("patch:      %s\n", name);
		printf("state:      %s\n", st);
		printf("model:      klp (the kernel's livepatch, %s/%s)\n",
		       lp_klp_root(), name);
		printf("replace:    %s\n", klp_replace(name) ? "yes" : "no");
		if (*upd)
			printf("update:     %s\n", lp_esc(upd));
		if (pending)
			printf("transition: %s, %d tasks left\n", st, pending);
		else
			printf("transition: none\n");
		printf("objects:\n");
	}
	if (klp_path(path, sizeof(path), name, NULL))
		return LP_EXIT_FAIL;
	d = opendir(path);
	while (d && (o = readdir(d))) {
		int patched;

		if (o->d_name[0] == '.' ||
		    snprintf(sub, sizeof(sub), "%s/%s", o->d_name, "patched") >=
			    (int)sizeof(sub))
			continue;
		patched = klp_attr(name, sub, -1);
		if (patched < 0)
			continue; /* an attribute, not an object */
		if (opts.json) {
			json_obj_open(&j, NULL);
			json_str(&j, "name", o->d_name);
			json_bool(&j, "patched", patched == 1);
			json_arr_open(&j, "functions");
		} else {
			printf("  %s (%s)\n", o->d_name,
			       patched == 1 ? "patched" : "not patched");
		}
		snprintf(sub, sizeof(sub), "%s/%s", path, o->d_name);
		fd = opendir(sub);
		while (fd && (f = readdir(fd))) {
			if (!strchr(f->d_name, ','))
				continue; /* FUNC,SYMPOS directories */
			if (opts.json) {
				/* "FUNC,POS" (the kernel writes POS 1 for a
				 * unique name) as in the suture format */
				char fn[256];

				lp_strlcpy(fn, f->d_name, sizeof(fn));
				*strrchr(fn, ',') = '\0';
				json_obj_open(&j, NULL);
				json_str(&j, "name", fn);
				json_int(&j, "sympos",
					 atol(strrchr(f->d_name, ',') + 1));
				json_obj_close(&j);
			} else {
				printf("    %s\n", f->d_name);
			}
		}
		if (fd)
			closedir(fd);
		if (opts.json) {
			json_arr_close(&j);
			json_obj_close(&j);
		}
	}
	if (d)
		closedir(d);
	if (opts.json) {
		json_arr_close(&j);
		json_end(&j);
	}
	return LP_EXIT_OK;
}
