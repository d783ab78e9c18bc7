#!/usr/bin/env bash
# Bad input to the libvirt launcher: each is exit 2 with a message naming the culprit, before any
# results directory or domain exists.
#   libvirt_bad_input.sh MEMATTR_HOST SOURCE_DIR WORK
set -euo pipefail
host=$1 src=$2 work=$3
rm -rf "$work"; mkdir -p "$work"
fail() { echo "libvirt bad input FAIL: $*"; exit 1; }

expect_exit_2() {  # expect_exit_2 LABEL PATTERN ARGS...: exit 2, stderr matches PATTERN, no results
  local label=$1 pattern=$2 code=0; shift 2
  "$host" run "$@" --results "$work/$label-results" --image "$work/no-image" 2> "$work/$label.err" || code=$?
  echo "$label: exit $code: $(cat "$work/$label.err")"
  [[ $code -eq 2 ]] || fail "$label: exit $code, want 2"
  grep -qE "$pattern" "$work/$label.err" || fail "$label: message does not match /$pattern/"
  [[ ! -e $work/$label-results ]] || fail "$label: a results directory was created"
}

# An unreachable URI: no daemon listens on this socket.
expect_exit_2 unreachable \
  "memattr-host: --connect qemu\+unix:///system\?socket=$work/nobody.sock: cannot connect: .*$work/nobody.sock" \
  "$src/scenarios/default.yaml" --connect "qemu+unix:///system?socket=$work/nobody.sock"

# A CPU-less NUMA node on a file the scenario chose: libvirt backs cells from its own memory.
truncate -s 16M "$work/cxl.img"
cat > "$work/cxl-file.yaml" <<YAML
name: cxl-file
regions:
  - {name: ram, kind: ram}
  - {name: cxlfile, kind: cxl, size: 16MiB, path: cxl.img, overwrite: true}
YAML
expect_exit_2 refused-region \
  "region cxlfile \(.*cxl-file.yaml:4\): a NUMA node backed by .*/cxl.img cannot be expressed through libvirt" \
  "$work/cxl-file.yaml" --connect "qemu+unix:///system?socket=$work/nobody.sock"

# A URI whose host refuses our key: an sshd on loopback that authorizes another key.
sshd=$(dirname "$0")/loopback_sshd.sh
trap '"$sshd" stop "$work/sshd"' EXIT
port=$("$sshd" start "$work/sshd")
ssh-keygen -q -t ed25519 -N '' -f "$work/stranger_key"
stranger="qemu+ssh://$(id -un)@127.0.0.1:$port/system?keyfile=$work/stranger_key&command=$work/sshd/ssh&no_tty=1"
expect_exit_2 refused-auth "memattr-host: --connect qemu\+ssh://.*: cannot connect: .*Permission denied" \
  "$src/scenarios/default.yaml" --connect "$stranger"

# A nested scenario: its emulated host is launched by memattr-host itself.
expect_exit_2 nested "nested: a nested run boots its emulated host with the direct launcher only" \
  "$src/scenarios/nested-ab.yaml" --connect "qemu+unix:///system?socket=$work/nobody.sock"
echo "libvirt bad input OK"
