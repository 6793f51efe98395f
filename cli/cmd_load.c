// SPDX-License-Identifier: GPL-2.0
/*
 * cmd_load.c - `livepatch load` and `livepatch unload`.
 *
 * Both wait for the transition to finish and exit 0 only when the patch is
 * fully applied (resp. removed and its module unloaded).  When the deadline
 * passes they print the tasks that block the transition, reverse it, and
 * leave the kernel as it was.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "livepatch.h"

/* Transition deadline when neither --timeout nor the patch sets one. */
#define LP_DEFAULT_TIMEOUT 60
/* Extra seconds granted to the core to reverse on its own deadline. */
#define LP_GRACE 3

static int patch_timeout(const char *name)
{
	int t;

	if (opts.timeout > 0)
		return opts.timeout;
	t = lp_attr_int(name, "timeout", 0);
	return t > 0 ? t : LP_DEFAULT_TIMEOUT;
}

static void print_result(const char *name)
{
	char res[512];

	if (lp_attr_read(name, "result", res, sizeof(res)) == 0 && res[0] &&
	    strcmp(res, "ok"))
		lp_err("%s: the core reports: %s", name, res);
}

static bool is_per_task(const char *name)
{
	char model[32];

	return lp_attr_read(name, "model", model, sizeof(model)) == 0 &&
	       !strcmp(model, "per-task");
}

static bool is_top(const char *name, char *top, size_t len)
{
	char stack[LP_MAX_PATCHES][64];
	int n = lp_stack_read(stack, LP_MAX_PATCHES);

	lp_strlcpy(top, n ? stack[n - 1] : "", len);
	return n && !strcmp(stack[n - 1], name);
}

/*
 * The core takes one transition at a time (a second registration gets
 * EBUSY): wait, up to @secs, for another patch's open transition to end
 * (e.g. a fix package installed while the previous one still switches
 * tasks).  Return: 0, or -1 (reported) when one is still open.
 */
static int wait_core_idle(const char *self, int secs)
{
	static char names[LP_MAX_PATCHES][64];
	int n = lp_patches_read(names, LP_MAX_PATCHES), i;
	struct lp_wait w;

	for (i = 0; i < n; i++) {
		if (!lp_attr_int(names[i], "transition", 0))
			continue;
		lp_info("%s: waiting for the open transition of patch %s "
			"(up to %d s)",
			self, names[i], secs);
		w.snap_until = 0;
		if (lp_transition_wait(names[i], "in transition", secs, &w)) {
			lp_err("%s: the core is busy: patch %s is still in "
			       "transition; try again when `livepatch list` "
			       "shows it done",
			       self, names[i]);
			return -1;
		}
	}
	return 0;
}

/**
 * cmd_load() - load a patch module and wait until it is fully applied
 * @path: the patch .ko
 *
 * The file is opened once: every check reads that open file, and
 * finit_module(2) loads the same open file, so renaming or replacing
 * @path meanwhile cannot slip another module past the checks.
 */
int cmd_load(const char *path)
{
	struct lp_module mod;
	struct lp_wait w;
	char params[128] = "";
	const char *name;
	int fd, secs, rc = LP_EXIT_FAIL;
	bool timed_out = false;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		lp_err("%s: %s", lp_esc(path), strerror(errno));
		return LP_EXIT_FAIL;
	}
	if (lp_module_read_fd(fd, path, &mod)) {
		close(fd);
		return LP_EXIT_FAIL;
	}
	/* kernel livepatch modules (--format klp): klp.c, same open file */
	if (lp_klp_is_klp(&mod)) {
		rc = lp_klp_load(fd, path, &mod);
		goto out;
	}
	name = mod.name;
	if (lp_module_check_kernel(&mod))
		goto out;
	if (lp_core_ensure())
		goto out;
	if (lp_patch_exists(name)) {
		lp_err("%s: patch %s is already loaded (%s); unload it first "
		       "with `livepatch unload %s`",
		       path, name,
		       lp_attr_int(name, "enabled", 0) ? "enabled" : "disabled",
		       name);
		goto out;
	}
	if (lp_module_present(name)) {
		lp_err("%s: a module named %s is already loaded and is not a "
		       "Suture patch",
		       path, name);
		goto out;
	}
	if (lp_check_other_core(fd, path, false))
		goto out;
	if (opts.model)
		snprintf(params, sizeof(params), "model=%s", opts.model);
	if (opts.timeout > 0)
		snprintf(params + strlen(params),
			 sizeof(params) - strlen(params), "%stimeout=%d",
			 params[0] ? " " : "", opts.timeout);

	if (wait_core_idle(name, opts.timeout > 0 ? opts.timeout :
						    LP_DEFAULT_TIMEOUT))
		goto out;
	lp_sig_explain(path, &mod.sig, false);
	if (lp_insert_module_fd(fd, path, name, params))
		goto out;
	if (!lp_patch_exists(name)) {
		lp_err("%s: module %s loaded but did not register a patch with "
		       "the core; unloading it",
		       path, name);
		lp_remove_module(name);
		goto out;
	}

	secs = patch_timeout(name);
	w.snap_until = secs;
	if (lp_transition_wait(name, "applying", secs + LP_GRACE, &w)) {
		timed_out = true;
		if (w.interrupted)
			lp_err("%s: interrupted", name);
		else
			lp_err("%s: the transition did not finish within %d s",
			       name, secs);
		lp_print_blocking(name, w.blocking);
		lp_err("%s: reversing", name);
		lp_attr_write(name, "enabled", "0");
		w.snap_until = 0;
		if (lp_transition_wait(name, "reversing", secs + LP_GRACE,
				       &w)) {
			lp_err("%s: the reversal did not finish either; the "
			       "patch is still in transition: retry "
			       "`livepatch unload %s` later",
			       name, name);
			lp_print_blocking(name, w.blocking);
			goto out;
		}
	}

	if (!timed_out && lp_patch_exists(name) &&
	    lp_attr_int(name, "enabled", 0) == 1 &&
	    lp_attr_int(name, "transition", 1) == 0) {
		char model[32];

		lp_attr_read(name, "model", model, sizeof(model));
		lp_info("%s: applied (model %s)", name, model);
		lp_loaded_record(name, path);
		rc = LP_EXIT_OK;
		goto out;
	}

	/* Refused or reversed: the core undid it; remove the module. */
	if (!timed_out) {
		lp_err("%s: the patch was not applied", name);
		print_result(name);
		if (w.blocking[0])
			lp_print_blocking(name, w.blocking);
	} else {
		print_result(name);
	}
	if (lp_remove_module(name) == 0)
		lp_err("%s: reversed; the kernel is unchanged", name);
out:
	close(fd);
	lp_module_free(&mod);
	return rc;
}

static int not_loaded(const char *name)
{
	char path[1024];

	if (lp_module_present(name)) {
		lp_err("%s is a loaded module but not a Suture patch", name);
		return LP_EXIT_FAIL;
	}
	if (lp_store_path(lp_kernel_release(), name, path, sizeof(path)) == 0)
		lp_err("patch %s is not loaded (it is installed: "
		       "`livepatch uninstall %s` removes it from boot)",
		       name, name);
	else
		lp_err("patch %s is not loaded (see `livepatch list`)", name);
	return LP_EXIT_FAIL;
}

/**
 * cmd_unload() - disable a patch, wait for the transition, unload it
 * @name: patch name
 *
 * Only the newest enabled patch may be disabled.
 */
int cmd_unload(const char *name)
{
	struct lp_wait w;
	char top[64];
	int secs, err;

	if (!lp_patch_exists(name))
		return not_loaded(name);

	if (lp_attr_int(name, "transition", 0)) {
		lp_err("%s: a transition is in progress; wait for it to end",
		       name);
		return LP_EXIT_FAIL;
	}
	if (lp_attr_int(name, "enabled", 0) == 1) {
		if (!is_top(name, top, sizeof(top)) && top[0]) {
			lp_err("unload out of order: %s is on top of %s; "
			       "unload %s first (or use --all)",
			       top, name, top);
			return LP_EXIT_FAIL;
		}
		/*
		 * A removal cannot be turned around from userspace: give the
		 * core the deadline so that it reverses by itself when the
		 * transition cannot finish (per-task has no default one).
		 */
		secs = patch_timeout(name);
		if (opts.timeout > 0 || (lp_attr_int(name, "timeout", 0) == 0 &&
					 is_per_task(name))) {
			char t[16];

			snprintf(t, sizeof(t), "%d", secs);
			lp_attr_write(name, "timeout", t);
		}
		err = lp_attr_write(name, "enabled", "0");
		if (err == -EBUSY) {
			if (!is_top(name, top, sizeof(top)) && top[0])
				lp_err("unload out of order: %s is on top of "
				       "%s; unload %s first (or use --all)",
				       top, name, top);
			else
				lp_err("%s: the core is busy with another "
				       "transition; retry later",
				       name);
			return LP_EXIT_FAIL;
		}
		if (err) {
			lp_err("%s: disabling failed: %s", name,
			       strerror(-err));
			return LP_EXIT_FAIL;
		}
		w.snap_until = secs;
		if (lp_transition_wait(name, "removing", secs + LP_GRACE, &w)) {
			if (w.interrupted)
				lp_err("%s: interrupted", name);
			else
				lp_err("%s: the transition did not finish "
				       "within %d s",
				       name, secs);
			lp_print_blocking(name, w.blocking);
			lp_err("%s: still in transition; the core reverses it at "
			       "its timeout (see `livepatch info %s`)",
			       name, name);
			return LP_EXIT_FAIL;
		}
		if (lp_attr_int(name, "enabled", 0) != 0) {
			lp_err("%s: the removal could not finish and was "
			       "reversed: the patch stays applied",
			       name);
			print_result(name);
			lp_print_blocking(name, w.blocking);
			return LP_EXIT_FAIL;
		}
	}
	if (lp_attr_int(name, "forced", 0) == 1) {
		/* suture.ko keeps a forced patch's module (see sysfs ABI) */
		lp_info("%s: disabled; its module stays loaded until reboot "
			"(a transition was forced: tasks may still run its "
			"code)",
			name);
		return LP_EXIT_OK;
	}
	if (lp_remove_module(name))
		return LP_EXIT_FAIL;
	lp_loaded_forget(name);
	lp_info("%s: removed", name);
	return LP_EXIT_OK;
}

/**
 * cmd_unload_all() - unload every patch, newest first
 */
int cmd_unload_all(void)
{
	char names[LP_MAX_PATCHES][64];
	int n, i, removed = 0;

	for (;;) {
		n = lp_stack_read(names, LP_MAX_PATCHES);
		if (!n)
			break;
		if (cmd_unload(names[n - 1]))
			return LP_EXIT_FAIL;
		removed++;
	}
	/* What is left is disabled: just unload the modules. */
	n = lp_patches_read(names, LP_MAX_PATCHES);
	for (i = 0; i < n; i++) {
		if (cmd_unload(names[i]))
			return LP_EXIT_FAIL;
		removed++;
	}
	if (!removed)
		lp_info("no patches loaded");
	return LP_EXIT_OK;
}
