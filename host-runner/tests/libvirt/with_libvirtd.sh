#!/usr/bin/env bash
# Runs COMMAND with a test libvirtd (libvirtd_sandbox.sh) up, its URI in MEMATTR_LIBVIRT_URI;
# stops the daemon whatever COMMAND does. Skips (77) when not root.
#   with_libvirtd.sh WORK COMMAND [ARGS...]
set -euo pipefail
work=$1; shift
[[ $(id -u) -eq 0 ]] || { echo "with_libvirtd: the test libvirtd (qemu:///system) needs root"; exit 77; }
here="$(cd "$(dirname "$0")" && pwd)"
rm -rf "$work"
MEMATTR_LIBVIRT_URI=$("$here/libvirtd_sandbox.sh" start "$work")
export MEMATTR_LIBVIRT_URI
trap '"$here/libvirtd_sandbox.sh" stop "$work"' EXIT
"$@"
