// SPDX-License-Identifier: GPL-2.0
/*
 * sysfs.c - the core's view of the patches: /sys/kernel/suture/ (see
 * doc/internals.md).  $SUTURE_SYSFS overrides the root, for tests.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "livepatch.h"

/** lp_sysfs_root() - the core's sysfs directory */
const char *lp_sysfs_root(void)
{
	const char *env = lp_test_hook("SUTURE_SYSFS");

	return env ? env : "/sys/kernel/suture";
}

/**
 * lp_patch_exists() - is a patch of that name registered with the core?
 * @name: patch (module) name
 */
bool lp_patch_exists(const char *name)
{
	char path[512];
	struct stat st;

	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return false;
	snprintf(path, sizeof(path), "%s/%s", lp_sysfs_root(), name);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int read_file(const char *path, char *buf, size_t len)
{
	ssize_t n, total = 0;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while ((size_t)total < len - 1) {
		n = read(fd, buf + total, len - 1 - total);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int err = -errno;

			close(fd);
			return err;
		}
		if (n == 0)
			break;
		total += n;
	}
	close(fd);
	buf[total] = '\0';
	return 0;
}

/**
 * lp_attr_read() - read /sys/kernel/suture/NAME/ATTR
 * @name: patch name, or NULL for a top-level attribute
 * @attr: attribute path below it ("enabled", "vmlinux/loaded")
 * @buf:  receives the value, trailing newline removed
 * @len:  size of @buf
 *
 * Return: 0 or a negative errno.
 */
int lp_attr_read(const char *name, const char *attr, char *buf, size_t len)
{
	char path[1024];
	int rc;

	if (name)
		snprintf(path, sizeof(path), "%s/%s/%s", lp_sysfs_root(), name,
			 attr);
	else
		snprintf(path, sizeof(path), "%s/%s", lp_sysfs_root(), attr);
	buf[0] = '\0';
	rc = read_file(path, buf, len);
	lp_chomp(buf);
	return rc;
}

/** lp_attr_int() - an integer attribute, or @dflt if unreadable */
int lp_attr_int(const char *name, const char *attr, int dflt)
{
	char buf[64], *end;
	long v;

	if (lp_attr_read(name, attr, buf, sizeof(buf)))
		return dflt;
	errno = 0;
	v = strtol(buf, &end, 10);
	if (errno || end == buf)
		return dflt;
	return (int)v;
}

/**
 * lp_attr_write() - write a value to /sys/kernel/suture/NAME/ATTR
 *
 * Return: 0 or a negative errno (e.g. -EBUSY when the core refuses).
 */
int lp_attr_write(const char *name, const char *attr, const char *val)
{
	char path[1024];
	ssize_t n;
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/%s/%s", lp_sysfs_root(), name, attr);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, val, strlen(val));
	if (n < 0)
		err = -errno;
	if (close(fd) < 0 && !err)
		err = -errno;
	return err;
}

static int split_names(char *buf, char names[][64], int max)
{
	int n = 0;
	char *save = NULL, *tok;

	for (tok = strtok_r(buf, " \t\n", &save); tok && n < max;
	     tok = strtok_r(NULL, " \t\n", &save))
		lp_strlcpy(names[n++], tok, 64);
	return n;
}

/**
 * lp_stack_read() - the enabled patches, oldest first
 * @names: receives up to @max names
 *
 * Return: the number of names (0 when the core is not loaded).
 */
int lp_stack_read(char names[][64], int max)
{
	char buf[LP_MAX_PATCHES * 64];

	if (lp_attr_read(NULL, "stack", buf, sizeof(buf)))
		return 0;
	return split_names(buf, names, max);
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(a, b);
}

/**
 * lp_patches_read() - every patch the core knows (enabled or not)
 *
 * In stack order (oldest first) for the enabled ones, then the others by
 * name.
 */
int lp_patches_read(char names[][64], int max)
{
	char rest[LP_MAX_PATCHES][64];
	int n, nrest = 0, i, j;
	struct dirent *de;
	DIR *d;

	n = lp_stack_read(names, max);
	d = opendir(lp_sysfs_root());
	if (!d)
		return n;
	while ((de = readdir(d)) && nrest < LP_MAX_PATCHES) {
		bool seen = false;

		if (de->d_name[0] == '.' || !lp_patch_exists(de->d_name))
			continue;
		for (j = 0; j < n; j++)
			if (!strcmp(names[j], de->d_name))
				seen = true;
		if (!seen)
			lp_strlcpy(rest[nrest++], de->d_name, 64);
	}
	closedir(d);
	qsort(rest, nrest, 64, cmp_names);
	for (i = 0; i < nrest && n < max; i++)
		lp_strlcpy(names[n++], rest[i], 64);
	return n;
}
