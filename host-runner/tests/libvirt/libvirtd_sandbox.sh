#!/usr/bin/env bash
# A libvirtd for the tests, private to DIR: started in its own mount namespace where /etc/libvirt,
# /run/libvirt, /var/lib/libvirt, /var/log/libvirt and /var/cache/libvirt are DIR's, so it reads
# its own qemu.conf (QEMU as root, no DAC relabelling, no virtlogd) and its sockets are under
# DIR/run. It loads no network: memattr's domains have none.
#   libvirtd_sandbox.sh start DIR   -> prints the URI (qemu:///system?socket=DIR/run/libvirt-sock)
#   libvirtd_sandbox.sh stop DIR    -> destroys what it runs, stops it (TERM, then KILL)
set -euo pipefail
cmd=${1:?start|stop}; dir=$(realpath -m "${2:?DIR}")
uri="qemu:///system?socket=$dir/run/libvirt-sock"
mounts=(etc:/etc/libvirt run:/run/libvirt lib:/var/lib/libvirt log:/var/log/libvirt cache:/var/cache/libvirt)

start() {
  mkdir -p "$dir"
  for m in "${mounts[@]}"; do mkdir -p "$dir/${m%%:*}"; done
  cp -a /etc/libvirt/. "$dir/etc/"
  rm -rf "$dir/etc/qemu/networks/autostart" "$dir/etc/qemu/autostart"
  cat > "$dir/etc/libvirtd.conf" <<CONF
unix_sock_group = "root"
unix_sock_ro_perms = "0700"
unix_sock_rw_perms = "0700"
auth_unix_ro = "none"
auth_unix_rw = "none"
log_outputs = "3:file:/var/log/libvirt/libvirtd.log"
CONF
  cat > "$dir/etc/qemu.conf" <<CONF
user = "root"
group = "root"
dynamic_ownership = 0
remember_owner = 0
security_driver = "none"
namespaces = []
stdio_handler = "file"
cgroup_controllers = []
CONF
  local binds=""
  for m in "${mounts[@]}"; do binds+="mkdir -p '${m#*:}' && mount --bind '$dir/${m%%:*}' '${m#*:}' && "; done
  unshare -m --propagation private sh -c "${binds} exec libvirtd -f /etc/libvirt/libvirtd.conf -p /run/libvirt/sandbox.pid" \
    > "$dir/libvirtd.out" 2>&1 &
  echo $! > "$dir/libvirtd.pid"
  for _ in $(seq 1 120); do
    if virsh -c "$uri" version >/dev/null 2>&1; then echo "$uri"; return 0; fi
    kill -0 "$(cat "$dir/libvirtd.pid")" 2>/dev/null || break
    sleep 0.5
  done
  echo "libvirtd_sandbox: libvirtd did not come up in $dir:" >&2; cat "$dir/libvirtd.out" >&2
  stop; return 1
}

stop() {
  local pid name
  if virsh -c "$uri" version >/dev/null 2>&1; then
    for name in $(virsh -c "$uri" list --name 2>/dev/null); do virsh -c "$uri" destroy "$name" >/dev/null 2>&1 || true; done
  fi
  # QEMUs this daemon started (their pid files are in its run directory), should any remain.
  for f in "$dir"/run/qemu/*.pid; do
    [[ -e $f ]] && pid=$(cat "$f") && [[ -n $pid ]] && kill -9 "$pid" 2>/dev/null || true
  done
  [[ -e $dir/libvirtd.pid ]] || return 0
  pid=$(cat "$dir/libvirtd.pid")
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -KILL "$pid" 2>/dev/null || true  # its udev thread can hold up a TERM for minutes
  sleep 0.5
}

"$cmd"
