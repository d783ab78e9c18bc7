// SPDX-License-Identifier: GPL-2.0
/*
 * memattr_module_check.c: runs in the arm64 guest and checks /dev/memattr end to end.
 *
 *   memattr-module-check [PHYS SIZE]     (default: BAR2 of the first ivshmem-plain device)
 *
 * It maps ONE physical range four ways and checks the memory-type evidence QEMU 10 TCG can
 * give: an unaligned 8-byte load succeeds on Normal-WB and Normal-NC and raises SIGBUS on
 * Device-nGnRE and Device-nGnRnE. It also checks the module's refusals (overlap, unaligned,
 * System RAM, mmap before a claim, no CAP_SYS_RAWIO, a driver-owned range, kernel lockdown) and a
 * handed-over RAM buffer. One line per check:
 *   memattr-check: PASS four-way/device-ngnre: unaligned 8-byte load: SIGBUS BUS_ADRALN (expected
 * SIGBUS) and finally "memattr-check: summary pass=N fail=M"; the exit status is 1 if any check
 * failed.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "memattr_module_abi.h" /* bench/protocol/include/memattr/protocol */

#define PAGE 4096UL
static const char *const kAttrNames[MEMATTR_ATTR_COUNT] = { "normal-wb", "normal-nc",
							    "device-ngnre", "device-ngnrne" };
static int passed, failed;
static sigjmp_buf fault_jump;
static volatile sig_atomic_t fault_code;

static void report(int ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void report(int ok, const char *name, const char *fmt, ...)
{
	char detail[256];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	printf("memattr-check: %s %s: %s\n", ok ? "PASS" : "FAIL", name, detail);
	fflush(stdout);
	ok ? passed++ : failed++;
}

static void on_sigbus(int sig, siginfo_t *info, void *ctx)
{
	(void)sig;
	(void)ctx;
	fault_code = info->si_code;
	siglongjmp(fault_jump, 1);
}

/* An 8-byte load at `p` by one LDR, so the compiler cannot split an unaligned access.
 * Returns 0 and the value, or the SIGBUS si_code (> 0). */
static int load64(const volatile void *p, uint64_t *value)
{
	uint64_t v;
	if (sigsetjmp(fault_jump, 1))
		return fault_code > 0 ? fault_code : 99;
#if defined(__aarch64__)
	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(p) : "memory");
#else
	memcpy(&v, (const void *)p, sizeof(v));
#endif
	*value = v;
	return 0;
}

static const char *bus_code_name(int code)
{
	return code == BUS_ADRALN ? "BUS_ADRALN" : code == BUS_ADRERR ? "BUS_ADRERR" : "other";
}

/* Fills 16 bytes with aligned stores, then loads 8 bytes at +1: Device types must fault. */
static void check_unaligned(volatile uint64_t *base, unsigned attr, const char *prefix)
{
	char name[64];
	uint64_t got = 0, want = 0x0807060504030201ULL >> 8 | (uint64_t)0x09 << 56;
	snprintf(name, sizeof(name), "%s/%s", prefix, kAttrNames[attr]);
	base[0] = 0x0807060504030201ULL;
	base[1] = 0x100f0e0d0c0b0a09ULL;
	if (load64(base, &got) || got != 0x0807060504030201ULL) {
		report(0, name, "aligned 8-byte load read 0x%" PRIx64 ", expected the stored value",
		       got);
		return;
	}
	int expect_fault = attr >= MEMATTR_ATTR_DEVICE_NGNRE;
	int code = load64((const volatile char *)base + 1, &got);
	if (code) {
		report(expect_fault && code == BUS_ADRALN, name,
		       "unaligned 8-byte load: SIGBUS %s (expected %s)", bus_code_name(code),
		       expect_fault ? "SIGBUS" : "ok");
	} else {
		report(!expect_fault && got == want, name,
		       "unaligned 8-byte load: ok value 0x%" PRIx64 " (expected %s)", got,
		       expect_fault ? "SIGBUS" : "ok");
	}
}

static int read_hex_file(const char *dir, const char *file, unsigned long *value)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", dir, file);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	int n = fscanf(f, "%lx", value);
	fclose(f);
	return n == 1 ? 0 : -1;
}

/* BAR2 of the first ivshmem-plain (1af4:1110) device, enabled; 0 when there is none. */
static int find_ivshmem_bar(uint64_t *phys, uint64_t *size)
{
	DIR *d = opendir("/sys/bus/pci/devices");
	struct dirent *e;
	int found = 0;
	while (d && !found && (e = readdir(d))) {
		char dev[300], line[128];
		unsigned long vendor = 0, device = 0, start, end, flags;
		snprintf(dev, sizeof(dev), "/sys/bus/pci/devices/%s", e->d_name);
		if (read_hex_file(dev, "vendor", &vendor) || read_hex_file(dev, "device", &device))
			continue;
		if (vendor != 0x1af4 || device != 0x1110)
			continue;
		strcat(dev, "/resource");
		FILE *f = fopen(dev, "r");
		for (int i = 0; f && i < 3 && fgets(line, sizeof(line), f); i++)
			if (i == 2 && sscanf(line, "%lx %lx %lx", &start, &end, &flags) == 3 &&
			    end > start) {
				*phys = start, *size = end - start + 1, found = 1;
			}
		if (f)
			fclose(f);
		strcpy(strrchr(dev, '/'), "/enable");
		int fd = open(dev, O_WRONLY);
		if (fd >= 0 && write(fd, "1", 1) != 1)
			perror(dev);
		if (fd >= 0)
			close(fd);
	}
	if (d)
		closedir(d);
	return found;
}

/* The first "System RAM" range of /proc/iomem (needs root to see addresses). */
static int find_system_ram(uint64_t *phys)
{
	FILE *f = fopen("/proc/iomem", "r");
	char line[256];
	unsigned long start, end;
	int found = 0;
	while (f && !found && fgets(line, sizeof(line), f))
		if (strstr(line, "System RAM") && sscanf(line, " %lx-%lx", &start, &end) == 2 &&
		    start)
			*phys = (start + PAGE - 1) & ~(PAGE - 1), found = 1;
	if (f)
		fclose(f);
	return found;
}

/* The first /proc/iomem range whose name contains `name` (a range its driver holds). */
static int find_iomem(const char *name, uint64_t *phys)
{
	FILE *f = fopen("/proc/iomem", "r");
	char line[256];
	unsigned long start, end;
	int found = 0;
	while (f && !found && fgets(line, sizeof(line), f))
		if (strstr(line, name) && sscanf(line, " %lx-%lx", &start, &end) == 2 && start)
			*phys = start, found = 1;
	if (f)
		fclose(f);
	return found;
}

static int claim_flags(int fd, uint64_t phys, uint64_t size, uint64_t flags)
{
	struct memattr_claim c = { .phys = phys, .size = size, .flags = flags };
	return ioctl(fd, MEMATTR_IOC_CLAIM, &c) ? errno : 0;
}

static int claim(int fd, uint64_t phys, uint64_t size)
{
	return claim_flags(fd, phys, size, 0);
}

/* Sets or clears CAP_SYS_RAWIO in the effective set (the permitted set keeps it). */
static int set_rawio(int on)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d))
		return errno;
	if (on)
		d[0].effective |= 1u << CAP_SYS_RAWIO;
	else
		d[0].effective &= ~(1u << CAP_SYS_RAWIO);
	return syscall(SYS_capset, &h, d) ? errno : 0;
}

/* The checks /dev/mem makes too: CAP_SYS_RAWIO; a range a driver holds (the UART). */
static void check_dev_mem_rules(void)
{
	int err = set_rawio(0), fd;
	if (!err) {
		fd = open(MEMATTR_DEVICE_PATH, O_RDWR | O_CLOEXEC);
		err = fd < 0 ? errno : 0;
		if (fd >= 0)
			close(fd);
		set_rawio(1);
	}
	report(err == EPERM, "refuse/no-cap-sys-rawio", "open: errno %d %s (expected EPERM)", err,
	       strerror(err));
	uint64_t uart = 0;
	/* The UART the pl011 driver owns: "pl011" under a device tree, "ARMH0011" under ACPI. */
	if (!find_iomem("pl011", &uart) && !find_iomem("ARMH0011", &uart)) {
		report(0, "refuse/driver-owned", "no pl011 or ARMH0011 line in /proc/iomem");
		return;
	}
	fd = open(MEMATTR_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	err = claim(fd, uart, PAGE);
	report(err == EBUSY, "refuse/driver-owned", "0x%" PRIx64 ": errno %d %s (expected EBUSY)",
	       uart, err, strerror(err));
	err = claim_flags(fd, uart, PAGE, MEMATTR_CLAIM_DEVICE_UNDER_TEST);
	report(err == 0, "accept/device-under-test", "0x%" PRIx64 " with the flag: %s", uart,
	       err ? strerror(err) : "ok");
	close(fd);
}

static void check_refusals(uint64_t phys, uint64_t size)
{
	int fd = open(MEMATTR_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	void *p = mmap(NULL, PAGE, PROT_READ, MAP_SHARED, fd, 0);
	int err = p == MAP_FAILED ? errno : 0;
	report(err == ENXIO, "refuse/mmap-before-claim", "errno %d %s (expected ENXIO)", err,
	       strerror(err));
	err = claim(fd, phys + PAGE / 2, PAGE);
	report(err == EINVAL, "refuse/unaligned", "errno %d %s (expected EINVAL)", err,
	       strerror(err));
	err = claim(fd, phys, size / 2 ? size / 2 : PAGE);
	report(err == EBUSY, "refuse/overlap", "errno %d %s (expected EBUSY)", err, strerror(err));
	uint64_t ram = 0;
	if (find_system_ram(&ram)) {
		err = claim(fd, ram, PAGE);
		report(err == EPERM, "refuse/system-ram",
		       "0x%" PRIx64 ": errno %d %s (expected EPERM)", ram, err, strerror(err));
	} else {
		report(0, "refuse/system-ram", "no System RAM line in /proc/iomem");
	}
	close(fd);
}

/* Maps the claim of `fd` four ways and checks the unaligned-load outcome of each. */
static void check_four_ways(int fd, const char *prefix)
{
	for (unsigned attr = 0; attr < MEMATTR_ATTR_COUNT; attr++) {
		void *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			       MEMATTR_MMAP_OFFSET(attr, 0));
		if (p == MAP_FAILED) {
			char name[64];
			snprintf(name, sizeof(name), "%s/%s", prefix, kAttrNames[attr]);
			report(0, name, "mmap: %s", strerror(errno));
			continue;
		}
		check_unaligned(p, attr, prefix);
		munmap(p, PAGE);
	}
}

static void check_handed_over_ram(void)
{
	void *buf = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	int fd = open(MEMATTR_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	struct memattr_claim_user c = { .user_addr = (uintptr_t)buf, .size = 2 * PAGE };
	if (ioctl(fd, MEMATTR_IOC_CLAIM_USER, &c)) {
		report(0, "user-ram/claim", "MEMATTR_IOC_CLAIM_USER: %s", strerror(errno));
	} else {
		report(c.first_phys != 0, "user-ram/claim", "pinned, first page at 0x%" PRIx64,
		       (uint64_t)c.first_phys);
		check_four_ways(fd, "user-ram");
	}
	close(fd);
	munmap(buf, 2 * PAGE);
}

/*
 * Kernel lockdown, as /dev/mem honours it: raised at run time to "integrity" (a boot with
 * lockdown=integrity could not load the unsigned module at all), then open must be refused.
 * Lockdown cannot be lowered again: this runs last.
 */
static void check_lockdown(void)
{
	const char *path = "/sys/kernel/security/lockdown";
	mount("securityfs", "/sys/kernel/security", "securityfs", 0, NULL); /* EBUSY if mounted */
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, "integrity", 9) != 9) {
		report(0, "refuse/lockdown", "%s: cannot raise lockdown: %s", path,
		       strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	close(fd);
	fd = open(MEMATTR_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	int err = fd < 0 ? errno : 0;
	if (fd >= 0)
		close(fd);
	report(err == EPERM, "refuse/lockdown",
	       "open under lockdown=integrity: errno %d %s (expected EPERM)", err, strerror(err));
}

int main(int argc, char **argv)
{
	uint64_t phys = 0, size = 0;
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO | SA_NODEFER };
	sigaction(SIGBUS, &sa, NULL);
	if (argc == 3) {
		phys = strtoull(argv[1], NULL, 0), size = strtoull(argv[2], NULL, 0);
	} else if (!find_ivshmem_bar(&phys, &size)) {
		report(0, "setup", "no ivshmem-plain device (1af4:1110) in /sys/bus/pci/devices");
		return 1;
	}
	printf("memattr-check: range 0x%" PRIx64 " size 0x%" PRIx64 "\n", phys, size);
	int fd = open(MEMATTR_DEVICE_PATH, O_RDWR | O_CLOEXEC);
	int err = fd < 0 ? errno : claim(fd, phys, size);
	report(err == 0, "claim", "%s 0x%" PRIx64 " size 0x%" PRIx64 ": %s", MEMATTR_DEVICE_PATH,
	       phys, size, err ? strerror(err) : "ok");
	if (!err) {
		check_four_ways(fd, "four-way");
		check_refusals(phys, size);
	}
	if (fd >= 0)
		close(fd);
	check_handed_over_ram();
	check_dev_mem_rules();
	check_lockdown();
	printf("memattr-check: summary pass=%d fail=%d\n", passed, failed);
	return failed ? 1 : 0;
}
