// SPDX-License-Identifier: GPL-2.0
/*
 * rwtool - the system calls the realworld scenarios exercise, built
 * static on the host and run in the VM.  Each command prints "ok" when
 * the call succeeds, else the errno name (EINVAL, ...), and exits 0;
 * exit 2 on bad usage or when the setup (open, socket) fails.
 *
 *   rwtool rcvlowat N          setsockopt(SO_RCVLOWAT, N) on a UDP socket
 *   rwtool bind-unspec         bind(AF_UNSPEC, INADDR_ANY) on a UDP socket
 *   rwtool mlockall-onfault    mlockall(MCL_FUTURE | MCL_ONFAULT)
 *   rwtool fatattr FILE ATTR   ioctl(FAT_IOCTL_SET_ATTRIBUTES, ATTR)
 *   rwtool bszset DEV N        ioctl(BLKBSZSET, N)
 *   rwtool loopbs DEV N        ioctl(LOOP_SET_BLOCK_SIZE, N)
 *   rwtool sethostname NAME    sethostname(NAME, strlen(NAME))
 *   rwtool uring-read-huge     io_uring READ of /dev/zero into NULL with a
 *                              length above MAX_RW_COUNT: the completion's
 *                              result (EFAULT, EINVAL, ...)
 *   rwtool udp-empty           send an empty UDP datagram to 127.0.0.1:
 *                              "ok" when it arrives within 1 s, else
 *                              "dropped"
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/io_uring.h>
#include <linux/loop.h>
#include <linux/msdos_fs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

static int report(int rc)
{
	const char *name;

	if (rc == 0) {
		puts("ok");
		return 0;
	}
	switch (errno) {
	case EINVAL:
		name = "EINVAL";
		break;
	case EFAULT:
		name = "EFAULT";
		break;
	case EPERM:
		name = "EPERM";
		break;
	case EBUSY:
		name = "EBUSY";
		break;
	case ENOTTY:
		name = "ENOTTY";
		break;
	case EOPNOTSUPP:
		name = "EOPNOTSUPP";
		break;
	case EAFNOSUPPORT:
		name = "EAFNOSUPPORT";
		break;
	default:
		name = NULL;
		break;
	}
	if (name)
		puts(name);
	else
		printf("errno%d\n", errno);
	return 0;
}

static int open_or_die(const char *path, int flags)
{
	int fd = open(path, flags);

	if (fd < 0) {
		perror(path);
		exit(2);
	}
	return fd;
}

static int udp_socket(void)
{
	int fd = socket(AF_INET, SOCK_DGRAM, 0);

	if (fd < 0) {
		perror("socket");
		exit(2);
	}
	return fd;
}

static int udp_empty(void)
{
	struct sockaddr_in sin = { .sin_family = AF_INET,
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct timeval tv = { .tv_sec = 1 };
	socklen_t len = sizeof(sin);
	char buf[16];
	int fd = udp_socket();

	if (bind(fd, (struct sockaddr *)&sin, sizeof(sin)) ||
	    getsockname(fd, (struct sockaddr *)&sin, &len) ||
	    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv))) {
		perror("udp socket setup");
		exit(2);
	}
	if (sendto(fd, buf, 0, 0, (struct sockaddr *)&sin, sizeof(sin))) {
		perror("sendto");
		exit(2);
	}
	if (recv(fd, buf, sizeof(buf), 0) == 0)
		puts("ok");
	else if (errno == EAGAIN)
		puts("dropped");
	else
		return report(-1);
	return 0;
}

static void *ring_map(int fd, size_t len, off_t what)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_POPULATE, fd, what);

	if (p == MAP_FAILED) {
		perror("mmap io_uring");
		exit(2);
	}
	return p;
}

static int uring_read_huge(void)
{
	struct io_uring_params p = { 0 };
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	unsigned int *tail, mask;
	size_t sqlen, cqlen;
	char *sq, *cq;
	int fd, zfd;

	fd = syscall(__NR_io_uring_setup, 1, &p);
	zfd = open_or_die("/dev/zero", O_RDONLY);
	if (fd < 0) {
		perror("io_uring_setup");
		exit(2);
	}
	sqlen = p.sq_off.array + p.sq_entries * sizeof(unsigned int);
	cqlen = p.cq_off.cqes + p.cq_entries * sizeof(*cqe);
	if (p.features & IORING_FEAT_SINGLE_MMAP) {
		sq = ring_map(fd, sqlen > cqlen ? sqlen : cqlen,
			      IORING_OFF_SQ_RING);
		cq = sq;
	} else {
		sq = ring_map(fd, sqlen, IORING_OFF_SQ_RING);
		cq = ring_map(fd, cqlen, IORING_OFF_CQ_RING);
	}
	sqe = ring_map(fd, p.sq_entries * sizeof(*sqe), IORING_OFF_SQES);
	memset(sqe, 0, sizeof(*sqe));
	sqe->opcode = IORING_OP_READ;
	sqe->fd = zfd;
	sqe->addr = 0;
	sqe->len = 0x7ffff001; /* MAX_RW_COUNT + 1 */
	tail = (unsigned int *)(sq + p.sq_off.tail);
	mask = *(unsigned int *)(sq + p.sq_off.ring_mask);
	((unsigned int *)(sq + p.sq_off.array))[*tail & mask] = 0;
	__atomic_store_n(tail, *tail + 1, __ATOMIC_RELEASE);
	if (syscall(__NR_io_uring_enter, fd, 1, 1, IORING_ENTER_GETEVENTS, NULL,
		    0) < 0) {
		perror("io_uring_enter");
		exit(2);
	}
	cqe = (struct io_uring_cqe *)(cq + p.cq_off.cqes) +
	      (*(unsigned int *)(cq + p.cq_off.head) &
	       *(unsigned int *)(cq + p.cq_off.ring_mask));
	if (cqe->res >= 0) {
		printf("read %d\n", cqe->res);
		return 0;
	}
	errno = -cqe->res;
	return report(-1);
}

int main(int argc, char **argv)
{
	const char *cmd = argc > 1 ? argv[1] : "";
	int fd, n;

	if (!strcmp(cmd, "rcvlowat") && argc == 3) {
		n = atoi(argv[2]);
		fd = udp_socket();
		return report(
			setsockopt(fd, SOL_SOCKET, SO_RCVLOWAT, &n, sizeof(n)));
	}
	if (!strcmp(cmd, "bind-unspec") && argc == 2) {
		struct sockaddr_in sin = { .sin_family = AF_UNSPEC };

		fd = udp_socket();
		return report(bind(fd, (struct sockaddr *)&sin, sizeof(sin)));
	}
	if (!strcmp(cmd, "mlockall-onfault") && argc == 2) {
		n = mlockall(MCL_FUTURE | MCL_ONFAULT);
		report(n);
		munlockall();
		return 0;
	}
	if (!strcmp(cmd, "fatattr") && argc == 4) {
		unsigned int attr = strtoul(argv[3], NULL, 0);

		fd = open_or_die(argv[2], O_RDONLY);
		return report(ioctl(fd, FAT_IOCTL_SET_ATTRIBUTES, &attr));
	}
	if (!strcmp(cmd, "bszset") && argc == 4) {
		n = atoi(argv[3]);
		fd = open_or_die(argv[2], O_RDWR);
		return report(ioctl(fd, BLKBSZSET, &n));
	}
	if (!strcmp(cmd, "loopbs") && argc == 4) {
		fd = open_or_die(argv[2], O_RDWR);
		return report(ioctl(fd, LOOP_SET_BLOCK_SIZE,
				    strtoul(argv[3], NULL, 0)));
	}
	if (!strcmp(cmd, "sethostname") && argc == 3)
		return report(sethostname(argv[2], strlen(argv[2])));
	if (!strcmp(cmd, "uring-read-huge") && argc == 2)
		return uring_read_huge();
	if (!strcmp(cmd, "udp-empty") && argc == 2)
		return udp_empty();
	fprintf(stderr, "usage: see the comment at the top of rwtool.c\n");
	return 2;
}
