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
 * Only what `order` lists is applied at boot; a stray RELEASE/NAME.ko is
 * reported, never loaded.  The store is trusted only when, like sshd's
 * StrictModes, the state directory, the release directory, `order` and
 * each module are owned by root (or the user running livepatch) and not
 * writable by group or others, and none is a symbolic link: anything else
 * is refused, naming the path.  Files are written through new temporaries
 * (O_CREAT|O_EXCL|O_NOFOLLOW, mode 0644) renamed into place.
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

/**
 * lp_valid_name() - is @s a patch module name: [a-z0-9_]{1,55}
 *
 * The kernel's MODULE_NAME_LEN leaves 55 characters; livepatch-build
 * makes names of this alphabet only.  Names reach paths, sysfs and the
 * fix packages' data: nothing else is accepted.
 */
bool lp_valid_name(const char *s)
{
	size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_");

	return n > 0 && n <= 55 && s[n] == '\0';
}

/**
 * lp_valid_release() - is @s a kernel release: N.N then [A-Za-z0-9._+~-]
 *
 * At most 64 characters (struct new_utsname).  A valid release is one
 * path component, never "." or "..".
 */
bool lp_valid_release(const char *s)
{
	size_t n = strspn(s, "0123456789");

	if (!n || s[n] != '.' || !strchr("0123456789", s[n + 1]) || !s[n + 1] ||
	    strlen(s) > 64)
		return false;
	return s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
			   "abcdefghijklmnopqrstuvwxyz0123456789._+~-")] ==
	       '\0';
}

/*
 * StrictModes for the store: @path must be a @dir (directory) or regular
 * file, not a symbolic link, owned by root or by us, and not writable by
 * group or others.  Prints why not, with the path and the fix.
 */
static int store_trusted(const char *path, bool dir)
{
	struct stat st;

	if (lstat(path, &st)) {
		lp_err("cannot check %s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISLNK(st.st_mode)) {
		lp_err("refusing the live patch store: %s is a symbolic link; "
		       "replace it by the %s itself",
		       path, dir ? "directory" : "file");
		return -1;
	}
	if (dir ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) {
		lp_err("refusing the live patch store: %s is not a %s", path,
		       dir ? "directory" : "regular file");
		return -1;
	}
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		lp_err("refusing the live patch store: %s is owned by uid %u, "
		       "not root; chown root: %s after checking its contents",
		       path, (unsigned int)st.st_uid, path);
		return -1;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		lp_err("refusing the live patch store: %s is writable by "
		       "group or others (mode %03o); chmod go-w %s after "
		       "checking its contents",
		       path, (unsigned int)(st.st_mode & 0777), path);
		return -1;
	}
	return 0;
}

/* The state directory and STATE/RELEASE (when they exist) are trusted. */
static int store_dirs_trusted(const char *release, bool *exists)
{
	char dir[1024];

	*exists = false;
	if (access(lp_state_dir(), F_OK))
		return 0;
	if (store_trusted(lp_state_dir(), true))
		return -1;
	snprintf(dir, sizeof(dir), "%s/%s", lp_state_dir(), release);
	if (access(dir, F_OK))
		return 0;
	*exists = true;
	return store_trusted(dir, true);
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
	struct stat st;

	if (!lp_valid_release(release) || !lp_valid_name(name))
		return -1;
	snprintf(buf, len, "%s/%s/%s.ko", lp_state_dir(), release, name);
	return lstat(buf, &st) == 0 ? 0 : -1;
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
	int fd;

	if (!lp_valid_name(name) || !realpath(path, abs) || mkdir_p(run_dir()))
		return;
	snprintf(rec, sizeof(rec), "%s/%s", run_dir(), name);
	fd = open(rec, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	f = fd < 0 ? NULL : fdopen(fd, "w");
	if (!f) {
		if (fd >= 0)
			close(fd);
		return;
	}
	fprintf(f, "%s\n", abs);
	fclose(f);
}

/** lp_loaded_forget() - the patch was unloaded */
void lp_loaded_forget(const char *name)
{
	char rec[512];

	if (!lp_valid_name(name))
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

	if (!lp_valid_name(name))
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

static bool in_list(char names[][64], int n, const char *name)
{
	int i;

	for (i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return true;
	return false;
}

/*
 * The order file: valid names, first occurrence kept.  Return: the count,
 * 0 when there is none, -1 when it is not trusted (reported).
 */
static int order_read(const char *release, char names[][64], int max)
{
	char path[1024], line[256];
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/order", lp_state_dir(), release);
	if (access(path, F_OK))
		return 0;
	if (store_trusted(path, false))
		return -1;
	f = fopen(path, "re");
	if (!f) {
		lp_err("cannot read %s: %s", path, strerror(errno));
		return -1;
	}
	while (n < max && fgets(line, sizeof(line), f)) {
		lp_chomp(line);
		if (lp_valid_name(line) && !in_list(names, n, line))
			lp_strlcpy(names[n++], line, 64);
	}
	fclose(f);
	return n;
}

/* Report RELEASE/NAME.ko files that `order` does not list. */
static void report_strays(const char *release, char names[][64], int n)
{
	char path[1024];
	struct dirent *de;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", lp_state_dir(), release);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);
		char name[64];

		if (de->d_name[0] == '.' || l < 4 || l - 3 >= sizeof(name) ||
		    strcmp(de->d_name + l - 3, ".ko"))
			continue;
		lp_strlcpy(name, de->d_name, l - 2);
		if (!in_list(names, n, name))
			lp_info("warning: %s/%s is not in %s/order: it is not "
				"applied at boot (`livepatch install` it, or "
				"remove it)",
				path, de->d_name, path);
	}
	closedir(d);
}

/**
 * lp_store_list() - installed patches of a release, in boot order
 * @release: kernel release
 * @names:   receives up to @max names
 *
 * Only what `order` lists and the store holds; strays are reported, an
 * untrusted store is refused (reported, 0 returned).
 */
int lp_store_list(const char *release, char names[][64], int max)
{
	char raw[LP_MAX_PATCHES][64];
	char path[1024];
	int nr, n = 0, i;
	bool exists;

	if (!lp_valid_release(release))
		return 0;
	if (store_dirs_trusted(release, &exists) || !exists)
		return 0;
	nr = order_read(release, raw, LP_MAX_PATCHES);
	for (i = 0; i < nr && n < max; i++)
		if (lp_store_path(release, raw[i], path, sizeof(path)) == 0 &&
		    !store_trusted(path, false))
			lp_strlcpy(names[n++], raw[i], 64);
	report_strays(release, names, n);
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

/*
 * A new temporary file beside @dst (never an existing file, never through
 * a symbolic link), mode 0644.  Return: its fd, with its name in @tmp.
 */
static int open_temp(const char *dst, char *tmp, size_t len)
{
	static unsigned int seq;
	int i, fd;

	for (i = 0; i < 100; i++) {
		snprintf(tmp, len, "%s.%d.%u.tmp", dst, (int)getpid(), seq++);
		fd = open(tmp,
			  O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
			  0644);
		if (fd >= 0) {
			if (fchmod(fd, 0644)) {
				close(fd);
				unlink(tmp);
				return -1;
			}
			return fd;
		}
		if (errno != EEXIST)
			return -1;
	}
	return -1;
}

/* Write @out's temporary into place: fsync, close, rename. */
static int commit_temp(int out, const char *tmp, const char *dst, int rc)
{
	if (rc == 0 && fsync(out))
		rc = -1;
	if (close(out))
		rc = -1;
	if (rc == 0 && rename(tmp, dst))
		rc = -1;
	if (rc) {
		int err = errno;

		unlink(tmp);
		errno = err;
	}
	return rc;
}

/* Copy @src to @dst atomically (new temporary file, fsync, rename). */
static int copy_file(const char *src, const char *dst)
{
	char tmp[1100], buf[65536];
	int in, out, rc = 0;
	ssize_t n;

	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = open_temp(dst, tmp, sizeof(tmp));
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, n) != n) {
			rc = -1;
			break;
		}
	if (n < 0)
		rc = -1;
	close(in);
	return commit_temp(out, tmp, dst, rc);
}

/* Rewrite RELEASE/order atomically with @names. */
static int order_write(const char *release, char names[][64], int n)
{
	char path[1024], tmp[1100], line[80];
	int out, i, rc = 0;

	snprintf(path, sizeof(path), "%s/%s/order", lp_state_dir(), release);
	out = open_temp(path, tmp, sizeof(tmp));
	if (out < 0)
		return -1;
	for (i = 0; i < n && rc == 0; i++) {
		int l = snprintf(line, sizeof(line), "%s\n", names[i]);

		if (write(out, line, l) != l)
			rc = -1;
	}
	return commit_temp(out, tmp, path, rc);
}

/*
 * Serialise updates of RELEASE/order between concurrent installs (held
 * until the process exits).
 */
static int store_lock(const char *release)
{
	char path[1024];
	int fd;

	snprintf(path, sizeof(path), "%s/%s/.lock", lp_state_dir(), release);
	fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 || flock(fd, LOCK_EX)) {
		lp_err("cannot lock %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Is @mod a patch for the running kernel?  With --other-kernel a module of
 * the running release that does not match this build is stored anyway
 * (the boot unit applies it only to the build it fits): warned, not fatal,
 * so that a fix package's postinst never fails on it.
 */
static int install_check_kernel(const struct lp_module *mod, bool running)
{
	if (!mod->is_patch || !opts.other_kernel)
		return lp_module_check_kernel(mod) ? -1 : 0;
	if (running && lp_module_check_kernel(mod))
		lp_info("warning: %s does not fit the running kernel (see "
			"above): stored for the boot of %s, NOT applied now",
			mod->name, mod->release);
	return 0;
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
	bool running, exists;
	int n, rc = LP_EXIT_FAIL;

	umask(022);
	if (lp_module_read(path, &mod))
		return LP_EXIT_FAIL;
	/* a kernel livepatch module (--format klp): `load` handles both */
	if (lp_klp_is_klp(&mod))
		mod.is_patch = true;
	running = !strcmp(mod.release, lp_kernel_release());
	if (!running && !opts.other_kernel && mod.is_patch) {
		lp_module_check_kernel(&mod);
		lp_err("to install it for kernel %s anyway (applied when that "
		       "kernel boots), use --other-kernel",
		       mod.release);
		goto out;
	}
	if (install_check_kernel(&mod, running))
		goto out;
	if (!lp_valid_release(mod.release) || !lp_valid_name(mod.name)) {
		lp_err("%s: unusable release \"%s\" or name \"%s\" (a release "
		       "is N.N[A-Za-z0-9._+~-]*, a name [a-z0-9_]{1,55})",
		       path, mod.release, mod.name);
		goto out;
	}
	snprintf(dir, sizeof(dir), "%s/%s", lp_state_dir(), mod.release);
	if (store_dirs_trusted(mod.release, &exists))
		goto out;
	if (mkdir_p(dir)) {
		lp_err("cannot create %s: %s", dir, strerror(errno));
		goto out;
	}
	if (store_trusted(lp_state_dir(), true) || store_trusted(dir, true) ||
	    store_lock(mod.release))
		goto out;
	snprintf(dst, sizeof(dst), "%s/%s.ko", dir, mod.name);
	n = order_read(mod.release, order, LP_MAX_PATCHES);
	if (n < 0)
		goto out;
	if (in_list(order, n, mod.name) && access(dst, F_OK) == 0)
		lp_info("%s: replacing the installed copy (boot order kept)",
			mod.name);
	if (!in_list(order, n, mod.name) && n >= LP_MAX_PATCHES) {
		lp_err("too many installed patches in %s", dir);
		goto out;
	}
	if (copy_file(path, dst)) {
		lp_err("cannot copy %s to %s: %s", path, dst, strerror(errno));
		goto out;
	}
	if (!in_list(order, n, mod.name))
		lp_strlcpy(order[n++], mod.name, 64);
	if (order_write(mod.release, order, n)) {
		lp_err("cannot write %s/order: %s", dir, strerror(errno));
		goto out;
	}
	lp_info("%s: installed for %s (boot order %d); the boot unit applies "
		"it when %s boots%s",
		mod.name, mod.release, n, mod.release,
		running && !lp_patch_exists(mod.name) &&
				!lp_klp_exists(mod.name) ?
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
 * Removes the module first, then its line in `order`: an interrupted
 * uninstall leaves a name without a file (skipped), never a file that the
 * boot would still load.  Does not unload a loaded patch unless --unload
 * is given.
 */
int cmd_uninstall(const char *name)
{
	static char order[LP_MAX_PATCHES][64];
	const char *rel = opts.release ? opts.release : lp_kernel_release();
	char path[1024];
	bool exists;
	int n, i, j;

	umask(022);
	if (!lp_valid_release(rel)) {
		lp_err("\"%s\" is not a kernel release", rel);
		return LP_EXIT_FAIL;
	}
	if (!lp_valid_name(name) ||
	    lp_store_path(rel, name, path, sizeof(path))) {
		lp_err("patch %s is not installed for %s (see `livepatch "
		       "list`)",
		       name, rel);
		return LP_EXIT_FAIL;
	}
	if (store_dirs_trusted(rel, &exists) || store_lock(rel))
		return LP_EXIT_FAIL;
	if (opts.unload && lp_klp_exists(name) && lp_klp_unload(name))
		return LP_EXIT_FAIL;
	if (opts.unload && lp_patch_exists(name) && cmd_unload(name))
		return LP_EXIT_FAIL;
	n = order_read(rel, order, LP_MAX_PATCHES);
	if (n < 0)
		return LP_EXIT_FAIL;
	if (unlink(path)) {
		lp_err("cannot remove %s: %s", path, strerror(errno));
		return LP_EXIT_FAIL;
	}
	for (i = j = 0; i < n; i++)
		if (strcmp(order[i], name))
			lp_strlcpy(order[j++], order[i], 64);
	if (j != n && order_write(rel, order, j)) {
		lp_err("%s is removed, but %s/%s/order could not be updated: "
		       "%s (the name left there is skipped at boot)",
		       path, lp_state_dir(), rel, strerror(errno));
		return LP_EXIT_FAIL;
	}
	lp_info("%s: uninstalled for %s%s", name, rel,
		lp_patch_exists(name) || lp_klp_exists(name) ?
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
	if (!mod.is_patch && !lp_klp_is_klp(&mod)) {
		lp_err("%s: not a Suture patch module (no suture_patch=Y, nor "
		       "livepatch=Y, in .modinfo)",
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
