/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * memattr_module_abi.h: the userspace interface of the memattr guest module (/dev/memattr).
 *
 * The module maps ONE physical range with any of the four arm64 stage-1 memory types, so
 * that the same bytes can be probed as Normal-WB, Normal-NC, Device-nGnRE and Device-nGnRnE.
 *
 * Usage (one claim per open file; the claim is released on close):
 *
 *   int fd = open("/dev/memattr", O_RDWR | O_CLOEXEC);
 *   struct memattr_claim claim = { .phys = 0x8000000000, .size = 16 << 20 };
 *   ioctl(fd, MEMATTR_IOC_CLAIM, &claim);            // a BAR, a pmem range: not System RAM
 *   void *nc = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
 *                   MEMATTR_MMAP_OFFSET(MEMATTR_ATTR_NORMAL_NC, 0));
 *   void *dev = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
 *                    MEMATTR_MMAP_OFFSET(MEMATTR_ATTR_DEVICE_NGNRE, 0));
 *
 * The mmap offset selects the attribute (bits 40..47) and the byte offset inside the claim
 * (bits 0..39, page aligned), so one fd maps its range several ways at once.
 *
 * System RAM is refused unless userspace hands it over: MEMATTR_IOC_CLAIM_USER pins the
 * pages behind a page-aligned range of the caller's own memory (e.g. a NUMA-node buffer it
 * allocated with mbind and touched) and maps exactly those pages. The pin is dropped on close.
 *
 * The checks of /dev/mem, and one more: opening needs CAP_SYS_RAWIO and a kernel that is not
 * locked down against /dev/mem (lockdown=integrity or confidentiality: LOCKDOWN_DEV_MEM); a
 * physical claim is held with request_mem_region for as long as the fd is open, so a range a
 * driver has claimed (busy in /proc/iomem: an NVDIMM namespace bound to nd_pmem, a UART, a BAR
 * with a driver) is refused, unless the caller says that range IS the device under test
 * (MEMATTR_CLAIM_DEVICE_UNDER_TEST in claim.flags: memattr-agent sets it only for regions its
 * manifest names). System RAM is refused either way.
 *
 * Errors (the module also logs the reason with the range to dmesg, prefix "memattr:"):
 *   EINVAL  phys/size/user_addr not page aligned, size 0 or > MEMATTR_MAX_CLAIM, unknown
 *           attribute in the mmap offset, mapping beyond the claim, unknown flags or nonzero
 *           reserved fields, a physical range not inside one /proc/iomem resource, mmap
 *           without MAP_SHARED
 *   EPERM   open without CAP_SYS_RAWIO or under lockdown; MEMATTR_IOC_CLAIM on a range that
 *           intersects System RAM
 *   EBUSY   the range overlaps another open claim or (without MEMATTR_CLAIM_DEVICE_UNDER_TEST)
 *           a range a driver holds, or this fd already holds one
 *   ENXIO   mmap before a claim
 *   EFAULT  MEMATTR_IOC_CLAIM_USER on memory that cannot be pinned
 *
 * Both the C module and C++ userspace (bench/regions `module:` region kind) include this file.
 */
#ifndef MEMATTR_MODULE_ABI_H
#define MEMATTR_MODULE_ABI_H

#ifdef __KERNEL__
#include <linux/ioctl.h>
#include <linux/types.h>
#else
#include <linux/types.h>
#include <sys/ioctl.h>
#endif

#define MEMATTR_DEVICE_PATH "/dev/memattr"
#define MEMATTR_ABI_VERSION 2 /* 2: claim.flags (was reserved, 0 = the old behaviour) */

/* Attribute numbers carried in the mmap offset. */
enum memattr_attr {
  MEMATTR_ATTR_NORMAL_WB = 0,     /* Normal Write-Back (MT_NORMAL) */
  MEMATTR_ATTR_NORMAL_NC = 1,     /* Normal Non-cacheable: pgprot_writecombine */
  MEMATTR_ATTR_DEVICE_NGNRE = 2,  /* Device-nGnRE: pgprot_device */
  MEMATTR_ATTR_DEVICE_NGNRNE = 3, /* Device-nGnRnE: pgprot_noncached */
  MEMATTR_ATTR_COUNT = 4,
};

#define MEMATTR_MMAP_ATTR_SHIFT 40
#define MEMATTR_MAX_CLAIM (1ULL << MEMATTR_MMAP_ATTR_SHIFT) /* 1 TiB */
/* The mmap offset for `attr` at byte `offset` inside the claim (page aligned). */
#define MEMATTR_MMAP_OFFSET(attr, offset) \
  ((((__u64)(attr)) << MEMATTR_MMAP_ATTR_SHIFT) | ((__u64)(offset)))

/* claim.flags: the range is the device being measured; a driver may hold it (not requested). */
#define MEMATTR_CLAIM_DEVICE_UNDER_TEST (1ULL << 0)
#define MEMATTR_CLAIM_KNOWN_FLAGS MEMATTR_CLAIM_DEVICE_UNDER_TEST

/* MEMATTR_IOC_CLAIM: a physical range that is not System RAM (BAR, pmem, CXL window). */
struct memattr_claim {
  __u64 phys;  /* in: physical address, page aligned */
  __u64 size;  /* in: bytes, page aligned, > 0 */
  __u64 flags; /* in: MEMATTR_CLAIM_* bits, others 0 */
};

/* MEMATTR_IOC_CLAIM_USER: System RAM the caller hands over from its own address space. */
struct memattr_claim_user {
  __u64 user_addr;  /* in: start of the caller's buffer, page aligned */
  __u64 size;       /* in: bytes, page aligned, > 0 */
  __u64 first_phys; /* out: physical address of the first page (for results) */
  __u64 reserved;   /* in: must be 0 */
};

/* MEMATTR_IOC_INFO: what this fd holds. */
struct memattr_info {
  __u32 abi_version; /* out: MEMATTR_ABI_VERSION */
  __u32 claim_kind;  /* out: 0 none, 1 physical range, 2 user pages */
  __u64 phys;        /* out: claimed physical address (first page for user pages) */
  __u64 size;        /* out: claimed bytes */
};

#define MEMATTR_IOC_MAGIC 0xB7
#define MEMATTR_IOC_CLAIM _IOW(MEMATTR_IOC_MAGIC, 1, struct memattr_claim)
#define MEMATTR_IOC_CLAIM_USER _IOWR(MEMATTR_IOC_MAGIC, 2, struct memattr_claim_user)
#define MEMATTR_IOC_INFO _IOR(MEMATTR_IOC_MAGIC, 3, struct memattr_info)

#endif /* MEMATTR_MODULE_ABI_H */
