// SPDX-License-Identifier: GPL-2.0
/*
 * hammer - calls getpid(2) in a tight loop (the kernel's livepatch
 * selftest "patch getpid syscall while being heavily hammered", 6.12),
 * for the consistency scenario syscall-hammer.  cons_patch_getpid's new
 * getpid returns the caller's tgid + HAMMER_NEW for a task named
 * "hammer": this process writes one line to stdout each time the value
 * it sees changes version ("new", then "old"), so a task that switched
 * back and forth within one transition shows it.  Runs until killed.
 * Built static (the VM has only busybox).
 */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#define HAMMER_NEW 0x10000000L

int main(void)
{
	long pid = syscall(SYS_getpid), v;
	int now_new = 0;

	setvbuf(stdout, NULL, _IONBF, 0);
	printf("start %ld\n", pid);
	for (;;) {
		v = syscall(SYS_getpid);
		if (v == pid + HAMMER_NEW && !now_new) {
			now_new = 1;
			printf("new\n");
		} else if (v == pid && now_new) {
			now_new = 0;
			printf("old\n");
		} else if (v != pid && v != pid + HAMMER_NEW) {
			printf("bad %ld\n", v);
			return 1;
		}
	}
}
