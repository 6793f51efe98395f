// SPDX-License-Identifier: GPL-2.0
/*
 * elf-roundtrip IN OUT - read IN with libsutureelf and write it back as
 * OUT, unchanged: the unit tests compare both with objdump.
 */
#include <stdio.h>

#include "elf.h"

int main(int argc, char **argv)
{
	struct elf *elf;

	if (argc != 3) {
		fprintf(stderr, "usage: elf-roundtrip IN OUT\n");
		return 2;
	}
	elf = elf_open(argv[1]);
	if (!elf) {
		fprintf(stderr, "elf-roundtrip: %s\n", elf_last_error());
		return 1;
	}
	if (elf_write(elf, argv[2])) {
		fprintf(stderr, "elf-roundtrip: %s\n", elf_last_error());
		elf_close(elf);
		return 1;
	}
	elf_close(elf);
	return 0;
}
