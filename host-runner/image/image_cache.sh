# image_cache.sh: the package cache of the image builder, sourced by build_image.sh and
# host-runner/tools/arm64_sysroot.sh. Needs CACHE (an absolute directory).
# Every .deb comes from `apt-get download` (the system's configured sources) into
# $CACHE/debs/KEY/ and is reused: a warm run downloads nothing. Each fetch prints one line
# "memattr-image: download SPEC" or "memattr-image: cached SPEC".

log() { echo "memattr-image: $*"; }
die() { echo "memattr-image: error: $*" >&2; exit 1; }

# cache_lock: one user at a time per cache (parallel ctest runs share it); held until exit.
cache_lock() {
  mkdir -p "$CACHE/debs" "$CACHE/extract"
  exec 9>"$CACHE/.lock"
  flock 9
}

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

# deb_depends DEB PATTERN: the first Depends entry of DEB that matches PATTERN.
deb_depends() {
  dpkg-deb -f "$1" Depends | tr ',' '\n' | sed 's/^ *//; s/ .*//; s/:.*//' | grep -E "$2" | head -1
}
