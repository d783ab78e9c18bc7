#!/bin/sh
# host_init.sh: PID 1 of the emulated arm64 HOST (L1) of a nested run (busybox sh).
# L1 runs KVM (its QEMU has virtualization=on); it turns its NVDIMM into /dev/dax0.0, then runs
# the arm64 memattr-host on the scenario L0 put in fw_cfg: L2 (the memattr guest) gets
# `-accel kvm -cpu host`, and every event L1's memattr-host writes goes up to L0 through the
# virtio port memattr.events (--relay). Kernel command line switches:
#   memattr_init.selftest=1  print what L1 offers (KVM, devdax, the published PFNMAP, QEMU,
#                            memattr-host) and stop
#   memattr_init.shell=1     a shell on the console instead of the run
# Every line it prints starts with "memattr-host-init:"; the last is "... payload exit N".
/bin/busybox mkdir -p /proc /sys /dev /tmp /run
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox --install -s /bin
export PATH=/usr/bin:/usr/sbin:/bin:/sbin
SCENARIO=/sys/firmware/qemu_fw_cfg/by_name/opt/memattr/scenario/raw
GUEST_IMAGE=/usr/share/memattr/guest-image

say() { echo "memattr-host-init: $*"; }
. /etc/memattr/image.env
say "kernel $(uname -r) image $KERNEL_RELEASE"

while read -r mod; do
  out="$(modprobe "$mod" 2>&1)" || say "modprobe $mod failed: $out"
done </etc/memattr/modules.load

# The NVDIMM L0 gave us becomes a 2 MiB-aligned devdax: memory outside L1's linear map.
for _ in 1 2 3; do ls /dev | grep -qE '^pmem' && break; sleep 1; done
if [ -e /dev/pmem0 ] && [ ! -e /dev/dax0.0 ]; then
  out="$(ndctl create-namespace -f -e namespace0.0 -m devdax -a 2M 2>&1)" ||
    say "ndctl create-namespace failed: $(echo "$out" | tail -1)"
fi
# L0's ivshmem BARs sit at fixed slots (nested_host_command.h).
PFNMAP_BAR=/sys/bus/pci/devices/0000:00:1e.0
VFIO_BAR=/sys/bus/pci/devices/0000:00:1f.0

# nested.pfnmap becomes /dev/memattr-wb: the memattr module maps it Normal-WB with
# remap_pfn_range, so L1's QEMU holds a cacheable VM_PFNMAP of memory outside L1's linear map,
# as nvgrace-gpu gives it GPU memory.
publish_pfnmap() {
  dev=$PFNMAP_BAR
  [ -e "$dev" ] && [ "$MODULE" = memattr ] || return 0
  echo 1 >"$dev/enable"
  set -- $(sed -n 3p "$dev/resource")  # BAR2: start end flags
  range="$1,$(printf '0x%x' $(( $2 - $1 + 1 )))"
  out="$(modprobe memattr wb_range="$range" 2>&1)" &&
    say "pfnmap: ${dev##*/} BAR2 $range published as /dev/memattr-wb" ||
    say "pfnmap: modprobe memattr wb_range=$range failed: $out $(dmesg | grep 'memattr:' | tail -1)"
}

# nested.vfio_bar goes to vfio-pci (behind L1's SMMUv3): L1's QEMU passes it through to L2.
bind_vfio() {
  dev=$VFIO_BAR
  [ -e "$dev" ] || return 0
  echo vfio-pci >"$dev/driver_override"
  echo "${dev##*/}" >/sys/bus/pci/drivers_probe
  if [ -e "$dev/driver" ]; then
    say "vfio: ${dev##*/} bound to $(basename "$(readlink "$dev/driver")"), IOMMU group $(basename "$(readlink "$dev/iommu_group")")"
  else
    say "vfio: binding ${dev##*/} to vfio-pci failed: $(dmesg | grep -iE 'vfio|smmu' | tail -1)"
  fi
}
publish_pfnmap
bind_vfio
say "devices: $(ls /dev | grep -E '^(kvm|pmem|dax|vport|vfio|memattr)' | tr '\n' ' ')"
say "kvm: $(dmesg | grep -m1 -E 'kvm \[1\]: (VHE|Hyp|nVHE)' | sed 's/^\[[^]]*\] //')"

selftest() {
  status=0
  [ -c /dev/kvm ] && say "selftest /dev/kvm ok" || { say "selftest /dev/kvm missing"; status=1; }
  [ -c /dev/dax0.0 ] && say "selftest /dev/dax0.0 ok" || { say "selftest /dev/dax0.0 missing"; status=1; }
  [ -c /dev/memattr-wb ] && say "selftest /dev/memattr-wb ok" || { say "selftest /dev/memattr-wb missing"; status=1; }
  v="$(qemu-system-aarch64 --version 2>&1 | head -1)" && say "selftest qemu $v" ||
    { say "selftest qemu-system-aarch64 failed: $v"; status=1; }
  v="$(memattr-host --help 2>&1 | head -1)" && say "selftest memattr-host $v" ||
    { say "selftest memattr-host failed: $v"; status=1; }
  [ -f "$GUEST_IMAGE/image.env" ] && say "selftest guest image $(grep KERNEL_RELEASE "$GUEST_IMAGE/image.env")" ||
    { say "selftest no guest image in $GUEST_IMAGE"; status=1; }
  return $status
}

run_nested() {
  [ -r "$SCENARIO" ] || { say "no scenario in fw_cfg ($SCENARIO)"; return 3; }
  cp "$SCENARIO" /tmp/scenario.yaml
  memattr-host run /tmp/scenario.yaml --as-nested-host --image "$GUEST_IMAGE" \
    --results /tmp/results --relay memattr.events
}

case " $(cat /proc/cmdline) " in
  *" memattr_init.selftest=1 "*) selftest ;;
  *" memattr_init.shell=1 "*) /bin/sh ;;
  *) run_nested ;;
esac
say "payload exit $?"
sync
poweroff -f
