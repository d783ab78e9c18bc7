#!/usr/bin/env bash
# Installs everything memattr needs on Debian 12 (bookworm) or 13 (trixie).
# Idempotent: re-running only installs what is missing. Prints each step.
# Suites are added by copying URIs:/Signed-By: from the system's own Debian entry,
# never by typing a mirror host name.
set -euo pipefail

say() { printf '[setup] %s\n' "$*"; }

BUILD_PKGS=(build-essential cmake ninja-build pkg-config git clang-format ccache clang-14
  libclang-rt-14-dev libcurl4-openssl-dev
  libbenchmark-dev libbenchmark-tools libhwloc-dev libpfm4-dev prometheus-cpp-dev
  nlohmann-json3-dev libyaml-cpp-dev libcli11-dev libgtest-dev libgmock-dev googletest
  binutils)
CROSS_PKGS=(gcc-aarch64-linux-gnu g++-aarch64-linux-gnu binutils-aarch64-linux-gnu)
ARM64_LIBS=(libbenchmark-dev:arm64 libhwloc-dev:arm64 libpfm4-dev:arm64
  libgtest-dev:arm64 libgmock-dev:arm64 libstdc++6:arm64)  # no libyaml-cpp-dev:arm64: conflicts with amd64 (memattr-host)
IMAGE_PKGS=(cpio xz-utils zstd kmod dpkg-dev file python3 python3-scipy)
SERVER_PKGS=(prometheus prometheus-pushgateway prometheus-node-exporter chromium libxml2-utils)
QEMU_PKGS=(qemu-system-arm qemu-user-static)
# libvirt 11.3 (the libvirt launcher, memattr-host run --connect): bookworm's 9.0 emits -no-acpi, which
# QEMU 10 rejects. On bookworm each package is named /bookworm-backports (-t bookworm-backports would
# upgrade systemd); qemu-system-x86 satisfies the amd64 QEMU driver's "qemu-kvm | qemu-system".
LIBVIRT_PKGS=(libvirt0 libvirt-common libvirt-clients libvirt-dev libvirt-l10n libvirt-login-shell
  libvirt-daemon libvirt-daemon-common libvirt-daemon-log libvirt-daemon-lock libvirt-daemon-plugin-lockd
  libvirt-daemon-driver-qemu libvirt-daemon-driver-network libvirt-daemon-driver-nwfilter
  libvirt-daemon-driver-storage libvirt-daemon-driver-storage-disk libvirt-daemon-driver-secret
  libvirt-daemon-driver-nodedev libvirt-daemon-driver-interface libvirt-daemon-driver-lxc
  libvirt-daemon-config-network libvirt-daemon-config-nwfilter libvirt-daemon-system
  libvirt-daemon-system-systemd)
SSH_PKGS=(openssh-server)  # an sshd on loopback, started by the qemu+ssh:// tests only
# Tests only: the README's scheduler examples (host-runner/examples/) run once each, by Ansible
# against this machine and by srun on a one-node Slurm cluster the test starts on loopback (its own
# munged, slurmctld, slurmd) and stops. memattr itself needs neither.
SCHEDULER_PKGS=(ansible-core slurm-wlm munge)
PEER_PKGS=(likwid)  # optional: a peer of bench/perf/peer_compare.py (multichase is not in Debian)

if [[ ! -r /etc/os-release ]] || ! grep -qE '^ID=debian' /etc/os-release; then
  cat >&2 <<MSG
memattr setup: this is not Debian; install these by hand and re-run the build:
  build:  ${BUILD_PKGS[*]}
  cross:  ${CROSS_PKGS[*]}
  arm64 multiarch libraries: ${ARM64_LIBS[*]}
  image:  ${IMAGE_PKGS[*]}
  QEMU >= 10.0: ${QEMU_PKGS[*]}
  servers: ${SERVER_PKGS[*]}
  libvirt >= 11.3: ${LIBVIRT_PKGS[*]} ${SSH_PKGS[*]}
  scheduler example tests: ${SCHEDULER_PKGS[*]}
MSG
  exit 2
fi
. /etc/os-release
CODENAME=${VERSION_CODENAME:?no VERSION_CODENAME in /etc/os-release}
[[ $(id -u) -eq 0 ]] || { echo "memattr setup: run as root (apt-get install)" >&2; exit 2; }
export DEBIAN_FRONTEND=noninteractive
# Another apt (unattended-upgrades, a second set-up) holding the dpkg lock is waited for, not fatal.
apt_get() { apt-get -o DPkg::Lock::Timeout=900 "$@"; }

# Finds the system's Debian entry (deb822 or one-line) and prints "URIS|SIGNED_BY".
debian_source() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -r $f ]] || continue
    awk -v want="$CODENAME" '
      BEGIN { RS=""; FS="\n" }
      { uris=""; sb=""; suites="";
        for (i=1;i<=NF;i++) {
          if ($i ~ /^URIs:/) { uris=$i; sub(/^URIs:[ \t]*/,"",uris) }
          if ($i ~ /^Signed-By:/) { sb=$i; sub(/^Signed-By:[ \t]*/,"",sb) }
          if ($i ~ /^Suites:/) { suites=$i } }
        if (uris !~ /security/ && (" " suites " ") ~ (" " want " ")) { print uris "|" sb; exit } }' "$f"
  done | head -n1
  if [[ -r /etc/apt/sources.list ]]; then
    awk -v want="$CODENAME" '$1=="deb" && $0 !~ /security/ && $0 ~ (" " want " ") {
      for (i=2;i<=NF;i++) if ($i ~ /^(https?|file|cdrom):/) { print $i "|"; exit } }' /etc/apt/sources.list
  fi
}

add_suite() {  # add_suite NAME SUITE: writes a deb822 file copying URIs/Signed-By
  local name=$1 suite=$2 file=/etc/apt/sources.list.d/memattr-$1.sources
  [[ -e $file ]] && { say "suite $suite already configured ($file)"; return 1; }
  local src uris sb
  src=$(debian_source | head -n1)
  [[ -n $src ]] || { echo "memattr setup: no Debian '$CODENAME' entry found in /etc/apt to copy" >&2; exit 2; }
  uris=${src%%|*}; sb=${src#*|}
  say "adding suite $suite from the system's Debian entry ($file)"
  { echo "Types: deb"; echo "URIs: $uris"; echo "Suites: $suite"; echo "Components: main"
    [[ -n $sb ]] && echo "Signed-By: $sb"; } > "$file"
  return 0
}

changed=0
if [[ $CODENAME == bookworm ]]; then
  add_suite bookworm-backports bookworm-backports && changed=1 || true
fi
if [[ $CODENAME != trixie ]]; then
  add_suite trixie trixie && changed=1 || true
  pin=/etc/apt/preferences.d/memattr-trixie
  if [[ ! -e $pin ]]; then
    say "pinning trixie low ($pin): used only for apt-get download"
    printf 'Package: *\nPin: release n=trixie\nPin-Priority: 1\n' > "$pin"
  fi
fi
# trixie-backports: the 7.x arm64 kernel of the nested KVM A/B (an L1 host after cacheable PFNMAP).
add_suite trixie-backports trixie-backports && changed=1 || true
pin=/etc/apt/preferences.d/memattr-trixie-backports
if [[ ! -e $pin ]]; then
  say "pinning trixie-backports low ($pin): used only for apt-get download"
  printf 'Package: *\nPin: release n=trixie-backports\nPin-Priority: 1\n' > "$pin"
fi
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
  say "adding arm64 as a foreign architecture"; dpkg --add-architecture arm64; changed=1
fi

stamp=/var/lib/apt/periodic/memattr-update-stamp
if [[ $changed == 1 || ! -e $stamp || -n $(find "$stamp" -mmin +720 2>/dev/null) ]]; then
  say "apt-get update"; apt_get update -qq; mkdir -p "$(dirname "$stamp")"; touch "$stamp"
fi

missing() { local p; for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || echo "$p"; done; }
install() {  # install LABEL [apt options --] PKGS...
  local label=$1; shift; local opts=()
  while [[ $# -gt 0 && $1 != -- ]]; do opts+=("$1"); shift; done; shift || true
  local need; need=$(missing "$@")
  if [[ -z $need ]]; then say "$label: already installed"; return; fi
  say "$label: installing $(echo $need)"
  apt_get install -y -qq --no-install-recommends "${opts[@]}" $need >/dev/null
}

install "build dependencies" -- "${BUILD_PKGS[@]}"
install "aarch64 cross toolchain" -- "${CROSS_PKGS[@]}"
install "arm64 multiarch libraries" -- "${ARM64_LIBS[@]}"
install "image builder tools" -- "${IMAGE_PKGS[@]}"
if [[ $CODENAME == bookworm ]]; then
  install "QEMU 10 (bookworm-backports)" -t bookworm-backports -- "${QEMU_PKGS[@]}"
else
  install "QEMU" -- "${QEMU_PKGS[@]}"
fi
install "Prometheus, Pushgateway, Chromium" -- "${SERVER_PKGS[@]}"
install "benchmark peers (optional)" -- "${PEER_PKGS[@]}" || say "likwid not installed: peer_compare.py skips it"

# Services: the tests start their own virtqemud, sshd, munged and Slurm daemons on UNIX sockets /
# loopback and stop them. A policy-rc.d that refuses every start keeps the packages' scripts from
# starting libvirtd, sshd, munged, slurmctld, slurmd or the default network (a bridge on
# 192.168.122.1) during the install.
no_service_starts() {  # no_service_starts COMMAND...: runs COMMAND with service starts refused
  local rc=/usr/sbin/policy-rc.d
  if [[ -e $rc ]]; then "$@"; return; fi
  printf '#!/bin/sh\nexit 101\n' > "$rc"; chmod 755 "$rc"
  local status=0; "$@" || status=$?
  rm -f "$rc"; return $status
}
if [[ $CODENAME == bookworm ]]; then
  libvirt_names=("${LIBVIRT_PKGS[@]/%//bookworm-backports}" qemu-system-x86/bookworm-backports)
  need=$(missing "${LIBVIRT_PKGS[@]}" qemu-system-x86)
  if [[ -n $need ]]; then
    # Refuse an install that would upgrade anything or move QEMU off 10.0 (the pin must stay per package).
    plan=$(apt-get -s install --no-install-recommends "${libvirt_names[@]}")
    if grep -qE '^Inst [^ ]+ \[' <<<"$plan" || grep -qE '^Remv ' <<<"$plan"; then
      echo "memattr setup: installing libvirt from bookworm-backports would upgrade or remove:" >&2
      grep -E '^(Inst [^ ]+ \[|Remv )' <<<"$plan" >&2; exit 2
    fi
    say "libvirt 11.3 (bookworm-backports, per package): installing $(echo $need)"
    no_service_starts apt_get install -y -qq --no-install-recommends "${libvirt_names[@]}" >/dev/null
  else
    say "libvirt 11.3 (bookworm-backports, per package): already installed"
  fi
else
  no_service_starts install "libvirt" -- "${LIBVIRT_PKGS[@]}"
fi
no_service_starts install "sshd (loopback tests)" -- "${SSH_PKGS[@]}"
no_service_starts install "Slurm, munge, Ansible (scheduler example tests)" -- "${SCHEDULER_PKGS[@]}"
# The packaged default network autostarts a bridge on 192.168.122.1 whenever a system libvirtd starts:
# memattr's domains have no NIC and nothing here may bind a non-loopback address.
rm -f /etc/libvirt/qemu/networks/autostart/default.xml

qv=$(qemu-system-aarch64 --version | sed -n 's/.*version \([0-9]*\)\..*/\1/p')
[[ ${qv:-0} -ge 10 ]] || { echo "memattr setup: qemu-system-aarch64 is version $qv; need >= 10" >&2; exit 2; }
lv=$(virsh --version 2>/dev/null || echo none)
[[ $lv == none || ${lv%%.*} -ge 11 ]] || { echo "memattr setup: libvirt is version $lv; need >= 11.3" >&2; exit 2; }
qv2=$(qemu-system-aarch64 --version | head -n1 | awk '{print $4}')
say "done: QEMU $qv2, libvirt $lv, $(cmake --version | head -n1)"
