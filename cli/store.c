// SPDX-License-Identifier: GPL-2.0
/*
 * store.c - installed patches: `livepatch install`, `uninstall`, `package`.
 *
 * Layout ($SUTURE_STATE_DIR, default /var/lib/suture):
 *
 *   RELEASE/NAME.ko   an installed patch module for kernel RELEASE
 *   RELEASE/order     the names, one a line, in the order the boot unit
 *                     (contrib/suture-boot) loads them: install order
 *
 * A stray RELEASE/NAME.ko missing from `order` is still loaded, after the
 * listed ones, by name.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>
#include <limits.h>

#include "livepatch.h"

/** lp_state_dir() - where installed patches live */
const char *lp_state_dir(void)
{
	const char *env = getenv("SUTURE_STATE_DIR");

	return env && *env ? env : "/var/lib/suture";
}

static bool safe_component(const char *s)
{
	return *s && !strchr(s, '/') && strcmp(s, ".") && strcmp(s, "..") &&
	       strlen(s) < 64;
}

/**
 * lp_store_path() - path of an installed patch, if it is installed
 * @release: kernel release
 * @name:    patch name
 * @buf:     receives STATE/RELEASE/NAME.ko
 *
 * Return: 0 when the file exists, -1 otherwise.
 */
int lp_store_path(const char *release, const char *name, char *buf, size_t len)
{
	if (!safe_component(release) || !safe_component(name))
		return -1;
	snprintf(buf, len, "%s/%s/%s.ko", lp_state_dir(), release, name);
	return access(buf, F_OK) == 0 ? 0 : -1;
}

/*
 * Which file each loaded patch came from: $SUTURE_RUN_DIR/NAME (default
 * /run/suture, a tmpfs: forgotten at reboot like the patches themselves),
 * so that `info` can read what the core does not expose (callbacks).
 */
static const char *run_dir(void)
{
	const char *env = getenv("SUTURE_RUN_DIR");

	return env && *env ? env : "/run/suture";
}

static int mkdir_p(const char *dir);

/** lp_loaded_record() - remember the file patch @name was loaded from */
void lp_loaded_record(const char *name, const char *path)
{
	char rec[512], abs[PATH_MAX];
	FILE *f;

	if (!safe_component(name) || !realpath(path, abs) || mkdir_p(run_dir()))
		return;
	snprintf(rec, sizeof(rec), "%s/%s", run_dir(), name);
	f = fopen(rec, "we");
	if (!f)
		return;
	fprintf(f, "%s\n", abs);
	fclose(f);
}

/** lp_loaded_forget() - the patch was unloaded */
void lp_loaded_forget(const char *name)
{
	char rec[512];

	if (!safe_component(name))
		return;
	snprintf(rec, sizeof(rec), "%s/%s", run_dir(), name);
	unlink(rec);
}

/**
 * lp_loaded_path() - the file a loaded patch came from, if still there
 *
 * Return: 0 with the path in @buf, or -1.
 */
int lp_loaded_path(const char *name, char *buf, size_t len)
{
	char rec[512];
	FILE *f;

	if (!safe_component(name))
		return -1;
	snprintf(rec, sizeof(rec), "%s/%s", run_dir(), name);
	f = fopen(rec, "re");
	if (!f)
		return -1;
	if (!fgets(buf, len, f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	lp_chomp(buf);
	return access(buf, R_OK);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

static bool in_list(char names[][64], int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

/* The raw order file, duplicates and missing files included. */
static int order_read(const char *release, char names[][64], int max)
{
	char path[1024], line[256];
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/order", lp_state_dir(), release);
	f = fopen(path, "re");
	if (!f)
		return 0;
	while (n < max && fgets(line, sizeof(line), f)) {
		lp_chomp(line);
		if (safe_component(line) && !in_list(names, n, line))
			lp_strlcpy(names[n++], line, 64);
	}
	fclose(f);
	return n;
}

/**
 * lp_store_list() - installed patches of a release, in boot order
 * @release: kernel release
 * @names:   receives up to @max names
 */
int lp_store_list(const char *release, char names[][64], int max)
{
	char raw[LP_MAX_PATCHES][64], stray[LP_MAX_PATCHES][64];
	char path[1024];
	int nr, n = 0, ns = 0, i;
	struct dirent *de;
	DIR *d;

	if (!safe_component(release))
		return 0;
	nr = order_read(release, raw, LP_MAX_PATCHES);
	for (i = 0; i < nr && n < max; i++)
		if (lp_store_path(release, raw[i], path, sizeof(path)) == 0)
			lp_strlcpy(names[n++], raw[i], 64);
	snprintf(path, sizeof(path), "%s/%s", lp_state_dir(), release);
	d = opendir(path);
	if (!d)
		return n;
	while ((de = readdir(d)) && ns < LP_MAX_PATCHES) {
		size_t l = strlen(de->d_name);

		if (de->d_name[0] == '.' || l < 4 || l - 3 >= 64 ||
		    strcmp(de->d_name + l - 3, ".ko"))
			continue;
		de->d_name[l - 3] = '\0';
		if (!in_list(names, n, de->d_name))
			lp_strlcpy(stray[ns++], de->d_name, 64);
	}
	closedir(d);
	qsort(stray, ns, 64, cmp_names);
	for (i = 0; i < ns && n < max; i++)
		lp_strlcpy(names[n++], stray[i], 64);
	return n;
}

static int mkdir_p(const char *dir)
{
	char tmp[1024], *p;

	lp_strlcpy(tmp, dir, sizeof(tmp));
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(tmp, 0755) && errno != EEXIST)
		return -1;
	return 0;
}

/* Copy @src to @dst atomically (temporary file, fsync, rename). */
static int copy_file(const char *src, const char *dst)
{
	char tmp[1100], buf[65536];
	int in, out, rc = -1;
	ssize_t n;

	snprintf(tmp, sizeof(tmp), "%s.tmp", dst);
	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n)
			goto out;
	if (n < 0 || fsync(out))
		goto out;
	rc = 0;
out:
	close(in);
	if (close(out))
		rc = -1;
	if (rc == 0 && rename(tmp, dst))
		rc = -1;
	if (rc)
		unlink(tmp);
	return rc;
}

/* Rewrite RELEASE/order atomically with @names. */
static int order_write(const char *release, char names[][64], int n)
{
	char path[1024], tmp[1100];
	FILE *f;
	int i, rc = 0;

	snprintf(path, sizeof(path), "%s/%s/order", lp_state_dir(), release);
	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "we");
	if (!f)
		return -1;
	for (i = 0; i < n; i++)
		fprintf(f, "%s\n", names[i]);
	if (fflush(f) || fsync(fileno(f)))
		rc = -1;
	if (fclose(f))
		rc = -1;
	if (rc == 0 && rename(tmp, path))
		rc = -1;
	if (rc)
		unlink(tmp);
	return rc;
}

/*
 * Serialise updates of RELEASE/order between concurrent installs (held
 * until the process exits).
 */
static void store_lock(const char *release)
{
	char path[1024];
	int fd;

	snprintf(path, sizeof(path), "%s/%s/.lock", lp_state_dir(), release);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd >= 0)
		flock(fd, LOCK_EX);
}

/**
 * cmd_install() - keep a patch module for re-application at boot
 * @path: the patch .ko
 *
 * The module must be a patch for the running kernel, or, with
 * --other-kernel, for any release (stored under its own release).
 */
int cmd_install(const char *path)
{
	static char order[LP_MAX_PATCHES][64];
	char dir[1024], dst[1100];
	struct lp_module mod;
	bool running;
	int n, rc = LP_EXIT_FAIL;

	if (lp_module_read(path, &mod))
		return LP_EXIT_FAIL;
	running = !strcmp(mod.release, lp_kernel_release());
	if (running || !opts.other_kernel || !mod.is_patch) {
		if (lp_module_check_kernel(&mod)) {
			if (!running && mod.is_patch)
				lp_err("to install it for kernel %s anyway "
				       "(applied when that kernel boots), use "
				       "--other-kernel",
				       mod.release);
			goto out;
		}
	}
	if (!safe_component(mod.release) || !safe_component(mod.name)) {
		lp_err("%s: unusable release \"%s\" or name \"%s\"", path,
		       mod.release, mod.name);
		goto out;
	}
	snprintf(dir, sizeof(dir), "%s/%s", lp_state_dir(), mod.release);
	if (mkdir_p(dir)) {
		lp_err("cannot create %s: %s", dir, strerror(errno));
		goto out;
	}
	snprintf(dst, sizeof(dst), "%s/%s.ko", dir, mod.name);
	store_lock(mod.release);
	n = order_read(mod.release, order, LP_MAX_PATCHES);
	if (in_list(order, n, mod.name) && access(dst, F_OK) == 0)
		lp_info("%s: replacing the installed copy (boot order kept)",
			mod.name);
	if (copy_file(path, dst)) {
		lp_err("cannot copy %s to %s: %s", path, dst, strerror(errno));
		goto out;
	}
	if (!in_list(order, n, mod.name)) {
		if (n >= LP_MAX_PATCHES) {
			lp_err("too many installed patches in %s", dir);
			unlink(dst);
			goto out;
		}
		lp_strlcpy(order[n++], mod.name, 64);
	}
	if (order_write(mod.release, order, n)) {
		lp_err("cannot write %s/order: %s", dir, strerror(errno));
		goto out;
	}
	lp_info("%s: installed for %s (boot order %d); the boot unit applies "
		"it when %s boots%s",
		mod.name, mod.release, n, mod.release,
		running && !lp_patch_exists(mod.name) ?
			"; `livepatch load` applies it now" :
			"");
	rc = LP_EXIT_OK;
out:
	lp_module_free(&mod);
	return rc;
}

/**
 * cmd_uninstall() - stop re-applying a patch at boot
 * @name: patch name
 *
 * Does not unload a loaded patch unless --unload is given.
 */
int cmd_uninstall(const char *name)
{
	static char order[LP_MAX_PATCHES][64];
	const char *rel = opts.release ? opts.release : lp_kernel_release();
	char path[1024];
	int n, i, j;

	if (!safe_component(name) ||
	    lp_store_path(rel, name, path, sizeof(path))) {
		lp_err("patch %s is not installed for %s (see `livepatch "
		       "list`)",
		       name, rel);
		return LP_EXIT_FAIL;
	}
	if (opts.unload && lp_patch_exists(name) && cmd_unload(name))
		return LP_EXIT_FAIL;
	store_lock(rel);
	n = order_read(rel, order, LP_MAX_PATCHES);
	for (i = j = 0; i < n; i++)
		if (strcmp(order[i], name))
			lp_strlcpy(order[j++], order[i], 64);
	if (order_write(rel, order, j)) {
		lp_err("cannot update %s/%s/order: %s", lp_state_dir(), rel,
		       strerror(errno));
		return LP_EXIT_FAIL;
	}
	if (unlink(path)) {
		lp_err("cannot remove %s: %s", path, strerror(errno));
		return LP_EXIT_FAIL;
	}
	lp_info("%s: uninstalled for %s%s", name, rel,
		lp_patch_exists(name) ?
			"; it stays loaded until `livepatch unload`" :
			"");
	return LP_EXIT_OK;
}

/* Locate contrib/build-fix-deb: env, source tree, installed. */
static int find_builder(char *buf, size_t len)
{
	const char *env = getenv("SUTURE_BUILD_FIX_DEB");
	char self[1024];
	ssize_t n;
	char *slash;

	if (env && *env) {
		lp_strlcpy(buf, env, len);
		return access(buf, X_OK);
	}
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, len, "%s/../contrib/build-fix-deb", self);
			if (access(buf, X_OK) == 0)
				return 0;
		}
	}
	lp_strlcpy(buf, "/usr/lib/suture/build-fix-deb", len);
	return access(buf, X_OK);
}

/**
 * cmd_package() - wrap a patch module into a Debian package
 * @path: the patch .ko
 *
 * Runs contrib/build-fix-deb (installed as /usr/lib/suture/build-fix-deb).
 */
int cmd_package(const char *path)
{
	char builder[1024];
	const char *argv[8];
	int argc = 0;
	struct lp_module mod;

	if (lp_module_read(path, &mod))
		return LP_EXIT_FAIL;
	if (!mod.is_patch) {
		lp_err("%s: not a Suture patch module (no suture_patch=Y in "
		       ".modinfo)",
		       path);
		lp_module_free(&mod);
		return LP_EXIT_FAIL;
	}
	lp_module_free(&mod);
	if (find_builder(builder, sizeof(builder))) {
		lp_err("build-fix-deb not found (looked for $SUTURE_BUILD_FIX_DEB,"
		       " contrib/ beside this binary, /usr/lib/suture/)");
		return LP_EXIT_FAIL;
	}
	argv[argc++] = builder;
	if (opts.outdir) {
		argv[argc++] = "-o";
		argv[argc++] = opts.outdir;
	}
	if (opts.pkg_version) {
		argv[argc++] = "-V";
		argv[argc++] = opts.pkg_version;
	}
	argv[argc++] = path;
	argv[argc] = NULL;
	fflush(NULL);
	execv(builder, (char *const *)argv);
	lp_err("cannot run %s: %s", builder, strerror(errno));
	return LP_EXIT_FAIL;
}
