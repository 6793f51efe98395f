// SPDX-License-Identifier: GPL-2.0
/*
 * transition.c - wait for a patch's transition to close, showing progress
 * ("tasks left: N") on stderr, and report the tasks that block it.
 */
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "livepatch.h"

/* Set by SIGINT/SIGTERM while waiting: give up as on a timeout. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

/**
 * lp_transition_interruptible() - make SIGINT/SIGTERM end a wait early
 *
 * The waiting command then reverses what it started instead of leaving a
 * transition behind.  A second signal kills the process as usual.
 */
void lp_transition_interruptible(void)
{
	struct sigaction sa = { .sa_handler = on_signal,
				.sa_flags = SA_RESETHAND };

	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/**
 * lp_transition_wait() - wait until NAME's transition closes
 * @name:    patch name
 * @what:    "applying" / "removing", for the progress line
 * @seconds: give up after this long
 * @w:       outcome; @w->blocking keeps the last stuck-task report seen
 *           before @w->snap_until seconds (the core's own deadline: once
 *           it reverses, the report lists other tasks), or at any time
 *           when @w->snap_until is 0
 *
 * Return: 0 when the transition closed (or the patch went away), -1 on
 * timeout.
 */
int lp_transition_wait(const char *name, const char *what, int seconds,
		       struct lp_wait *w)
{
	struct timespec tick = { 0, 50 * 1000 * 1000 };
	double start = now(), last_print = 0, snap_until;
	bool tty = isatty(2), printed = false;
	int last_pending = -1;
	char blk[sizeof(w->blocking)];

	w->finished = false;
	w->interrupted = false;
	w->blocking[0] = '\0';
	/* Leave a margin: the core's clock started before ours. */
	snap_until = w->snap_until > 1 ? w->snap_until - 0.5 : w->snap_until;
	for (;;) {
		int trans, pending;
		double t = now();

		if (!lp_patch_exists(name)) {
			w->finished = true;
			break;
		}
		trans = lp_attr_int(name, "transition", 0);
		if (!trans) {
			w->finished = true;
			break;
		}
		pending = lp_attr_int(name, "pending", -1);
		if ((!snap_until || t - start < snap_until ||
		     !w->blocking[0]) &&
		    lp_attr_read(name, "blocking", blk, sizeof(blk)) == 0 &&
		    blk[0])
			memcpy(w->blocking, blk, sizeof(blk));
		if (!opts.quiet &&
		    ((pending != last_pending && t - last_print >= 0.5) ||
		     t - last_print >= 2)) {
			fprintf(stderr, "%slivepatch: %s: %s: tasks left: %d%s",
				tty ? "\r" : "", name, what, pending,
				tty ? "   " : "\n");
			last_pending = pending;
			last_print = t;
			printed = true;
		}
		if (t - start >= seconds)
			break;
		if (interrupted) {
			interrupted = 0;
			w->interrupted = true;
			break;
		}
		nanosleep(&tick, NULL);
		/* Back off to 200 ms after the first second. */
		if (t - start > 1)
			tick.tv_nsec = 200 * 1000 * 1000;
	}
	if (printed && tty)
		fputc('\n', stderr);
	return w->finished ? 0 : -1;
}

/**
 * lp_print_blocking() - print a stuck-task report
 * @name:     patch name
 * @blocking: "PID COMM FRAME" lines from sysfs `blocking`
 */
void lp_print_blocking(const char *name, const char *blocking)
{
	const char *p = blocking, *nl;

	if (!blocking[0]) {
		lp_err("%s: the core reported no blocking task", name);
		return;
	}
	lp_err("%s: tasks blocking the transition (PID COMM WHERE):", name);
	while (*p) {
		nl = strchr(p, '\n');
		if (!nl)
			nl = p + strlen(p);
		if (nl > p) {
			/* a task's comm is the task owner's choice: escape */
			char line[512];

			snprintf(line, sizeof(line), "%.*s", (int)(nl - p), p);
			fprintf(stderr, "livepatch:   %s\n", lp_esc(line));
		}
		p = *nl ? nl + 1 : nl;
	}
}
