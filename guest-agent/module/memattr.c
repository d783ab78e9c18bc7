// SPDX-License-Identifier: GPL-2.0
/*
 * memattr.c: /dev/memattr maps one physical range with any of the four arm64 stage-1
 * memory types (Normal-WB, Normal-NC, Device-nGnRE, Device-nGnRnE), so that userspace can
 * probe how the same bytes behave under each. The userspace interface, its errors and an
 * example are in memattr_module_abi.h.
 *
 * Safety rules, those of /dev/mem and more: opening needs CAP_SYS_RAWIO and a kernel not locked
 * down against /dev/mem; a physical claim must be page aligned, inside an iomem resource,
 * disjoint from System RAM and from every other open claim, and is held with
 * request_mem_region (so a range a driver owns is refused) unless the caller marks it as the
 * device under test; System RAM is only mapped when userspace hands it over
 * (MEMATTR_IOC_CLAIM_USER pins the caller's own pages). Every refusal is logged with the range
 * and returned as an errno.
 */
#include <linux/fs.h>
#include <linux/ioport.h>
#include <linux/list.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/security.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "memattr_module_abi.h"

#define MEMATTR_MAX_USER_PAGES 65536 /* 256 MiB of 4K pages per handed-over claim */

enum memattr_claim_kind { CLAIM_NONE = 0, CLAIM_PHYS = 1, CLAIM_USER = 2 };

/* One per open file. */
struct memattr_file {
	struct list_head node; /* in claims, while kind == CLAIM_PHYS */
	enum memattr_claim_kind kind;
	phys_addr_t phys;
	u64 size;
	struct page **pages; /* CLAIM_USER: the pinned pages */
	unsigned long npages;
	struct resource
		*held; /* CLAIM_PHYS: our request_mem_region, NULL for a device under test */
};

static LIST_HEAD(claims);
static DEFINE_MUTEX(claims_lock); /* guards claims and every memattr_file's claim fields */

static bool ranges_overlap(phys_addr_t a, u64 asize, phys_addr_t b, u64 bsize)
{
	return a < b + bsize && b < a + asize;
}

static int check_alignment(u64 start, u64 size, const char *what)
{
	if (!size || size > MEMATTR_MAX_CLAIM || !PAGE_ALIGNED(start) || !PAGE_ALIGNED(size) ||
	    start + size < start) {
		pr_warn("memattr: %s 0x%llx size 0x%llx: must be page aligned, nonzero and < 1 TiB\n",
			what, start, size);
		return -EINVAL;
	}
	return 0;
}

static int check_phys_range(phys_addr_t phys, u64 size)
{
	struct memattr_file *other;

	if (region_intersects(phys, size, IORESOURCE_SYSTEM_RAM, IORES_DESC_NONE) !=
	    REGION_DISJOINT) {
		pr_warn("memattr: claim 0x%llx size 0x%llx: intersects System RAM (hand RAM over with MEMATTR_IOC_CLAIM_USER)\n",
			(u64)phys, size);
		return -EPERM;
	}
	if (region_intersects(phys, size, IORESOURCE_MEM, IORES_DESC_NONE) != REGION_INTERSECTS) {
		pr_warn("memattr: claim 0x%llx size 0x%llx: not inside one iomem resource (see /proc/iomem)\n",
			(u64)phys, size);
		return -EINVAL;
	}
	list_for_each_entry(other, &claims, node) {
		if (ranges_overlap(phys, size, other->phys, other->size)) {
			pr_warn("memattr: claim 0x%llx size 0x%llx: overlaps the open claim 0x%llx size 0x%llx\n",
				(u64)phys, size, (u64)other->phys, other->size);
			return -EBUSY;
		}
	}
	return 0;
}

/* Takes the range as a driver would: fails when a driver already holds any part of it. */
static int hold_range(struct memattr_file *mf, phys_addr_t phys, u64 size)
{
	mf->held = request_mem_region(phys, size, "memattr");
	if (mf->held)
		return 0;
	pr_warn("memattr: claim 0x%llx size 0x%llx: a driver holds this range (busy in /proc/iomem); pass MEMATTR_CLAIM_DEVICE_UNDER_TEST if it is the device being measured\n",
		(u64)phys, size);
	return -EBUSY;
}

static long claim_phys(struct memattr_file *mf, void __user *arg)
{
	struct memattr_claim req;
	int err;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.flags & ~MEMATTR_CLAIM_KNOWN_FLAGS)
		return -EINVAL;
	err = check_alignment(req.phys, req.size, "claim");
	if (err)
		return err;
	mutex_lock(&claims_lock);
	err = mf->kind != CLAIM_NONE ? -EBUSY : check_phys_range(req.phys, req.size);
	if (!err && !(req.flags & MEMATTR_CLAIM_DEVICE_UNDER_TEST))
		err = hold_range(mf, req.phys, req.size);
	if (!err) {
		mf->kind = CLAIM_PHYS;
		mf->phys = req.phys;
		mf->size = req.size;
		list_add(&mf->node, &claims);
		pr_info("memattr: claimed 0x%llx size 0x%llx\n", req.phys, req.size);
	}
	mutex_unlock(&claims_lock);
	return err;
}

static int pin_user_range(struct memattr_file *mf, u64 user_addr, u64 size)
{
	unsigned long npages = size >> PAGE_SHIFT;
	struct page **pages;
	long pinned;

	if (npages > MEMATTR_MAX_USER_PAGES)
		return -EINVAL;
	pages = kvcalloc(npages, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	pinned = pin_user_pages_fast(user_addr, npages, FOLL_WRITE | FOLL_LONGTERM, pages);
	if (pinned != (long)npages) {
		if (pinned > 0)
			unpin_user_pages(pages, pinned);
		kvfree(pages);
		pr_warn("memattr: claim_user 0x%llx size 0x%llx: pinned %ld of %lu pages\n",
			user_addr, size, pinned, npages);
		return pinned < 0 ? (int)pinned : -EFAULT;
	}
	mf->pages = pages;
	mf->npages = npages;
	mf->phys = page_to_phys(pages[0]);
	mf->size = size;
	mf->kind = CLAIM_USER;
	return 0;
}

static long claim_user(struct memattr_file *mf, void __user *arg)
{
	struct memattr_claim_user req;
	int err;

	if (copy_from_user(&req, arg, sizeof(req)))
		return -EFAULT;
	if (req.reserved)
		return -EINVAL;
	err = check_alignment(req.user_addr, req.size, "claim_user");
	if (err)
		return err;
	mutex_lock(&claims_lock);
	err = mf->kind != CLAIM_NONE ? -EBUSY : pin_user_range(mf, req.user_addr, req.size);
	mutex_unlock(&claims_lock);
	if (err)
		return err;
	req.first_phys = mf->phys;
	return copy_to_user(arg, &req, sizeof(req)) ? -EFAULT : 0;
}

static long get_info(struct memattr_file *mf, void __user *arg)
{
	struct memattr_info info = { .abi_version = MEMATTR_ABI_VERSION };

	mutex_lock(&claims_lock);
	info.claim_kind = mf->kind;
	info.phys = mf->phys;
	info.size = mf->size;
	mutex_unlock(&claims_lock);
	return copy_to_user(arg, &info, sizeof(info)) ? -EFAULT : 0;
}

static long memattr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct memattr_file *mf = file->private_data;

	switch (cmd) {
	case MEMATTR_IOC_CLAIM:
		return claim_phys(mf, (void __user *)arg);
	case MEMATTR_IOC_CLAIM_USER:
		return claim_user(mf, (void __user *)arg);
	case MEMATTR_IOC_INFO:
		return get_info(mf, (void __user *)arg);
	default:
		return -ENOTTY;
	}
}

/* The page protection for `attr`; the VMA's own protection is Normal-WB (MT_NORMAL). */
static int attr_pgprot(unsigned int attr, pgprot_t base, pgprot_t *prot)
{
	switch (attr) {
	case MEMATTR_ATTR_NORMAL_WB:
		*prot = base;
		return 0;
	case MEMATTR_ATTR_NORMAL_NC:
		*prot = pgprot_writecombine(base);
		return 0;
	case MEMATTR_ATTR_DEVICE_NGNRE:
		*prot = pgprot_device(base);
		return 0;
	case MEMATTR_ATTR_DEVICE_NGNRNE:
		*prot = pgprot_noncached(base);
		return 0;
	default:
		return -EINVAL;
	}
}

static int remap_user_pages(struct memattr_file *mf, struct vm_area_struct *vma, u64 offset,
			    pgprot_t prot)
{
	unsigned long addr, first = offset >> PAGE_SHIFT;
	int err;

	for (addr = vma->vm_start; addr < vma->vm_end; addr += PAGE_SIZE, first++) {
		err = remap_pfn_range(vma, addr, page_to_pfn(mf->pages[first]), PAGE_SIZE, prot);
		if (err)
			return err;
	}
	return 0;
}

static int memattr_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct memattr_file *mf = file->private_data;
	u64 off = (u64)vma->vm_pgoff << PAGE_SHIFT;
	unsigned int attr = off >> MEMATTR_MMAP_ATTR_SHIFT;
	u64 inner = off & (MEMATTR_MAX_CLAIM - 1);
	u64 len = vma->vm_end - vma->vm_start;
	pgprot_t prot;
	int err;

	if (!(vma->vm_flags & VM_SHARED)) {
		pr_warn("memattr: mmap needs MAP_SHARED\n");
		return -EINVAL;
	}
	err = attr_pgprot(attr, vma->vm_page_prot, &prot);
	if (err) {
		pr_warn("memattr: mmap offset 0x%llx: unknown attribute %u\n", off, attr);
		return err;
	}
	mutex_lock(&claims_lock);
	if (mf->kind == CLAIM_NONE) {
		err = -ENXIO;
	} else if (inner + len > mf->size || inner + len < inner) {
		pr_warn("memattr: mmap 0x%llx+0x%llx: beyond the claim of 0x%llx bytes\n", inner,
			len, mf->size);
		err = -EINVAL;
	} else if (mf->kind == CLAIM_USER) {
		err = remap_user_pages(mf, vma, inner, prot);
	} else {
		err = remap_pfn_range(vma, vma->vm_start, (mf->phys + inner) >> PAGE_SHIFT, len,
				      prot);
	}
	mutex_unlock(&claims_lock);
	return err;
}

/* The checks of /dev/mem's open: CAP_SYS_RAWIO, and no kernel lockdown against it. */
static int check_dev_mem_rights(const char *node)
{
	int err;

	if (!capable(CAP_SYS_RAWIO)) {
		pr_warn("memattr: %s: open needs CAP_SYS_RAWIO\n", node);
		return -EPERM;
	}
	err = security_locked_down(LOCKDOWN_DEV_MEM);
	if (err)
		pr_warn("memattr: %s: refused, the kernel is locked down (as /dev/mem is)\n", node);
	return err;
}

static int memattr_open(struct inode *inode, struct file *file)
{
	struct memattr_file *mf;
	int err = check_dev_mem_rights("/dev/memattr");

	if (err)
		return err;
	mf = kzalloc(sizeof(*mf), GFP_KERNEL);
	if (!mf)
		return -ENOMEM;
	INIT_LIST_HEAD(&mf->node);
	file->private_data = mf;
	return 0;
}

/* Runs after the last mapping is gone: every VMA holds a reference to the file. */
static int memattr_release(struct inode *inode, struct file *file)
{
	struct memattr_file *mf = file->private_data;

	mutex_lock(&claims_lock);
	if (mf->kind == CLAIM_PHYS)
		list_del(&mf->node);
	if (mf->held)
		release_mem_region(mf->phys, mf->size);
	mutex_unlock(&claims_lock);
	if (mf->kind == CLAIM_USER) {
		unpin_user_pages(mf->pages, mf->npages);
		kvfree(mf->pages);
	}
	kfree(mf);
	return 0;
}

static const struct file_operations memattr_fops = {
	.owner = THIS_MODULE,
	.open = memattr_open,
	.release = memattr_release,
	.unlocked_ioctl = memattr_ioctl,
	.mmap = memattr_mmap,
};

static struct miscdevice memattr_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "memattr",
	.fops = &memattr_fops,
	.mode = 0600,
};

/*
 * The published range (module parameter wb_range=PHYS,SIZE): /dev/memattr-wb maps it Normal-WB
 * from offset 0 without any ioctl, so that a program that only opens and mmaps a path (QEMU's
 * memory-backend-file) gets a cacheable VM_PFNMAP mapping of memory outside the linear map. That
 * is what nvgrace-gpu gives a VMM, and what KVM_CAP_ARM_CACHEABLE_PFNMAP_SUPPORTED is about.
 */
static char *wb_range;
module_param(wb_range, charp, 0444);
MODULE_PARM_DESC(wb_range,
		 "PHYS,SIZE (hex or decimal): publish this range Normal-WB as /dev/memattr-wb");

static struct memattr_file published = { .node = LIST_HEAD_INIT(published.node) };

static int published_mmap(struct file *file, struct vm_area_struct *vma)
{
	u64 off = (u64)vma->vm_pgoff << PAGE_SHIFT;
	u64 len = vma->vm_end - vma->vm_start;

	if (!(vma->vm_flags & VM_SHARED)) {
		pr_warn("memattr: memattr-wb: mmap needs MAP_SHARED\n");
		return -EINVAL;
	}
	if (off + len > published.size || off + len < off) {
		pr_warn("memattr: memattr-wb: mmap 0x%llx+0x%llx beyond 0x%llx bytes\n", off, len,
			published.size);
		return -EINVAL;
	}
	return remap_pfn_range(vma, vma->vm_start, (published.phys + off) >> PAGE_SHIFT, len,
			       vma->vm_page_prot);
}

/* SEEK_END gives the size: QEMU sizes a memory-backend-file's character device that way. */
static loff_t published_llseek(struct file *file, loff_t offset, int whence)
{
	return fixed_size_llseek(file, offset, whence, published.size);
}

static int published_open(struct inode *inode, struct file *file)
{
	return check_dev_mem_rights("/dev/memattr-wb");
}

static const struct file_operations published_fops = {
	.owner = THIS_MODULE,
	.open = published_open,
	.mmap = published_mmap,
	.llseek = published_llseek,
};

static struct miscdevice published_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "memattr-wb",
	.fops = &published_fops,
	.mode = 0600,
};

/* Claims wb_range for good (no per-file claim may overlap it) and registers its node. */
static int publish_wb_range(void)
{
	char *copy, *size_text;
	u64 phys, size;
	int err;

	copy = kstrdup(wb_range, GFP_KERNEL);
	if (!copy)
		return -ENOMEM;
	size_text = strchr(copy, ',');
	err = -EINVAL;
	if (size_text) {
		*size_text++ = '\0';
		err = kstrtoull(copy, 0, &phys) ?: kstrtoull(size_text, 0, &size);
	}
	kfree(copy);
	if (err) {
		pr_warn("memattr: wb_range '%s': expected PHYS,SIZE\n", wb_range);
		return -EINVAL;
	}
	err = check_alignment(phys, size, "wb_range");
	if (err)
		return err;
	mutex_lock(&claims_lock);
	err = check_phys_range(phys, size);
	if (!err) {
		published.kind = CLAIM_PHYS;
		published.phys = phys;
		published.size = size;
		list_add(&published.node, &claims);
	}
	mutex_unlock(&claims_lock);
	if (err)
		return err;
	err = misc_register(&published_misc);
	if (err) {
		list_del(&published.node);
		return err;
	}
	pr_info("memattr: /dev/memattr-wb maps 0x%llx size 0x%llx Normal-WB\n", phys, size);
	return 0;
}

static int __init memattr_init(void)
{
	int err = misc_register(&memattr_misc);

	if (err)
		return err;
	if (wb_range) {
		err = publish_wb_range();
		if (err) {
			misc_deregister(&memattr_misc);
			return err;
		}
	}
	pr_info("memattr: /dev/memattr ready (ABI %d)\n", MEMATTR_ABI_VERSION);
	return 0;
}

static void __exit memattr_exit(void)
{
	if (published.kind == CLAIM_PHYS)
		misc_deregister(&published_misc);
	misc_deregister(&memattr_misc);
}

module_init(memattr_init);
module_exit(memattr_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Map one physical range as Normal-WB, Normal-NC, Device-nGnRE or Device-nGnRnE");
