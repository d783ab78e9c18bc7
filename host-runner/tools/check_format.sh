#!/usr/bin/env bash
# Fails, naming each file, when a tracked C/C++ file differs from its .clang-format.
set -euo pipefail
cd "$(dirname "$0")/../.."
bad=0
while IFS= read -r f; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || { echo "not formatted: $f (clang-format -i $f)"; bad=1; }
done < <(git ls-files '*.cc' '*.h' '*.c' '*.cpp')
[[ $bad == 0 ]] && echo "every tracked C/C++ file matches .clang-format"
exit $bad
