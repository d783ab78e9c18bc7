#!/bin/bash
# build_image.sh: builds an arm64 memattr image (kernel, initramfs, UEFI firmware): the guest
# (role guest: memattr-agent) or the emulated KVM host of a nested run (role host: memattr-host,
# QEMU and the guest image inside; its init is host_init.sh).
#
#   build_image.sh --cache DIR --output DIR [--role guest|host] [--agent BIN] [--extra-bin BIN]...
#                  [--kernel-series 6.12|7 | --kernel-package NAME] [--module-src DIR] [--no-module]
#                  [--guest-image DIR --host-binary BIN]     (role host: both required)
#
# Everything comes from Debian's archive through `apt-get download` (the system's configured
# sources), is kept under --cache and reused: a warm build downloads nothing. Each package
# fetch prints one line "memattr-image: download PKG" or "memattr-image: cached PKG".
# On success the last line is "memattr-image: ok OUTPUT/image.env"; image.env holds
# ROLE, KERNEL_RELEASE, KERNEL, INITRD, FIRMWARE, KERNEL_PACKAGE and MODULE as KEY=VALUE lines
# (role host adds HOST_BINARY, QEMU_PACKAGE, GUEST_IMAGE and GUEST_KERNEL_RELEASE).
# Per role: ROLE_init.sh is /init, ROLE_packages.list names the Debian packages, ROLE_modules.list
# the kernel modules. The memattr module is optional for role host (skipped with a line).
# Errors go to stderr as "memattr-image: error: WHAT" and exit non-zero.
# Normally run by `memattr-host image build` (host-runner/src/image/guest_image_builder.cc).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CACHE="" OUTPUT="" AGENT="" KERNEL_PKG="" NO_MODULE=0 ROLE=guest KERNEL_SERIES=6.12
GUEST_IMAGE="" HOST_BINARY=""
MODULE_SRC="$REPO/guest-agent/module"
MODULE_ABI="$REPO/bench/protocol/include/memattr/protocol/memattr_module_abi.h"  # the module's userspace ABI
FIRMWARE_PKG="qemu-efi-aarch64/trixie"
EXTRA_BINS=()
GUEST_IMAGE_IN_HOST=/usr/share/memattr/guest-image

# shellcheck source=image_cache.sh
. "$HERE/image_cache.sh"  # log, die, cache_lock, fetch, prefetch, extract, deb_depends

while [[ $# -gt 0 ]]; do
  case "$1" in
    --cache) CACHE="$2"; shift 2 ;;
    --output) OUTPUT="$2"; shift 2 ;;
    --agent) AGENT="$2"; shift 2 ;;
    --extra-bin) EXTRA_BINS+=("$2"); shift 2 ;;
    --kernel-package) KERNEL_PKG="$2"; shift 2 ;;
    --kernel-series) KERNEL_SERIES="$2"; shift 2 ;;
    --role) ROLE="$2"; shift 2 ;;
    --guest-image) GUEST_IMAGE="$2"; shift 2 ;;
    --host-binary) HOST_BINARY="$2"; shift 2 ;;
    --module-src) MODULE_SRC="$2"; shift 2 ;;
    --no-module) NO_MODULE=1; shift ;;
    *) die "unknown option '$1' (known: --cache --output --role --agent --extra-bin --kernel-series --kernel-package --guest-image --host-binary --module-src --no-module)" ;;
  esac
done
[[ -n "$CACHE" ]] || die "--cache DIR is required"
[[ -n "$OUTPUT" ]] || die "--output DIR is required"
[[ -z "$AGENT" || -f "$AGENT" ]] || die "--agent $AGENT: no such file"
for b in "${EXTRA_BINS[@]}"; do [[ -f "$b" ]] || die "--extra-bin $b: no such file"; done
case "$ROLE" in
  guest) ;;
  host)
    [[ -f "$GUEST_IMAGE/image.env" ]] || die "--guest-image '$GUEST_IMAGE': no image.env (build the guest image first)"
    [[ -f "$HOST_BINARY" ]] || die "--host-binary '$HOST_BINARY': no such file (the arm64 memattr-host of the aarch64 build)" ;;
  *) die "--role '$ROLE': unknown (known: guest host)" ;;
esac
# The kernel of each series: the meta package naming it, and the suite that has it.
case "$KERNEL_SERIES" in
  6.12) KERNEL_META="linux-image-6.12-cloud-arm64:arm64" ;;  # bookworm-backports
  7) KERNEL_META="linux-image-cloud-arm64:arm64" ;;           # trixie-backports: 7.x
  *) die "--kernel-series '$KERNEL_SERIES': unknown (known: 6.12 7)" ;;
esac

HOST_ARCH="$(dpkg --print-architecture)"
if [[ "$HOST_ARCH" == arm64 ]]; then CROSS=""; else CROSS="aarch64-linux-gnu-"; fi
mkdir -p "$CACHE/debs" "$CACHE/extract" "$OUTPUT"
CACHE="$(cd "$CACHE" && pwd)"
OUTPUT="$(cd "$OUTPUT" && pwd)"
cache_lock

# series_kernel_dep: the linux-image-KVER package that the newest version of KERNEL_META
# whose dependency belongs to KERNEL_SERIES depends on (6.12: the meta package is per series;
# 7: the generic meta package, whose 7.x version is in trixie-backports, not the candidate).
series_kernel_dep() {
  if [[ "$KERNEL_SERIES" == 6.12 ]]; then
    apt-cache depends "$KERNEL_META" 2>/dev/null | awk '/Depends: linux-image-/ {print $2; exit}'
    return
  fi
  apt-cache show "$KERNEL_META" 2>/dev/null | awk -v series="$KERNEL_SERIES" '
    /^Version: / { version = $2 }
    /^Depends: / { n = split($0, deps, /, */)
      for (i = 1; i <= n; i++) if (deps[i] ~ ("linux-image-" series "[.][0-9.]*[+].*-cloud-arm64")) {
        dep = deps[i]; sub(/^Depends: /, "", dep); sub(/ .*/, "", dep); print version, dep } }' |
    sort -V | tail -1 | awk '{print $2}'
}

# resolve_kernel_package: the newest cloud arm64 image package of KERNEL_SERIES the system's
# sources offer.
resolve_kernel_package() {
  [[ -n "$KERNEL_PKG" ]] && { echo "$KERNEL_PKG"; return; }
  # apt-cache is slow (seconds); its answer only changes when the package lists do.
  local dep lists stamp="$CACHE/default-kernel"
  [[ "$KERNEL_SERIES" == 6.12 ]] || stamp="$CACHE/default-kernel-$KERNEL_SERIES"
  lists="$(stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0)"
  if [[ -f "$stamp" && "$(head -1 "$stamp")" == "$lists" ]]; then sed -n 2p "$stamp"; return; fi
  dep="$(series_kernel_dep)"
  [[ -n "$dep" ]] || die "$KERNEL_META names no linux-image-$KERNEL_SERIES.* package (is arm64 enabled? for 7: is trixie-backports configured? run host-runner/tools/setup.sh)"
  printf '%s\n%s\n' "$lists" "${dep%:arm64}" >"$stamp"
  echo "${dep%:arm64}"
}

# --- kernel ----------------------------------------------------------------------------------
KERNEL_PKG="$(resolve_kernel_package)"
KERNEL_PKG="${KERNEL_PKG%:arm64}"

# --- up to date? -----------------------------------------------------------------------------
# An output built from the same inputs (this directory's scripts and lists, the module sources,
# every binary put in, the guest image inside a host image, the kernel and the options) is kept
# as it is: tests, the main job and run_nested_ab.sh share images without rebuilding them.
image_inputs() {
  local f
  echo "role=$ROLE kernel=$KERNEL_PKG firmware=$FIRMWARE_PKG no_module=$NO_MODULE output=$OUTPUT"
  (cd "$HERE" && sha256sum ./*.sh ./*.list)
  (cd "$MODULE_SRC" && sha256sum ./*.c Kbuild)
  sha256sum <"$MODULE_ABI"
  for f in "$AGENT" "${EXTRA_BINS[@]}" "$HOST_BINARY"; do
    if [[ -n "$f" ]]; then echo "$(basename "$f") $(sha256sum <"$f")"; fi
  done
  if [[ "$ROLE" == host ]]; then
    for f in image.env vmlinuz initrd.img QEMU_EFI.fd; do
      echo "guest $f $(sha256sum <"$GUEST_IMAGE/$f" 2>/dev/null)"
    done
  fi
}
INPUTS_KEY="$(image_inputs | sha256sum | cut -c1-32)"
if [[ "$(cat "$OUTPUT/.memattr-inputs" 2>/dev/null)" == "$INPUTS_KEY" && -f "$OUTPUT/image.env" &&
      -f "$OUTPUT/initrd.img" && -f "$OUTPUT/vmlinuz" && -f "$OUTPUT/QEMU_EFI.fd" ]]; then
  log "up to date (inputs unchanged) $OUTPUT"
  log "ok $OUTPUT/image.env"
  exit 0
fi
rm -f "$OUTPUT/.memattr-inputs"
# extract_kernel PKG: the kernel's extracted root. Since 7.x Debian splits linux-image-KVER into
# linux-binary-KVER (vmlinuz), linux-modules-KVER and linux-base-KVER (modules.builtin, .order):
# those are extracted into one merged root.
extract_kernel() {
  local deb parts part root
  deb="$(fetch "$1:arm64")" || exit 1  # errexit does not reach into $(...): stop on fetch's error
  parts="$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -E '^linux-(binary|modules|base)-' || true)"
  if [[ -z "$parts" ]]; then extract "$1:arm64"; return; fi
  root="$CACHE/extract/$(basename "$deb" .deb)-merged"
  if [[ ! -d "$root" ]]; then
    rm -rf "$root.tmp"
    for part in $parts; do
      dpkg -x "$(fetch "$part:arm64")" "$root.tmp" || die "dpkg -x $part failed"
    done
    # These packages are usr-merged, with vmlinuz beside the modules: give the tree the layout
    # of the older ones (lib/modules/KVER, boot/vmlinuz-KVER) that the rest of this script reads.
    local kver
    if [[ ! -e "$root.tmp/lib" && -d "$root.tmp/usr/lib/modules" ]]; then ln -s usr/lib "$root.tmp/lib"; fi
    for kver in $(ls "$root.tmp/lib/modules" 2>/dev/null || true); do
      if [[ -f "$root.tmp/lib/modules/$kver/vmlinuz" && ! -e "$root.tmp/boot/vmlinuz-$kver" ]]; then
        mkdir -p "$root.tmp/boot" && ln -s "../lib/modules/$kver/vmlinuz" "$root.tmp/boot/vmlinuz-$kver"
      fi
    done
    mv "$root.tmp" "$root"
  fi
  echo "$root"
}
KROOT="$(extract_kernel "$KERNEL_PKG")" || exit 1
KVER="$(ls "$KROOT/lib/modules" 2>/dev/null | head -1 || true)"
[[ -n "$KVER" ]] || die "$KERNEL_PKG: no lib/modules/KVER in the package"
[[ -f "$KROOT/boot/vmlinuz-$KVER" ]] || die "$KERNEL_PKG: no boot/vmlinuz-$KVER in the package"
log "kernel $KERNEL_PKG release $KVER"
if [[ ! -f "$KROOT/lib/modules/$KVER/modules.dep" ]]; then
  depmod -b "$KROOT" "$KVER" || die "depmod -b $KROOT $KVER failed"
fi

# --- the memattr module, built against the matching headers ----------------------------------
# compiler_overrides HDIR: make variables for building against HDIR with this machine's
# compiler. Debian builds 7.x with gcc-14 and names it (CC=...gcc-14); bookworm has gcc 12. A
# module built by another gcc works (Debian sets DEBIAN_KERNEL_NO_CC_VERSION_CHECK), but gcc 12
# lacks -fmin-function-alignment, which the kernel's config then asks for: without it kbuild
# falls back to -falign-functions of the same size.
compiler_overrides() {
  local version major
  version="$(sed -n 's/^CONFIG_GCC_VERSION=//p' "$1/include/config/auto.conf")"
  major=$(( ${version:-0} / 10000 ))
  if [[ "$major" -gt 0 ]] && ! command -v "${CROSS}gcc-$major" >/dev/null && command -v "${CROSS}gcc" >/dev/null; then
    log "kernel built with gcc-$major, which is not here: building the module with $("${CROSS}gcc" -dumpversion)" >&2
    echo "CC=${CROSS}gcc CONFIG_CC_HAS_MIN_FUNCTION_ALIGNMENT="
  fi
}

# runnable_kbuild DIR PACKAGE: DIR (an extracted linux-kbuild tree), or a copy of it whose
# modpost runs here. trixie's modpost needs glibc 2.38 (bookworm has 2.36): the copy runs it
# through the dynamic loader of the libc6 of PACKAGE's Debian release, extracted beside it.
runnable_kbuild() {
  local dir="$1" pkg="$2" real out suite libc ld copy="$CACHE/kbuild-runnable/$(basename "$1")"
  real="$dir/scripts/mod/modpost.real-lsb-64"
  [[ -x "$real" ]] || { echo "$dir"; return; }
  out="$("$real" -h 2>&1 || true)"
  if [[ "$out" != *"GLIBC_"*"not found"* ]]; then echo "$dir"; return; fi
  if [[ "$(cat "$copy/.memattr-ready" 2>/dev/null)" != "$copy" ]]; then
    suite="$(apt-cache policy "$pkg" 2>/dev/null | awk '/^ +[0-9]+ http/ {print $3; exit}')"
    suite="${suite%%/*}" && suite="${suite%-backports}"
    [[ -n "$suite" ]] || die "$pkg: modpost needs a newer glibc and apt names no release for $pkg"
    libc="$(extract "libc6:$HOST_ARCH/$suite")"
    ld="$(ls "$libc"/usr/lib/*/ld-linux*.so.* | head -1)"
    [[ -x "$ld" ]] || die "libc6:$HOST_ARCH/$suite: no dynamic loader in the package"
    rm -rf "$copy" && mkdir -p "$(dirname "$copy")" && cp -a "$dir" "$copy"
    for real in "$copy"/scripts/mod/modpost.real-*; do
      mv "$real" "$real.bin"
      printf '#!/bin/sh\nexec %s --library-path %s "$0.bin" "$@"\n' "$ld" "$(dirname "$ld")" >"$real"
      chmod +x "$real"
    done
    echo "$copy" >"$copy/.memattr-ready"
    log "modpost of $pkg runs with libc6 of $suite" >&2
  fi
  echo "$copy"
}

build_module() {
  local hdeb hroot cdeb croot kbdeb kbroot common kbuild hdir work
  hroot="$(extract "linux-headers-$KVER:arm64")"
  hdeb="$(fetch "linux-headers-$KVER:arm64")"
  common="$(deb_depends "$hdeb" '^linux-headers-.*-common')"
  kbuild="$(deb_depends "$hdeb" '^linux-kbuild-')"
  [[ -n "$common" && -n "$kbuild" ]] || die "linux-headers-$KVER: Depends names no -common/linux-kbuild package"
  croot="$(extract "$common")"
  kbroot="$(extract "$kbuild:$HOST_ARCH")"
  hdir="$CACHE/kbuild-tree/$KVER"
  local kbdir link tree
  kbdir="$(runnable_kbuild "$(ls -d "$kbroot"/usr/lib/linux-kbuild-* | head -1)" "$kbuild")" || exit 1
  # The stamp holds the tree's own path and kbuild's: a moved cache has stale absolute links and
  # rebuilds them.
  if [[ "$(cat "$hdir/.memattr-ready" 2>/dev/null)" != "$hdir $kbdir" ]]; then
    rm -rf "$hdir" "$hdir-common" && mkdir -p "$(dirname "$hdir")"
    cp -a "$hroot/usr/src/linux-headers-$KVER" "$hdir"
    cp -a "$(ls -d "$croot"/usr/src/linux-headers-*-common | head -1)" "$hdir-common"
    # The arch tree's Makefile includes the -common tree by its installed path; point it at ours.
    sed -i "s|^include /usr/src/linux-headers-[^/]*-common/|include $hdir-common/|" "$hdir/Makefile"
    # 7.x also names its own installed path (KBUILD_OUTPUT=/usr/src/linux-headers-KVER).
    sed -i "s|^KBUILD_OUTPUT=/usr/src/linux-headers-.*|KBUILD_OUTPUT=$hdir|" "$hdir/Makefile"
    # Both trees reach kbuild's scripts and tools through links to /usr/lib/linux-kbuild-*.
    for tree in "$hdir" "$hdir-common"; do
      for link in scripts tools; do
        if [[ -L "$tree/$link" ]]; then ln -sfn "$kbdir/$link" "$tree/$link"; fi
      done
    done
    echo "$hdir $kbdir" >"$hdir/.memattr-ready"
  fi
  # Built once per kernel version and module content, for every image and output directory:
  # $CACHE/modules/KVER/KEY, KEY from the sources and the compiler (the cache lock is held).
  local overrides key
  overrides="$(compiler_overrides "$hdir")"
  key="$({ (cd "$MODULE_SRC" && sha256sum ./*.c Kbuild; sha256sum <"$MODULE_ABI"); "${CROSS}gcc" --version; echo "$overrides $kbdir"; } |
    sha256sum | cut -c1-16)"
  work="$CACHE/modules/$KVER/$key"
  if [[ -f "$work/memattr.ko" ]]; then
    log "module cached for $KVER ($key)" >&2
    echo "$work/memattr.ko"
    return
  fi
  rm -rf "$work.tmp" && mkdir -p "$work.tmp"
  cp "$MODULE_SRC"/*.c "$MODULE_ABI" "$MODULE_SRC"/Kbuild "$work.tmp"/
  # No BTF for our module: it would need pahole on the host and nothing in the guest reads it.
  # shellcheck disable=SC2086  # $overrides: make variables, one word each
  make -s -C "$hdir" M="$work.tmp" ARCH=arm64 CROSS_COMPILE="$CROSS" CONFIG_DEBUG_INFO_BTF_MODULES= \
    $overrides modules >"$work.tmp/build.log" 2>&1 ||
    die "module build failed (make -C $hdir M=$work.tmp): $(grep -m3 -E 'error|Error|not found' "$work.tmp/build.log" | tr '\n' ' ')"
  [[ -f "$work.tmp/memattr.ko" ]] || die "module build produced no $work.tmp/memattr.ko"
  mv "$work.tmp" "$work"
  log "module built for $KVER ($key)" >&2
  echo "$work/memattr.ko"
}
MODULE_KO=""
if [[ "$NO_MODULE" == 0 && "$ROLE" == guest ]]; then
  MODULE_KO="$(build_module)"
  log "module $MODULE_KO"
elif [[ "$NO_MODULE" == 0 ]]; then
  # Optional on the host (a later cacheable VM_PFNMAP case): a failed build is a skip, said once.
  # Its log lines pass through; its error line becomes the reason.
  if MODULE_KO="$(build_module 2>"$OUTPUT/module-build.stderr")"; then
    grep -v '^memattr-image: error: ' "$OUTPUT/module-build.stderr" >&2 || true
    log "module $MODULE_KO"
  else
    grep -v '^memattr-image: error: ' "$OUTPUT/module-build.stderr" >&2 || true
    log "module skipped for $KVER: $(sed -n 's/^memattr-image: error: //p' "$OUTPUT/module-build.stderr" | head -1)"
    MODULE_KO=""
  fi
fi

# --- initramfs root --------------------------------------------------------------------------
ROOT="$OUTPUT/initramfs-root"
rm -rf "$ROOT"
mkdir -p "$ROOT"/{bin,sbin,usr/bin,usr/sbin,etc/memattr,proc,sys,dev,tmp,run,mnt,lib/modules/"$KVER"}
install -m 0755 "$HERE/${ROLE}_init.sh" "$ROOT/init"

# lib_depends DEB: the lib* packages DEB's Depends and Pre-Depends name (first alternatives).
lib_depends() {
  dpkg-deb -f "$1" Depends Pre-Depends | sed 's/^[A-Za-z-]*: //' | tr ',' '\n' |
    sed 's/^ *//; s/ *|.*//; s/ .*//; s/:.*//' | grep -E '^(lib|zlib1g)' || true
}
# dep_closure SPEC...: sets CLOSURE to SPEC... plus, recursively, the lib* packages their
# Depends name (arm64, each at its candidate version), one apt-get call per level. The shared
# libraries the initramfs needs are then found in these packages.
dep_closure() {
  local -A seen=()
  local level=("$@") next spec dep
  for spec in "$@"; do seen[${spec%%[:/]*}]=1; done
  CLOSURE=()
  while [[ ${#level[@]} -gt 0 ]]; do
    prefetch "${level[@]}"
    next=()
    for spec in "${level[@]}"; do
      CLOSURE+=("$spec")
      for dep in $(lib_depends "$(fetch "$spec")"); do
        [[ -n "${seen[$dep]:-}" ]] && continue
        seen[$dep]=1
        next+=("$dep:arm64")
      done
    done
    level=("${next[@]}")
  done
}

PACKAGES=()
while read -r spec _; do
  [[ -z "$spec" || "$spec" == \#* ]] && continue
  PACKAGES+=("$spec")
done <"$HERE/${ROLE}_packages.list"
if [[ "$ROLE" == host ]]; then
  dep_closure "${PACKAGES[@]}"
  PACKAGES=("${CLOSURE[@]}")
  log "host packages: ${#PACKAGES[@]} (with the lib* closure of ${ROLE}_packages.list)"
fi
prefetch "${PACKAGES[@]}" "$FIRMWARE_PKG"
LIB_ROOTS=()
for spec in "${PACKAGES[@]}"; do LIB_ROOTS+=("$(extract "$spec")"); done
BUSYBOX="$(ls "${LIB_ROOTS[0]}"/bin/busybox 2>/dev/null || true)"
[[ -n "$BUSYBOX" ]] || die "${ROLE}_packages.list: first entry must be busybox-static (bin/busybox)"
install -m 0755 "$BUSYBOX" "$ROOT/bin/busybox"
ln -s busybox "$ROOT/bin/sh"

copy_bin() {  # copy_bin FILE DESTDIR
  install -m 0755 "$1" "$ROOT/$2/$(basename "$1")"
  ELF_TODO+=("$ROOT/$2/$(basename "$1")")
}
ELF_TODO=()
for r in "${LIB_ROOTS[@]}"; do
  for t in ndctl daxctl; do [[ -f "$r/usr/bin/$t" ]] && copy_bin "$r/usr/bin/$t" usr/bin; done
done
[[ -n "$AGENT" && "$ROLE" == guest ]] && copy_bin "$AGENT" usr/bin
for b in "${EXTRA_BINS[@]}"; do copy_bin "$b" usr/bin; done
QEMU_PACKAGE=""
if [[ "$ROLE" == host ]]; then
  # memattr-host without its debug info (RelWithDebInfo: most of its size).
  "${CROSS}strip" --strip-debug -o "$ROOT/usr/bin/memattr-host" "$HOST_BINARY" ||
    die "${CROSS}strip $HOST_BINARY failed"
  chmod 0755 "$ROOT/usr/bin/memattr-host"
  ELF_TODO+=("$ROOT/usr/bin/memattr-host")
  for r in "${LIB_ROOTS[@]}"; do
    if [[ -f "$r/usr/bin/qemu-system-aarch64" ]]; then
      copy_bin "$r/usr/bin/qemu-system-aarch64" usr/bin
      QEMU_PACKAGE="$(basename "$r")" && QEMU_PACKAGE="${QEMU_PACKAGE//%3a/:}"
    fi
  done
  [[ -n "$QEMU_PACKAGE" ]] || die "host_packages.list: no package has usr/bin/qemu-system-aarch64"
  # The guest image, its image.env pointing at the copies.
  GDIR="$ROOT$GUEST_IMAGE_IN_HOST"
  mkdir -p "$GDIR"
  for f in vmlinuz initrd.img QEMU_EFI.fd; do
    cp "$GUEST_IMAGE/$f" "$GDIR/$f" || die "--guest-image $GUEST_IMAGE: no $f"
  done
  { grep -vE '^(KERNEL|INITRD|FIRMWARE)=' "$GUEST_IMAGE/image.env"
    echo "KERNEL=$GUEST_IMAGE_IN_HOST/vmlinuz"
    echo "INITRD=$GUEST_IMAGE_IN_HOST/initrd.img"
    echo "FIRMWARE=$GUEST_IMAGE_IN_HOST/QEMU_EFI.fd"
  } >"$GDIR/image.env"
fi

# find_lib SONAME: first match in the extracted packages, then the host's arm64 multiarch dirs.
find_lib() {
  local d
  for d in "${LIB_ROOTS[@]/%//usr/lib/aarch64-linux-gnu}" "${LIB_ROOTS[@]/%//lib/aarch64-linux-gnu}" \
    /usr/lib/aarch64-linux-gnu /lib/aarch64-linux-gnu; do
    [[ -e "$d/$1" ]] && { echo "$d/$1"; return 0; }
  done
  return 1
}
# The shared-library closure of every copied binary, by NEEDED entries, recursively.
declare -A SEEN=()
while [[ ${#ELF_TODO[@]} -gt 0 ]]; do
  elf="${ELF_TODO[0]}"; ELF_TODO=("${ELF_TODO[@]:1}")
  interp="$("${CROSS}readelf" -lW "$elf" 2>/dev/null | sed -n 's/.*Requesting program interpreter: \(.*\)]/\1/p')"
  if [[ -n "$interp" && -z "${SEEN[$interp]:-}" ]]; then
    SEEN[$interp]=1
    src="$(find_lib "$(basename "$interp")")" || die "$elf: interpreter $interp not found"
    mkdir -p "$ROOT$(dirname "$interp")" && cp -L "$src" "$ROOT$interp"
  fi
  for so in $("${CROSS}readelf" -dW "$elf" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p'); do
    [[ -n "${SEEN[$so]:-}" ]] && continue
    SEEN[$so]=1
    src="$(find_lib "$so")" || die "$(basename "$elf"): needs $so, found in no package of ${ROLE}_packages.list nor /usr/lib/aarch64-linux-gnu"
    mkdir -p "$ROOT/lib/aarch64-linux-gnu"
    cp -L "$src" "$ROOT/lib/aarch64-linux-gnu/$so"
    ELF_TODO+=("$ROOT/lib/aarch64-linux-gnu/$so")
  done
done
ln -s ../lib "$ROOT/usr/lib"  # binaries look in /usr/lib/aarch64-linux-gnu too

# --- kernel modules: the listed ones and their dependencies, decompressed ----------------------
MODDIR="$ROOT/lib/modules/$KVER"
: >"$ROOT/etc/memattr/modules.load"
while read -r mod _; do
  [[ -z "$mod" || "$mod" == \#* ]] && continue
  if grep -qE "/${mod//_/[-_]}\.ko" "$KROOT/lib/modules/$KVER/modules.builtin" 2>/dev/null; then
    continue
  fi
  deps="$(modprobe -d "$KROOT" -S "$KVER" --show-depends "$mod" 2>&1)" ||
    die "${ROLE}_modules.list: module '$mod' is not in $KERNEL_PKG: $deps"
  for ko in $(echo "$deps" | awk '$1 == "insmod" {print $2}'); do
    rel="${ko#"$KROOT"/lib/modules/$KVER/}"
    dest="$MODDIR/${rel%.xz}"
    [[ -f "$dest" ]] && continue
    mkdir -p "$(dirname "$dest")"
    case "$ko" in
      *.xz) xz -dc "$ko" >"$dest" ;;
      *.zst) zstd -qdc "$ko" >"$dest" ;;
      *) cp "$ko" "$dest" ;;
    esac
  done
  echo "$mod" >>"$ROOT/etc/memattr/modules.load"
done <"$HERE/${ROLE}_modules.list"
cp "$KROOT/lib/modules/$KVER"/modules.{order,builtin,builtin.modinfo} "$MODDIR/" 2>/dev/null || true
if [[ -n "$MODULE_KO" ]]; then
  mkdir -p "$MODDIR/extra" && cp "$MODULE_KO" "$MODDIR/extra/memattr.ko"
  # The host's init loads it itself, with the range to publish (host_init.sh).
  [[ "$ROLE" == host ]] || echo memattr >>"$ROOT/etc/memattr/modules.load"
fi
depmod -b "$ROOT" "$KVER" || die "depmod -b $ROOT $KVER failed"

# --- firmware, kernel, initramfs -------------------------------------------------------------
FWROOT="$(extract "$FIRMWARE_PKG")"
cp "$FWROOT/usr/share/qemu-efi-aarch64/QEMU_EFI.fd" "$OUTPUT/QEMU_EFI.fd" ||
  die "$FIRMWARE_PKG: no usr/share/qemu-efi-aarch64/QEMU_EFI.fd"
cp "$KROOT/boot/vmlinuz-$KVER" "$OUTPUT/vmlinuz"
{
  echo "ROLE=$ROLE"
  echo "KERNEL_RELEASE=$KVER"
  echo "KERNEL_PACKAGE=$KERNEL_PKG"
  echo "AGENT=$([[ -n "$AGENT" && "$ROLE" == guest ]] && echo "/usr/bin/$(basename "$AGENT")")"
  echo "MODULE=$([[ -n "$MODULE_KO" ]] && echo memattr || echo absent)"
  if [[ "$ROLE" == host ]]; then
    echo "HOST_BINARY=/usr/bin/memattr-host"
    echo "QEMU_PACKAGE=$QEMU_PACKAGE"
    echo "GUEST_IMAGE=$GUEST_IMAGE_IN_HOST"
    echo "GUEST_KERNEL_RELEASE=$(sed -n 's/^KERNEL_RELEASE=//p' "$GUEST_IMAGE/image.env")"
  fi
} >"$ROOT/etc/memattr/image.env"
(cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc --reproducible --quiet) | gzip -1 >"$OUTPUT/initrd.img.tmp"
mv "$OUTPUT/initrd.img.tmp" "$OUTPUT/initrd.img"
{
  cat "$ROOT/etc/memattr/image.env"
  echo "KERNEL=$OUTPUT/vmlinuz"
  echo "INITRD=$OUTPUT/initrd.img"
  echo "FIRMWARE=$OUTPUT/QEMU_EFI.fd"
} >"$OUTPUT/image.env"
echo "$INPUTS_KEY" >"$OUTPUT/.memattr-inputs"
log "ok $OUTPUT/image.env"
