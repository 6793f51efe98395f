// SPDX-License-Identifier: GPL-2.0
/*
 * kernel.c - the running kernel: identity, module loading and removal by
 * syscall (finit_module(2), delete_module(2): no dependency on kmod or
 * busybox), loading the Suture core on demand, and capturing the kernel
 * log lines a failed load produced.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "livepatch.h"

static struct utsname uts;
static bool uts_done;
static char build_id[sizeof(uts.version)];

/**
 * lp_test_hook() - the value of a test hook from the environment
 * @name: the variable: SUTURE_SYSFS, SUTURE_KLP_SYSFS, SUTURE_KALLSYMS
 *        (other roots for /sys/kernel/suture, /sys/kernel/livepatch,
 *        /proc/kallsyms), SUTURE_FAKE_RELEASE, SUTURE_FAKE_VERSION
 *        (pretend uname -r / -v), SUTURE_LOCKDOWN, SUTURE_SIG_ENFORCE
 *        (files read instead of the kernel's)
 *
 * Only livepatch-test, the build for the tests (-DSUTURE_TEST_HOOKS),
 * reads them: the livepatch that is installed always looks at the
 * running kernel itself.
 *
 * Return: the value, or NULL when it is unset or empty, and always in
 * the installed build.
 */
const char *lp_test_hook(const char *name)
{
#ifdef SUTURE_TEST_HOOKS
	const char *v = getenv(name);

	return v && *v ? v : NULL;
#else
	(void)name;
	return NULL;
#endif
}

static void uts_init(void)
{
	const char *env;

	if (uts_done)
		return;
	uts_done = true;
	if (uname(&uts) < 0)
		memset(&uts, 0, sizeof(uts));
	/* Test hooks: pretend to run another kernel. */
	env = lp_test_hook("SUTURE_FAKE_RELEASE");
	if (env)
		lp_strlcpy(uts.release, env, sizeof(uts.release));
	env = lp_test_hook("SUTURE_FAKE_VERSION");
	if (env)
		lp_strlcpy(uts.version, env, sizeof(uts.version));
}

/** lp_kernel_release() - `uname -r` of the running kernel */
const char *lp_kernel_release(void)
{
	uts_init();
	return uts.release;
}

/** lp_kernel_version() - `uname -v` of the running kernel */
const char *lp_kernel_version(void)
{
	uts_init();
	return uts.version;
}

/**
 * lp_kernel_build_id() - the running kernel's build identity
 *
 * Debian kernels print their package version in `uname -v`
 * ("#1 SMP PREEMPT_DYNAMIC Debian 6.1.192-2 (2026-11-16)"): the word after
 * "Debian " is the build identity livepatch-build records as suture_build.
 * Other kernels: the whole `uname -v` string.
 */
const char *lp_kernel_build_id(void)
{
	const char *v = lp_kernel_version(), *d;

	if (build_id[0])
		return build_id;
	d = strstr(v, "Debian ");
	if (d) {
		d += strlen("Debian ");
		lp_strlcpy(build_id, d, sizeof(build_id));
		build_id[strcspn(build_id, " ")] = '\0';
	}
	if (!build_id[0])
		lp_strlcpy(build_id, v, sizeof(build_id));
	return build_id;
}

/**
 * lp_build_matches() - does a module's suture_build name the running kernel?
 * @build: the module's suture_build value
 *
 * Accepts the build identity (see lp_kernel_build_id()) or the complete
 * `uname -v` string.
 */
bool lp_build_matches(const char *build)
{
	return !strcmp(build, lp_kernel_build_id()) ||
	       !strcmp(build, lp_kernel_version());
}

/**
 * lp_module_present() - is a module of that name loaded?
 * @name: module name
 */
bool lp_module_present(const char *name)
{
	char path[128];
	struct stat st;

	snprintf(path, sizeof(path), "/sys/module/%s", name);
	return stat(path, &st) == 0;
}

static const char *insert_error(int err)
{
	switch (err) {
	case EEXIST:
		return "a module of that name is already loaded";
	case EBUSY:
		return "the core is busy (another patch in transition?)";
	case ENOEXEC:
		return "invalid module format (built for another kernel?)";
	case ENOKEY:
	case EKEYREJECTED:
		return "the kernel rejected it: it requires a valid signature "
		       "by a key it trusts (module.sig_enforce or Secure Boot "
		       "lockdown; see `man livepatch`, SECURE BOOT)";
	case EPERM:
		return "operation not permitted (not root, or the kernel is "
		       "locked down and refuses unsigned modules)";
	case ENOENT:
		return "unknown symbol or missing target (see the kernel log)";
	default:
		return strerror(err);
	}
}

/**
 * lp_insert_module_fd() - load an open module file with finit_module(2)
 * @fd:     the .ko, open for reading: the very file the caller checked
 * @path:   its name, for messages
 * @name:   its module name, for messages and the kernel log filter
 * @params: module parameters ("model=stop timeout=10"), may be ""
 *
 * Return: 0, or -1 after printing why, with the kernel log lines the
 * load produced: those naming the module or Suture, and the loader's own
 * refusals (signature, lockdown, key, symbols: lp_kmsg_is_refusal()).
 */
int lp_insert_module_fd(int fd, const char *path, const char *name,
			const char *params)
{
	int rc, err;

	lp_kmsg_mark();
	rc = syscall(SYS_finit_module, fd, params, 0);
	err = errno;
	if (rc == 0) {
		lp_kmsg_forget();
		return 0;
	}
	lp_err("loading %s (%s) failed: %s", lp_esc(name), lp_esc(path),
	       insert_error(err));
	lp_kmsg_dump(name, "suture");
	return -1;
}

/**
 * lp_insert_module() - open a module file and load it, see
 * lp_insert_module_fd()
 */
int lp_insert_module(const char *path, const char *name, const char *params)
{
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		lp_err("%s: %s", lp_esc(path), strerror(errno));
		return -1;
	}
	rc = lp_insert_module_fd(fd, path, name, params);
	close(fd);
	return rc;
}

/**
 * lp_remove_module() - unload a module with delete_module(2)
 * @name: module name
 *
 * Retries for a few seconds while the module is busy (the core drops its
 * reference to a disabled patch asynchronously).
 */
int lp_remove_module(const char *name)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	int i, err = 0;

	for (i = 0; i < 100; i++) {
		if (syscall(SYS_delete_module, name, O_NONBLOCK) == 0)
			return 0;
		err = errno;
		if (err == ENOENT)
			return 0;
		if (err != EBUSY && err != EAGAIN && err != EWOULDBLOCK)
			break;
		nanosleep(&ts, NULL);
	}
	lp_err("unloading module %s failed: %s", name, strerror(err));
	return -1;
}

static int run_modprobe(void)
{
	pid_t pid;
	int status;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int fd = open("/dev/null", O_RDWR);

		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		execlp("modprobe", "modprobe", "-q", "suture", (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* Load suture.ko from @path, saying first what the kernel will think of
 * its signature. */
static int core_load(const char *path)
{
	struct lp_module m;
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		lp_err("%s: %s", lp_esc(path), strerror(errno));
		return -1;
	}
	if (lp_module_read_fd(fd, path, &m)) {
		close(fd);
		return -1;
	}
	lp_sig_explain(path, &m.sig, true);
	lp_module_free(&m);
	rc = lp_insert_module_fd(fd, path, "suture", "");
	close(fd);
	return rc;
}

static bool core_ready(void)
{
	struct stat st;

	return stat(lp_sysfs_root(), &st) == 0 && S_ISDIR(st.st_mode);
}

/**
 * lp_core_ensure() - make sure suture.ko is loaded
 *
 * Tries, in order: already loaded; $SUTURE_CORE (a .ko path);
 * /usr/lib/suture/RELEASE/suture.ko (where `make install` and the suture
 * package put it); /lib/modules/RELEASE/updates/dkms/suture.ko (where dkms
 * installs the suture-dkms package's build for each kernel); `modprobe
 * suture` (finds a compressed dkms build, suture.ko.xz, too).
 */
int lp_core_ensure(void)
{
	/* directory, then the release, then the rest of the path */
	static const char *const places[][2] = {
		{ "/usr/lib/suture/", "/suture.ko" },
		{ "/lib/modules/", "/updates/dkms/suture.ko" },
	};
	char path[512];
	const char *env = getenv("SUTURE_CORE");
	size_t i;

	if (core_ready())
		return 0;
	if (lp_module_present("suture")) {
		lp_err("suture.ko is loaded but %s is missing",
		       lp_sysfs_root());
		return -1;
	}
	if (env && *env) {
		if (access(env, R_OK)) {
			lp_err("SUTURE_CORE=%s: %s", env, strerror(errno));
			return -1;
		}
		if (core_load(env) == 0 && core_ready())
			return 0;
		return -1;
	}
	for (i = 0; i < sizeof(places) / sizeof(places[0]); i++) {
		snprintf(path, sizeof(path), "%s%s%s", places[i][0],
			 lp_kernel_release(), places[i][1]);
		if (access(path, R_OK))
			continue;
		if (core_load(path) == 0 && core_ready())
			return 0;
		return -1;
	}
	if (run_modprobe() == 0 && core_ready())
		return 0;
	lp_err("the Suture core is not loaded and no suture.ko was found for "
	       "kernel %s (tried /usr/lib/suture/%s/suture.ko, %s and "
	       "`modprobe suture`); install the suture-dkms package (and "
	       "linux-headers-%s) or set SUTURE_CORE=/path/suture.ko",
	       lp_kernel_release(), lp_kernel_release(), path,
	       lp_kernel_release());
	return -1;
}

/* Kernel log capture: remember where the log ends, print what follows. */
static int kmsg_fd = -1;

void lp_kmsg_mark(void)
{
	if (kmsg_fd >= 0)
		close(kmsg_fd);
	kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg_fd >= 0)
		lseek(kmsg_fd, 0, SEEK_END);
}

/** lp_kmsg_forget() - drop the mark of lp_kmsg_mark() */
void lp_kmsg_forget(void)
{
	if (kmsg_fd >= 0)
		close(kmsg_fd);
	kmsg_fd = -1;
}

/**
 * lp_kmsg_dump() - print the kernel log lines since lp_kmsg_mark()
 * @filter1: print only lines containing this string, or @filter2, or
 *           that are the module loader's own refusal
 *           (lp_kmsg_is_refusal(): "Loading of unsigned module is
 *           rejected", "Lockdown: ...", key and symbol errors)
 * @filter2: second filter, may be NULL
 *
 * /dev/kmsg already escapes control characters, bytes >= 127 and '\\'
 * in a record's text as \xHH: the lines are safe to print as they are.
 */
void lp_kmsg_dump(const char *filter1, const char *filter2)
{
	char rec[2048];
	ssize_t n;

	if (kmsg_fd < 0)
		return;
	for (;;) {
		char *msg;

		n = read(kmsg_fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue; /* overwritten records: skip */
		if (n <= 0)
			break;
		rec[n] = '\0';
		/* "prio,seq,time,flags;message\n[ KEY=VAL...]" */
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		msg[strcspn(msg, "\n")] = '\0';
		/* "livepatch: ": the kernel's refusal of a klp module */
		if ((filter1 && strstr(msg, filter1)) ||
		    (filter2 && strstr(msg, filter2)) ||
		    lp_kmsg_is_refusal(msg) || !strncmp(msg, "livepatch: ", 11))
			fprintf(stderr, "livepatch:   kernel: %s\n", msg);
	}
	close(kmsg_fd);
	kmsg_fd = -1;
}
