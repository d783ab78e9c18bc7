#!/bin/bash
# build_image.sh: builds the arm64 memattr guest image (kernel, initramfs, UEFI firmware).
#
#   build_image.sh --cache DIR --output DIR [--agent BIN] [--extra-bin BIN]...
#                  [--kernel-package NAME] [--module-src DIR] [--no-module]
#
# Everything comes from Debian's archive through `apt-get download` (the system's configured
# sources), is kept under --cache and reused: a warm build downloads nothing. Each package
# fetch prints one line "memattr-image: download PKG" or "memattr-image: cached PKG".
# On success the last line is "memattr-image: ok OUTPUT/image.env"; image.env holds
# KERNEL_RELEASE, KERNEL, INITRD, FIRMWARE, KERNEL_PACKAGE and MODULE as KEY=VALUE lines.
# Errors go to stderr as "memattr-image: error: WHAT" and exit non-zero.
# Normally run by `memattr-host image build` (host-runner/src/image/guest_image_builder.cc).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
CACHE="" OUTPUT="" AGENT="" KERNEL_PKG="" NO_MODULE=0
MODULE_SRC="$REPO/guest-agent/module"
FIRMWARE_PKG="qemu-efi-aarch64/trixie"
KERNEL_META="linux-image-6.12-cloud-arm64:arm64"
EXTRA_BINS=()

log() { echo "memattr-image: $*"; }
die() { echo "memattr-image: error: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --cache) CACHE="$2"; shift 2 ;;
    --output) OUTPUT="$2"; shift 2 ;;
    --agent) AGENT="$2"; shift 2 ;;
    --extra-bin) EXTRA_BINS+=("$2"); shift 2 ;;
    --kernel-package) KERNEL_PKG="$2"; shift 2 ;;
    --module-src) MODULE_SRC="$2"; shift 2 ;;
    --no-module) NO_MODULE=1; shift ;;
    *) die "unknown option '$1' (known: --cache --output --agent --extra-bin --kernel-package --module-src --no-module)" ;;
  esac
done
[[ -n "$CACHE" ]] || die "--cache DIR is required"
[[ -n "$OUTPUT" ]] || die "--output DIR is required"
[[ -z "$AGENT" || -f "$AGENT" ]] || die "--agent $AGENT: no such file"
for b in "${EXTRA_BINS[@]}"; do [[ -f "$b" ]] || die "--extra-bin $b: no such file"; done

HOST_ARCH="$(dpkg --print-architecture)"
if [[ "$HOST_ARCH" == arm64 ]]; then CROSS=""; else CROSS="aarch64-linux-gnu-"; fi
mkdir -p "$CACHE/debs" "$CACHE/extract" "$OUTPUT"
CACHE="$(cd "$CACHE" && pwd)"
OUTPUT="$(cd "$OUTPUT" && pwd)"
# One build at a time per cache (parallel ctest runs share it); released when the script exits.
exec 9>"$CACHE/.lock"
flock 9

# fetch SPEC: downloads "pkg[:arch][/suite]" once into $CACHE/debs/KEY/ and prints the .deb path.
fetch() {
  local spec="$1" key dir deb
  key="$(echo "$spec" | tr ':/' '__')"
  dir="$CACHE/debs/$key"
  deb="$(ls "$dir"/*.deb 2>/dev/null | head -1 || true)"
  if [[ -n "$deb" ]]; then log "cached $spec" >&2; echo "$deb"; return; fi
  log "download $spec" >&2
  rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
  (cd "$dir.tmp" && apt-get download -q "$spec" >/dev/null 2>"$dir.tmp/apt.log") ||
    die "apt-get download $spec failed: $(grep -E '^E:' "$dir.tmp/apt.log" | head -2)"
  rm -f "$dir.tmp/apt.log" && mv "$dir.tmp" "$dir"
  ls "$dir"/*.deb | head -1
}

# prefetch SPEC...: one apt-get call for every SPEC not cached yet (apt's start-up dominates
# small downloads), each .deb then filed under its own cache key as fetch() expects.
prefetch() {
  local spec key name deb missing=() tmp="$CACHE/debs/.prefetch"
  for spec in "$@"; do
    key="$(echo "$spec" | tr ':/' '__')"
    ls "$CACHE/debs/$key"/*.deb >/dev/null 2>&1 || missing+=("$spec")
  done
  [[ ${#missing[@]} -gt 0 ]] || return 0
  rm -rf "$tmp" && mkdir -p "$tmp"
  (cd "$tmp" && apt-get download -q "${missing[@]}" >/dev/null 2>"$tmp/apt.log") ||
    die "apt-get download ${missing[*]} failed: $(grep -E '^E:' "$tmp/apt.log" | head -2)"
  for spec in "${missing[@]}"; do
    key="$(echo "$spec" | tr ':/' '__')"
    name="${spec%%[:/]*}"
    deb="$(ls "$tmp/${name}"_*.deb | head -1)"
    mkdir -p "$CACHE/debs/$key" && mv "$deb" "$CACHE/debs/$key/"
    log "download $spec"
  done
  rm -rf "$tmp"
}

# extract SPEC: fetches and dpkg -x's the package once; prints the extracted root.
extract() {
  local deb root
  deb="$(fetch "$1")"
  root="$CACHE/extract/$(basename "$deb" .deb)"
  if [[ ! -d "$root" ]]; then
    dpkg -x "$deb" "$root.tmp" || die "dpkg -x $deb failed"
    mv "$root.tmp" "$root"
  fi
  echo "$root"
}

# resolve_kernel_package: the newest 6.12 cloud arm64 image package the system's sources offer.
resolve_kernel_package() {
  [[ -n "$KERNEL_PKG" ]] && { echo "$KERNEL_PKG"; return; }
  # apt-cache is slow (seconds); its answer only changes when the package lists do.
  local dep lists stamp="$CACHE/default-kernel"
  lists="$(stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0)"
  if [[ -f "$stamp" && "$(head -1 "$stamp")" == "$lists" ]]; then sed -n 2p "$stamp"; return; fi
  dep="$(apt-cache depends "$KERNEL_META" 2>/dev/null | awk '/Depends: linux-image-/ {print $2; exit}')"
  [[ -n "$dep" ]] || die "apt-cache depends $KERNEL_META names no linux-image package (is arm64 enabled?)"
  printf '%s\n%s\n' "$lists" "${dep%:arm64}" >"$stamp"
  echo "${dep%:arm64}"
}

# deb_depends DEB PATTERN: the first Depends entry of DEB that matches PATTERN.
deb_depends() {
  dpkg-deb -f "$1" Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//; s/:.*//' | grep -E "$2" | head -1
}

# --- kernel ----------------------------------------------------------------------------------
KERNEL_PKG="$(resolve_kernel_package)"
KERNEL_PKG="${KERNEL_PKG%:arm64}"
KROOT="$(extract "$KERNEL_PKG:arm64")"
KVER="$(ls "$KROOT/lib/modules" 2>/dev/null | head -1)"
[[ -n "$KVER" ]] || die "$KERNEL_PKG: no lib/modules/KVER in the package"
[[ -f "$KROOT/boot/vmlinuz-$KVER" ]] || die "$KERNEL_PKG: no boot/vmlinuz-$KVER in the package"
log "kernel $KERNEL_PKG release $KVER"
if [[ ! -f "$KROOT/lib/modules/$KVER/modules.dep" ]]; then
  depmod -b "$KROOT" "$KVER" || die "depmod -b $KROOT $KVER failed"
fi

# --- the memattr module, built against the matching headers ----------------------------------
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
  # The stamp holds the tree's own path: a moved cache has stale absolute links and rebuilds them.
  if [[ "$(cat "$hdir/.memattr-ready" 2>/dev/null)" != "$hdir" ]]; then
    rm -rf "$hdir" "$hdir-common" && mkdir -p "$(dirname "$hdir")"
    cp -a "$hroot/usr/src/linux-headers-$KVER" "$hdir"
    cp -a "$(ls -d "$croot"/usr/src/linux-headers-*-common | head -1)" "$hdir-common"
    # The arch tree's Makefile includes the -common tree by its installed path; point it at ours.
    sed -i "s|^include /usr/src/linux-headers-[^/]*-common/|include $hdir-common/|" "$hdir/Makefile"
    # Both trees reach kbuild's scripts and tools through links to /usr/lib/linux-kbuild-*.
    local kbdir link tree; kbdir="$(ls -d "$kbroot"/usr/lib/linux-kbuild-* | head -1)"
    for tree in "$hdir" "$hdir-common"; do
      for link in scripts tools; do
        if [[ -L "$tree/$link" ]]; then ln -sfn "$kbdir/$link" "$tree/$link"; fi
      done
    done
    echo "$hdir" >"$hdir/.memattr-ready"
  fi
  # Kept between builds (cp -p keeps mtimes) so kbuild rebuilds only what changed.
  work="$OUTPUT/module-build/$KVER"
  mkdir -p "$work"
  cp -p "$MODULE_SRC"/*.c "$MODULE_SRC"/*.h "$MODULE_SRC"/Kbuild "$work"/
  if [[ -f "$work/memattr.ko" && -z "$(find "$MODULE_SRC" -maxdepth 1 -newer "$work/memattr.ko" \
    \( -name '*.[ch]' -o -name Kbuild \))" ]]; then
    echo "$work/memattr.ko"  # up to date
    return
  fi
  # No BTF for our module: it would need pahole on the host and nothing in the guest reads it.
  make -s -C "$hdir" M="$work" ARCH=arm64 CROSS_COMPILE="$CROSS" CONFIG_DEBUG_INFO_BTF_MODULES= \
    modules >"$work/build.log" 2>&1 ||
    die "module build failed (make -C $hdir M=$work): $(grep -m3 -E 'error|Error' "$work/build.log")"
  [[ -f "$work/memattr.ko" ]] || die "module build produced no $work/memattr.ko"
  echo "$work/memattr.ko"
}
MODULE_KO=""
if [[ "$NO_MODULE" == 0 ]]; then
  MODULE_KO="$(build_module)"
  log "module $MODULE_KO"
fi

# --- initramfs root --------------------------------------------------------------------------
ROOT="$OUTPUT/initramfs-root"
rm -rf "$ROOT"
mkdir -p "$ROOT"/{bin,sbin,usr/bin,usr/sbin,etc/memattr,proc,sys,dev,tmp,run,mnt,lib/modules/"$KVER"}
install -m 0755 "$HERE/guest_init.sh" "$ROOT/init"

PACKAGES=()
while read -r spec _; do
  [[ -z "$spec" || "$spec" == \#* ]] && continue
  PACKAGES+=("$spec")
done <"$HERE/guest_packages.list"
prefetch "${PACKAGES[@]}" "$FIRMWARE_PKG"
LIB_ROOTS=()
for spec in "${PACKAGES[@]}"; do LIB_ROOTS+=("$(extract "$spec")"); done
BUSYBOX="$(ls "${LIB_ROOTS[0]}"/bin/busybox 2>/dev/null || true)"
[[ -n "$BUSYBOX" ]] || die "guest_packages.list: first entry must be busybox-static (bin/busybox)"
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
[[ -n "$AGENT" ]] && copy_bin "$AGENT" usr/bin
for b in "${EXTRA_BINS[@]}"; do copy_bin "$b" usr/bin; done

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
    src="$(find_lib "$so")" || die "$(basename "$elf"): needs $so, found in no package of guest_packages.list nor /usr/lib/aarch64-linux-gnu"
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
    die "guest_modules.list: module '$mod' is not in $KERNEL_PKG: $deps"
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
done <"$HERE/guest_modules.list"
cp "$KROOT/lib/modules/$KVER"/modules.{order,builtin,builtin.modinfo} "$MODDIR/" 2>/dev/null || true
if [[ -n "$MODULE_KO" ]]; then
  mkdir -p "$MODDIR/extra" && cp "$MODULE_KO" "$MODDIR/extra/memattr.ko"
  echo memattr >>"$ROOT/etc/memattr/modules.load"
fi
depmod -b "$ROOT" "$KVER" || die "depmod -b $ROOT $KVER failed"

# --- firmware, kernel, initramfs -------------------------------------------------------------
FWROOT="$(extract "$FIRMWARE_PKG")"
cp "$FWROOT/usr/share/qemu-efi-aarch64/QEMU_EFI.fd" "$OUTPUT/QEMU_EFI.fd" ||
  die "$FIRMWARE_PKG: no usr/share/qemu-efi-aarch64/QEMU_EFI.fd"
cp "$KROOT/boot/vmlinuz-$KVER" "$OUTPUT/vmlinuz"
{
  echo "KERNEL_RELEASE=$KVER"
  echo "KERNEL_PACKAGE=$KERNEL_PKG"
  echo "AGENT=$([[ -n "$AGENT" ]] && echo "/usr/bin/$(basename "$AGENT")")"
  echo "MODULE=$([[ -n "$MODULE_KO" ]] && echo memattr || echo absent)"
} >"$ROOT/etc/memattr/image.env"
(cd "$ROOT" && find . | LC_ALL=C sort | cpio -o -H newc --reproducible --quiet) | gzip -1 >"$OUTPUT/initrd.img.tmp"
mv "$OUTPUT/initrd.img.tmp" "$OUTPUT/initrd.img"
{
  cat "$ROOT/etc/memattr/image.env"
  echo "KERNEL=$OUTPUT/vmlinuz"
  echo "INITRD=$OUTPUT/initrd.img"
  echo "FIRMWARE=$OUTPUT/QEMU_EFI.fd"
} >"$OUTPUT/image.env"
log "ok $OUTPUT/image.env"
