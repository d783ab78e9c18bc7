#!/usr/bin/env bash
# An sshd on 127.0.0.1 for the qemu+ssh:// tests, private to DIR: its own host key, a client key
# made here and authorized for this user only, a free port. Nothing leaves loopback.
#   loopback_sshd.sh start DIR  -> prints "PORT"; DIR/id_ed25519 is the client key and
#                                  DIR/ssh is an ssh that trusts only this sshd (for ?command=)
#   loopback_sshd.sh stop DIR
set -euo pipefail
cmd=${1:?start|stop}; dir=$(realpath -m "${2:?DIR}")

start() {
  mkdir -p "$dir"; chmod 700 "$dir"
  ssh-keygen -q -t ed25519 -N '' -f "$dir/host_key"
  ssh-keygen -q -t ed25519 -N '' -f "$dir/id_ed25519"
  cp "$dir/id_ed25519.pub" "$dir/authorized_keys"
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  cat > "$dir/sshd_config" <<CONF
ListenAddress 127.0.0.1:$port
HostKey $dir/host_key
PidFile $dir/sshd.pid
AuthorizedKeysFile $dir/authorized_keys
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
AllowUsers $(id -un)
CONF
  { printf '127.0.0.1 '; cut -d' ' -f1,2 "$dir/host_key.pub"; } | sed "s/^127.0.0.1/[127.0.0.1]:$port/" > "$dir/known_hosts"
  cat > "$dir/ssh" <<SH
#!/bin/sh
exec ssh -F none -o UserKnownHostsFile=$dir/known_hosts -o StrictHostKeyChecking=yes -o BatchMode=yes "\$@"
SH
  chmod 755 "$dir/ssh"
  mkdir -p /run/sshd  # sshd's privilege separation directory
  /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log"
  for _ in $(seq 1 50); do [[ -s $dir/sshd.pid ]] && { echo "$port"; return 0; }; sleep 0.1; done
  echo "loopback_sshd: sshd did not start:" >&2; cat "$dir/sshd.log" >&2; return 1
}

stop() {
  [[ -s $dir/sshd.pid ]] || return 0
  kill "$(cat "$dir/sshd.pid")" 2>/dev/null || true
  rm -f "$dir/sshd.pid"
}

"$cmd"
