#!/bin/sh
# guest_init.sh: PID 1 of the memattr guest (busybox sh). Mounts the pseudo file systems,
# loads the modules listed in /etc/memattr/modules.load, then runs ONE payload and powers off:
#   memattr_init.selftest=1 on the kernel command line -> every /usr/bin/memattr-*-check program
#   otherwise, a manifest in fw_cfg -> memattr-agent --manifest <fw_cfg file>
# Every line it prints starts with "memattr-init:" so the host can follow it on the console;
# the last one is "memattr-init: payload exit N" (N = the payload's exit status).
/bin/busybox mkdir -p /proc /sys /dev /tmp /run
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox --install -s /bin
export PATH=/usr/bin:/usr/sbin:/bin:/sbin
MANIFEST=/sys/firmware/qemu_fw_cfg/by_name/opt/memattr/manifest/raw

say() { echo "memattr-init: $*"; }
. /etc/memattr/image.env
say "kernel $(uname -r) image $KERNEL_RELEASE module $MODULE"

while read -r mod; do
  out="$(modprobe "$mod" 2>&1)" || say "modprobe $mod failed: $out"
done </etc/memattr/modules.load
[ -c /dev/memattr ] && say "module loaded: /dev/memattr" || say "module not loaded: no /dev/memattr"
# NVDIMM namespaces are probed asynchronously: give an ND region up to 3 s to show its device.
for _ in 1 2 3; do
  ls /sys/bus/nd/devices 2>/dev/null | grep -q '^region' || break
  ls /dev | grep -qE '^(pmem|dax)' && break
  sleep 1
done
# memattr_init.vfio=BDF[,BDF] (scenario guest_vfio): bind each device to vfio-pci, so the agent
# also measures its BAR through VFIO. A failure is said here; the agent skips with the reason.
bind_vfio() {
  dev=/sys/bus/pci/devices/$1
  [ -e "$dev" ] || { say "vfio: $1: no such PCI device"; return; }
  [ -d /sys/bus/pci/drivers/vfio-pci ] || { say "vfio: $1: this kernel has no vfio-pci"; return; }
  [ -e "$dev/driver" ] && echo "$1" >"$dev/driver/unbind"
  echo vfio-pci >"$dev/driver_override"
  echo "$1" >/sys/bus/pci/drivers_probe
  if [ "$(basename "$(readlink "$dev/driver")")" = vfio-pci ]; then
    say "vfio: $1 bound to vfio-pci, IOMMU group $(basename "$(readlink "$dev/iommu_group")")"
  else
    say "vfio: binding $1 to vfio-pci failed: $(dmesg | grep -iE 'vfio|smmu|iommu' | tail -1)"
  fi
}
for arg in $(cat /proc/cmdline); do
  case "$arg" in
    memattr_init.vfio=*) for bdf in $(echo "${arg#*=}" | tr ',' ' '); do bind_vfio "$bdf"; done ;;
  esac
done
say "devices: $(ls /dev | grep -E '^(pmem|dax|vport|vfio)' | tr '\n' ' ') $(ls /dev/vfio 2>/dev/null | tr '\n' ' ')"
say "numa nodes: $(ls -d /sys/devices/system/node/node* 2>/dev/null | sed 's|.*/||' | tr '\n' ' ')"

run_selftest() {
  status=0
  for check in /usr/bin/memattr-*-check; do
    [ -x "$check" ] || continue
    say "selftest $check"
    "$check" || status=$?
  done
  return $status
}

run_agent() {
  [ -n "$AGENT" ] && [ -x "$AGENT" ] || { say "no memattr-agent in this image"; return 3; }
  if [ -r "$MANIFEST" ]; then
    "$AGENT" --manifest "$MANIFEST"
  else
    say "no manifest in fw_cfg ($MANIFEST): agent auto-discovers"
    "$AGENT"
  fi
}

case " $(cat /proc/cmdline) " in
  *" memattr_init.selftest=1 "*) run_selftest ;;
  *" memattr_init.shell=1 "*) /bin/sh ;;
  *) run_agent ;;
esac
say "payload exit $?"
sync
poweroff -f
