// SPDX-License-Identifier: GPL-2.0
/*
 * cli_stuck - replaces cli_victim_loop in module cli_victim, where the
 * victim kthread sleeps forever: the transition never finishes.
 */
#include <linux/delay.h>
#include <linux/kthread.h>
#include "suture.h"

static int new_cli_victim_loop(void *data)
{
	while (!kthread_should_stop())
		msleep(20);
	return 0;
}

static struct suture_func funcs[] = {
	{
		.old_name = "cli_victim_loop",
		.new_func = new_cli_victim_loop,
	},
	{},
};

static struct suture_object objs[] = {
	{
		.name = "cli_victim",
		.funcs = funcs,
	},
	{},
};

#include "cli_patch.h"
