// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - `livepatch`: apply, remove, list and install Suture live patches
 * on the running kernel.  Options may come before or after operands.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "livepatch.h"

struct lp_opts opts;

void lp_err(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("livepatch: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void lp_info(const char *fmt, ...)
{
	va_list ap;

	if (opts.quiet)
		return;
	fflush(stdout);
	fputs("livepatch: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void lp_strlcpy(char *dst, const char *src, size_t len)
{
	size_t n;

	if (!len)
		return;
	n = strnlen(src, len);
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

void lp_chomp(char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
}

static const char usage_text[] =
	"Usage: livepatch COMMAND [OPTIONS] [ARG]\n"
	"\n"
	"Commands:\n"
	"  load FILE.ko [--model stop|per-task] [--timeout S]\n"
	"                     apply a patch; waits until every task is switched\n"
	"  unload NAME|--all  remove a patch (the newest first), or all of them\n"
	"  list [--json] [--release R]\n"
	"                     loaded patches (stack order) and installed ones\n"
	"  info NAME|FILE.ko [--json]\n"
	"                     objects, functions, transition, blocking tasks\n"
	"  install FILE.ko [--other-kernel]\n"
	"                     keep the patch in /var/lib/suture/RELEASE/ so that\n"
	"                     suture.service applies it at every boot\n"
	"  uninstall NAME [--unload] [--release R]\n"
	"                     stop applying it at boot (--unload: also unload now)\n"
	"  package FILE.ko [-o DIR] [--pkg-version V]\n"
	"                     build a Debian package of one fix (build-fix-deb)\n"
	"\n"
	"Options:\n"
	"  --model M        consistency model: per-task (default) or stop\n"
	"  --timeout S      give up and reverse after S seconds (default: the\n"
	"                   patch's, else 60)\n"
	"  --json           machine-readable output (list, info)\n"
	"  -q, --quiet      no progress messages\n"
	"  -h, --help       this help;  -V, --version  the version\n"
	"\n"
	"Exit status: 0 when the command fully succeeded, 1 when it failed (the\n"
	"kernel is left as it was), 2 on a usage error.\n"
	"Environment: SUTURE_CORE (suture.ko to load), SUTURE_STATE_DIR\n"
	"(default /var/lib/suture).  See livepatch(1).\n";

static int __attribute__((format(printf, 1, 2)))
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("livepatch: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry `livepatch --help'.\n", stderr);
	return LP_EXIT_USAGE;
}

enum {
	OPT_MODEL = 256,
	OPT_TIMEOUT,
	OPT_JSON,
	OPT_ALL,
	OPT_OTHER,
	OPT_UNLOAD,
	OPT_RELEASE,
	OPT_PKGVER,
};

static const struct option longopts[] = {
	{ "model", required_argument, NULL, OPT_MODEL },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "all", no_argument, NULL, OPT_ALL },
	{ "other-kernel", no_argument, NULL, OPT_OTHER },
	{ "unload", no_argument, NULL, OPT_UNLOAD },
	{ "release", required_argument, NULL, OPT_RELEASE },
	{ "output", required_argument, NULL, 'o' },
	{ "pkg-version", required_argument, NULL, OPT_PKGVER },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* Which options each command accepts (bit per OPT_ - OPT_MODEL, 'o'). */
struct command {
	const char *name;
	int nargs; /* operands: 0 or 1 */
	unsigned int allowed; /* bitmask of option bits below */
};

#define B(o) (1u << ((o)-OPT_MODEL))
#define B_OUT (1u << 15)

static const struct command commands[] = {
	{ "load", 1, B(OPT_MODEL) | B(OPT_TIMEOUT) },
	{ "unload", 1, B(OPT_ALL) | B(OPT_TIMEOUT) },
	{ "list", 0, B(OPT_JSON) | B(OPT_RELEASE) },
	{ "info", 1, B(OPT_JSON) | B(OPT_RELEASE) },
	{ "install", 1, B(OPT_OTHER) },
	{ "uninstall", 1, B(OPT_UNLOAD) | B(OPT_RELEASE) | B(OPT_TIMEOUT) },
	{ "package", 1, B_OUT | B(OPT_PKGVER) },
};

static const char *opt_name(unsigned int bit)
{
	const struct option *o;

	if (bit == B_OUT)
		return "output";
	for (o = longopts; o->name; o++)
		if (o->val >= OPT_MODEL && B(o->val) == bit)
			return o->name;
	return "?";
}

static int parse_timeout(const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v <= 0 || v > 86400)
		return -1;
	return (int)v;
}

static int run(const char *cmd, const char *arg)
{
	lp_transition_interruptible();
	/* kernel livepatch modules (--format klp): klp.c */
	if ((!strcmp(cmd, "unload") && !opts.all) || !strcmp(cmd, "info"))
		if (lp_klp_exists(arg))
			return cmd[0] == 'u' ? lp_klp_unload(arg) :
					       lp_klp_info(arg);
	if (!strcmp(cmd, "load"))
		return cmd_load(arg);
	if (!strcmp(cmd, "unload"))
		return opts.all ? cmd_unload_all() : cmd_unload(arg);
	if (!strcmp(cmd, "list"))
		return cmd_list();
	if (!strcmp(cmd, "info"))
		return cmd_info(arg);
	if (!strcmp(cmd, "install"))
		return cmd_install(arg);
	if (!strcmp(cmd, "uninstall"))
		return cmd_uninstall(arg);
	return cmd_package(arg);
}

/* Keep the first 4 operands; count them all (extra ones are an error). */
static void add_operand(const char **operands, int *nops, const char *arg)
{
	if (*nops < 4)
		operands[*nops] = arg;
	(*nops)++;
}

int main(int argc, char **argv)
{
	const struct command *c = NULL;
	unsigned int given = 0, bit;
	const char *operands[4];
	int nops = 0, ch, i;

	while ((ch = getopt_long(argc, argv, "-o:qhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 1: /* an operand, in place ("-" in optstring) */
			add_operand(operands, &nops, optarg);
			break;
		case OPT_MODEL:
			if (strcmp(optarg, "stop") &&
			    strcmp(optarg, "per-task"))
				return usage_error("--model: unknown model "
						   "\"%s\" (stop or per-task)",
						   optarg);
			opts.model = optarg;
			given |= B(ch);
			break;
		case OPT_TIMEOUT:
			opts.timeout = parse_timeout(optarg);
			if (opts.timeout < 0)
				return usage_error(
					"--timeout: \"%s\" is not a "
					"number of seconds (1-86400)",
					optarg);
			given |= B(ch);
			break;
		case OPT_JSON:
			opts.json = true;
			given |= B(ch);
			break;
		case OPT_ALL:
			opts.all = true;
			given |= B(ch);
			break;
		case OPT_OTHER:
			opts.other_kernel = true;
			given |= B(ch);
			break;
		case OPT_UNLOAD:
			opts.unload = true;
			given |= B(ch);
			break;
		case OPT_RELEASE:
			opts.release = optarg;
			given |= B(ch);
			break;
		case OPT_PKGVER:
			opts.pkg_version = optarg;
			given |= B(ch);
			break;
		case 'o':
			opts.outdir = optarg;
			given |= B_OUT;
			break;
		case 'q':
			opts.quiet = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			return LP_EXIT_OK;
		case 'V':
			printf("livepatch (Suture) %s\n", LP_VERSION);
			return LP_EXIT_OK;
		default:
			fputs("Try `livepatch --help'.\n", stderr);
			return LP_EXIT_USAGE;
		}
	}
	/* "--" ends getopt's scan: what follows are operands (e.g. a file
	 * name starting with '-') */
	for (; optind < argc; optind++)
		add_operand(operands, &nops, argv[optind]);
	if (nops == 0)
		return usage_error("%s", "missing command (load, unload, list, "
					 "info, install, uninstall, package)");
	for (i = 0; i < (int)(sizeof(commands) / sizeof(commands[0])); i++)
		if (!strcmp(operands[0], commands[i].name))
			c = &commands[i];
	if (!c)
		return usage_error("unknown command \"%s\"", operands[0]);
	for (bit = 1; bit; bit <<= 1)
		if ((given & bit) && !(c->allowed & bit))
			return usage_error("option --%s does not apply to "
					   "`%s'",
					   opt_name(bit), c->name);
	if (!strcmp(c->name, "unload") && opts.all) {
		if (nops != 1)
			return usage_error("%s", "unload: give a NAME or "
						 "--all, not both");
		return run(c->name, NULL);
	}
	if (nops - 1 < c->nargs)
		return usage_error("%s: missing operand", c->name);
	if (nops - 1 > c->nargs)
		return usage_error("%s: too many operands", c->name);
	return run(c->name, c->nargs ? operands[1] : NULL);
}
