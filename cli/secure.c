// SPDX-License-Identifier: GPL-2.0
/*
 * secure.c - module signatures, the kernel's signature policy (Secure
 * Boot lockdown, module.sig_enforce), and what `load` says about them.
 *
 * A signed module ends with its PKCS#7 signature, a struct
 * module_signature (12 bytes, the signature's length big-endian in the
 * last 4) and the string "~Module signature appended~\n" (what the
 * kernel's scripts/sign-file appends and kernel/module/signing.c reads).
 * `livepatch` does not verify the signature: the kernel does, against its
 * built-in, secondary and machine (MOK) keyrings.  It tells, before the
 * load, whether the kernel will insist on one and whether the file has
 * one, and after a refused load it prints the kernel's own lines.
 *
 * Test hooks (livepatch-test only, lp_test_hook()): SUTURE_LOCKDOWN and
 * SUTURE_SIG_ENFORCE name files read instead of
 * /sys/kernel/security/lockdown and
 * /sys/module/module/parameters/sig_enforce.
 */
#include <stdlib.h>
#include <string.h>

#include "livepatch.h"

#define SIG_MAGIC "~Module signature appended~\n"
#define SIG_INFO_LEN 12 /* struct module_signature */

/**
 * lp_sig_read() - does a module image end with an appended signature?
 * @img:  the file's bytes
 * @size: their number
 * @sig:  filled: @sig->present (the trailer is there), @sig->ok (its
 *        length field fits in the file), the signature's length and its
 *        identifier type (2 = PKCS#7, the only one kernels accept)
 */
void lp_sig_read(const unsigned char *img, size_t size, struct lp_sig *sig)
{
	size_t ml = sizeof(SIG_MAGIC) - 1;
	const unsigned char *info;
	uint32_t len;

	memset(sig, 0, sizeof(*sig));
	if (size < ml || memcmp(img + size - ml, SIG_MAGIC, ml))
		return;
	sig->present = true;
	if (size - ml < SIG_INFO_LEN)
		return;
	info = img + size - ml - SIG_INFO_LEN;
	len = (uint32_t)info[8] << 24 | (uint32_t)info[9] << 16 |
	      (uint32_t)info[10] << 8 | info[11];
	sig->id_type = info[2];
	sig->len = len;
	sig->ok = len > 0 && len <= size - ml - SIG_INFO_LEN;
}

/**
 * lp_sig_describe() - "none", "PKCS#7, 1234 bytes" or what is wrong
 * @sig: from lp_sig_read()
 */
const char *lp_sig_describe(const struct lp_sig *sig)
{
	static char buf[96];

	if (!sig->present)
		return "none";
	if (!sig->ok)
		return "corrupt (signature trailer with an impossible length)";
	snprintf(buf, sizeof(buf), "%s, %u bytes",
		 sig->id_type == 2 ? "PKCS#7" : "unknown type", sig->len);
	return buf;
}

static void read_small(const char *env, const char *dflt, char *buf, size_t len)
{
	const char *path = lp_test_hook(env);
	FILE *f;

	buf[0] = '\0';
	f = fopen(path ? path : dflt, "re");
	if (!f)
		return;
	if (!fgets(buf, (int)len, f))
		buf[0] = '\0';
	fclose(f);
	lp_chomp(buf);
}

/**
 * lp_sig_policy() - what the running kernel requires of a module
 * @p: filled: @p->lockdown ("none", "integrity", "confidentiality", or ""
 *     when /sys/kernel/security/lockdown is absent: no lockdown LSM or
 *     securityfs not mounted), @p->sig_enforce (module.sig_enforce=Y),
 *     @p->enforced (either makes the kernel refuse modules without a
 *     valid signature from a trusted key)
 */
void lp_sig_policy(struct lp_sig_policy *p)
{
	char buf[128], *o, *c;

	memset(p, 0, sizeof(*p));
	read_small("SUTURE_LOCKDOWN", "/sys/kernel/security/lockdown", buf,
		   sizeof(buf));
	/* "none [integrity] confidentiality": the bracketed one is active */
	o = strchr(buf, '[');
	c = o ? strchr(o, ']') : NULL;
	if (o && c) {
		*c = '\0';
		lp_strlcpy(p->lockdown, o + 1, sizeof(p->lockdown));
	}
	read_small("SUTURE_SIG_ENFORCE",
		   "/sys/module/module/parameters/sig_enforce", buf,
		   sizeof(buf));
	p->sig_enforce = buf[0] == 'Y' || buf[0] == 'y' || buf[0] == '1';
	p->enforced = p->sig_enforce ||
		      (p->lockdown[0] && strcmp(p->lockdown, "none"));
}

static const char *why_enforced(const struct lp_sig_policy *p)
{
	static char buf[96];

	if (p->sig_enforce && p->lockdown[0] && strcmp(p->lockdown, "none"))
		snprintf(buf, sizeof(buf),
			 "module.sig_enforce=1 and lockdown=%s", p->lockdown);
	else if (p->sig_enforce)
		snprintf(buf, sizeof(buf), "module.sig_enforce=1");
	else
		snprintf(buf, sizeof(buf), "lockdown=%s (Secure Boot)",
			 p->lockdown);
	return buf;
}

/**
 * lp_sig_explain() - before a load: say what the kernel will do with it
 * @path:    the module file
 * @sig:     its signature, from lp_sig_read()
 * @is_core: the file is suture.ko (the remedy differs)
 *
 * Silent when the kernel does not enforce signatures (an unsigned module
 * then loads and taints the kernel, flag E).  Otherwise an unsigned (or
 * corrupt) module is announced as refused, with the way out: sign it and
 * enroll the certificate as a Machine Owner Key.  A signed one is
 * announced as depending on its key being trusted.
 *
 * Return: true when the load is certain to be refused.
 */
bool lp_sig_explain(const char *path, const struct lp_sig *sig, bool is_core)
{
	struct lp_sig_policy p;
	const char *what = is_core ? "the Suture core" : "the patch module";

	lp_sig_policy(&p);
	if (!p.enforced)
		return false;
	if (!sig->present || !sig->ok) {
		lp_err("%s: %s is %s, and this kernel only loads modules "
		       "signed by a key it trusts (%s): the kernel will "
		       "refuse it",
		       lp_esc(path), what,
		       sig->present ? "carrying a corrupt signature" :
				      "not signed",
		       why_enforced(&p));
		if (is_core)
			lp_err("livepatch loads the core on demand, before any "
			       "patch: sign suture.ko (`make core SIGN_KEY=KEY "
			       "SIGN_CERT=CERT`, or /usr/lib/suture/"
			       "sign-module %s) with a key the kernel trusts",
			       lp_esc(path));
		else
			lp_err("sign it with a key the kernel trusts "
			       "(/usr/lib/suture/sign-module FILE.ko, or "
			       "livepatch-build --sign-key KEY --sign-cert "
			       "CERT)");
		lp_err("on a Secure Boot machine, enroll that key's "
		       "certificate as a Machine Owner Key: `mokutil --import "
		       "CERT` (Debian's DKMS key: /var/lib/dkms/mok.pub), "
		       "reboot and confirm it in the MOK manager");
		return true;
	}
	lp_info("%s: %s is signed (%s); this kernel only loads modules "
		"signed by a key it trusts (%s): the built-in keys, or a "
		"Machine Owner Key enrolled with `mokutil --import CERT`",
		lp_esc(path), what, lp_sig_describe(sig), why_enforced(&p));
	return false;
}

/**
 * lp_kmsg_is_refusal() - is a kernel log line the loader's own reason
 * for refusing a module (signature, lockdown, key)?
 * @msg: the message text
 */
bool lp_kmsg_is_refusal(const char *msg)
{
	static const char *const pat[] = {
		"Loading of ", /* "Loading of unsigned module is rejected" */
		"Lockdown:",
		"module verification failed",
		"Key was rejected",
		"PKCS#7 signature not signed with a trusted key",
		"Request for unknown module key",
		"module signature",
		"Unknown symbol",
		"disagrees about version of symbol",
		"version magic",
		NULL,
	};
	int i;

	for (i = 0; pat[i]; i++)
		if (strstr(msg, pat[i]))
			return true;
	return false;
}
