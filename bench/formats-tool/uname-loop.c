// SPDX-License-Identifier: GPL-2.0
/*
 * uname-loop - bench/formats, in the VM: ROUNDS timing loops of N uname(2)
 * calls; prints the median ns per call.  Static, no dependencies.
 *
 *   uname-loop N ROUNDS
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/utsname.h>
#include <time.h>

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 20000;
	int rounds = argc > 2 ? atoi(argv[2]) : 9, r;
	struct utsname u;
	double *ns;

	if (n < 1 || rounds < 1 || rounds > 1000) {
		fprintf(stderr, "usage: uname-loop N ROUNDS\n");
		return 2;
	}
	ns = calloc(rounds, sizeof(*ns));
	if (!ns)
		return 1;
	for (r = 0; r < rounds; r++) {
		double t0 = now_ns();

		for (long i = 0; i < n; i++)
			uname(&u);
		ns[r] = (now_ns() - t0) / n;
	}
	qsort(ns, rounds, sizeof(*ns), cmp);
	printf("%.1f %s\n", ns[rounds / 2], u.sysname);
	return 0;
}
