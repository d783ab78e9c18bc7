#!/bin/sh
# The arm64 memattr-host, run under qemu-aarch64-static, plans default.yaml as it would on an
# arm64 KVM host (accel: auto -> kvm, -cpu host): its dry-run argv equals the golden KVM argv.
# qemu-user looks every absolute path up under QEMU_LD_PREFIX first and falls back to the real
# one, so a prefix holding only dev/kvm gives the binary a /dev/kvm (libraries still come from
# /); the QEMU it probes is fake_qemu.py listing kvm. Nothing else is faked.
#   dry_run_kvm_test.sh MEMATTR_HOST SOURCE_DIR WORK_DIR
set -eu
host=$1 src=$2/host-runner work=$3
rm -rf "$work" && mkdir -p "$work/prefix/dev"
: >"$work/prefix/dev/kvm"
FAKE_QEMU_ACCELS="tcg kvm" QEMU_LD_PREFIX="$work/prefix" qemu-aarch64-static "$host" \
  run --dry-run --qemu "$src/tests/fake_qemu.py" --image /image --results /results \
  "$src/scenarios/default.yaml" >"$work/argv" 2>"$work/stderr" ||
  { echo "memattr-host failed:"; cat "$work/stderr"; exit 1; }
sed -e "1s|^$src/tests/fake_qemu.py\$|/usr/bin/qemu-system-aarch64|" \
    -e 's|path=EVENTS_SOCKET,|path=/results/events.sock,|' "$work/argv" >"$work/argv.golden-paths"
if diff -u "$src/tests/testdata/golden/default.kvm-aarch64.argv" "$work/argv.golden-paths"; then
  echo "arm64 memattr-host: default.yaml dry run is the KVM argv (-accel kvm -cpu host)"
else
  echo "stderr:"; cat "$work/stderr"; exit 1
fi
