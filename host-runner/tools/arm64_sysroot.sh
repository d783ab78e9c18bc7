#!/bin/bash
# arm64_sysroot.sh: Debian arm64 -dev packages that cannot be co-installed with their amd64
# twins (libyaml-cpp-dev), extracted with their library packages into one directory that the
# cross build searches (host-runner/CMakeLists.txt runs this at configure time).
#
#   arm64_sysroot.sh --cache DIR --output DIR PKG...     (PKG: an arm64 package name)
#
# Each PKG and the lib* packages its Depends name are fetched through the image builder's cache
# (host-runner/image/image_cache.sh: `apt-get download`, reused, a warm run downloads nothing)
# and `dpkg -x`'d into OUTPUT. Nothing is installed. Last line: "memattr-image: ok OUTPUT".
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../image/image_cache.sh
. "$HERE/../image/image_cache.sh"
CACHE="" OUTPUT="" PKGS=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cache) CACHE="$2"; shift 2 ;;
    --output) OUTPUT="$2"; shift 2 ;;
    -*) die "unknown option '$1' (known: --cache --output)" ;;
    *) PKGS+=("$1"); shift ;;
  esac
done
[[ -n "$CACHE" && -n "$OUTPUT" && ${#PKGS[@]} -gt 0 ]] || die "usage: arm64_sysroot.sh --cache DIR --output DIR PKG..."
mkdir -p "$CACHE" "$OUTPUT"
CACHE="$(cd "$CACHE" && pwd)"
OUTPUT="$(cd "$OUTPUT" && pwd)"
cache_lock

DEBS=()
for pkg in "${PKGS[@]}"; do
  deb="$(fetch "$pkg:arm64")"
  DEBS+=("$deb")
  for lib in $(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//; s/:.*//' | grep -E '^lib'); do
    DEBS+=("$(fetch "$lib:arm64")")
  done
done
# Re-extract only when the set of packages changed.
stamp="$(printf '%s\n' "${DEBS[@]##*/}" | sort)"
if [[ "$(cat "$OUTPUT/.memattr-sysroot" 2>/dev/null)" != "$stamp" ]]; then
  for deb in "${DEBS[@]}"; do dpkg -x "$deb" "$OUTPUT" || die "dpkg -x $deb $OUTPUT failed"; done
  echo "$stamp" >"$OUTPUT/.memattr-sysroot"
fi
log "ok $OUTPUT"
