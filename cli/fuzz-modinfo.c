// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz-modinfo.c - libFuzzer target over what `livepatch info` and
 * `livepatch load` read from a module file before the kernel sees it: the
 * ELF view (elf.c), .modinfo and the running-kernel check (modinfo.c),
 * the .suture.* records (abi.c), the signature trailer (secure.c), and
 * the escaping of every string they yield for text and JSON (safe.c).
 * Seeds are real patch modules (test/cli builds them); any crash, leak or
 * sanitizer report is a bug.  Built by `make -C cli fuzz-modinfo`, run
 * bounded by test/cli (make check) and longer by `make fuzz`.
 */
#include <stdlib.h>
#include <string.h>

#include "livepatch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *sink;

static void put(const char *s)
{
	fputs(lp_esc(s), sink);
	lp_json_put(sink, s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lp_abi abi;
	struct lp_module mod;
	const char *why, *r = NULL;
	struct lp_elf e;
	void *img;
	int i;

	if (!sink)
		sink = fopen("/dev/null", "w");
	/* a mapped file is page-aligned: so is this copy */
	img = aligned_alloc(4096, (size + 4095) & ~(size_t)4095);
	if (!img)
		return 0;
	memcpy(img, data, size);
	if (lp_elf_open_mem(img, size, &e, &why) == 0) {
		if (lp_module_read_elf(&e, "fuzz.ko", &mod) == 0) {
			while ((r = lp_modinfo_next(&mod, r)))
				put(r);
			put(mod.name);
			put(lp_sig_describe(&mod.sig));
			lp_module_check_kernel(&mod);
			lp_module_free(&mod);
		}
		lp_abi_read_elf(&e, &abi);
		for (i = 0; i < abi.nfuncs; i++) {
			put(abi.funcs[i].name);
			put(abi.funcs[i].object);
		}
		for (i = 0; i < abi.ncallbacks; i++)
			put(abi.callbacks[i].function);
		lp_elf_unmap(&e);
	}
	free(img);
	return 0;
}
