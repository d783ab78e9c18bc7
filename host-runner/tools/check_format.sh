#!/usr/bin/env bash
# Fails, naming each file, when a tracked C/C++ file differs from its .clang-format.
# One clang-format process for the whole tree (a process per file took minutes under load).
set -euo pipefail
cd "$(dirname "$0")/../.."
mapfile -t files < <(git ls-files '*.cc' '*.h' '*.c' '*.cpp')
if out=$(clang-format --dry-run -Werror "${files[@]}" 2>&1); then
  echo "every tracked C/C++ file (${#files[@]}) matches .clang-format"
  exit 0
fi
grep -oE '^[^:]+\.(cc|h|c|cpp):' <<<"$out" | sort -u | sed 's/:$//; s/^/not formatted (clang-format -i): /'
exit 1
