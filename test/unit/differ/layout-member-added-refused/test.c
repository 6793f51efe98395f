// SPDX-License-Identifier: GPL-2.0
/* per-object state that live objects already have (like tcp_cubic's
 * struct bictcp in icsk_ca_priv): the patch adds a member */
#include <linux/kernel.h>

struct sut_conn {
	int state;
	long bytes;
#ifdef PATCHED
	int retries;
#endif
};

long sut_conn_update(struct sut_conn *c, long n)
{
	c->bytes += n;
#ifdef PATCHED
	c->retries++;
#endif
	return c->bytes;
}
