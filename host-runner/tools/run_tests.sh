#!/usr/bin/env bash
# The README's test command: set-up, native + aarch64 cross build, every ctest test.
# Usage: host-runner/tools/run_tests.sh [ctest args...]   (e.g. -L bench)
# The images the e2e and nested tests boot are ctest fixtures (built once per run, kept while
# their inputs are unchanged). At the end: the 15 slowest tests of both runs, then ctest's own
# closing summary again, so the last lines are still ctest's ("N% tests passed, ...").
set -euo pipefail
cd "$(dirname "$0")/../.."
SUDO=; [[ $(id -u) -eq 0 ]] || SUDO=sudo
$SUDO bash host-runner/tools/setup.sh
jobs=$(nproc)
for preset in native aarch64; do
  echo "== configure + build: $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
done
logs=$(mktemp -d /tmp/memattr-run-tests-XXXXXX)
trap 'rm -rf "$logs"' EXIT
# arm64 unit tests under qemu-user first, then the native suite (which holds the e2e tests),
# so that ctest's final summary is the last thing printed.
echo "== ctest: aarch64 (qemu-aarch64-static)"
ctest --preset aarch64 -j "$jobs" "$@" 2>&1 | tee "$logs/aarch64.log" && arm_code=0 || arm_code=$?
echo "== ctest: native"
ctest --preset native -j "$jobs" "$@" 2>&1 | tee "$logs/native.log" && native_code=0 || native_code=$?
# The fuzz targets (host-runner/fuzz/, clang + libFuzzer): regressions, then 25 s of fuzzing each.
echo "== fuzz: configure + build + ctest"
(cd host-runner/fuzz && cmake --preset fuzz >/dev/null && cmake --build --preset fuzz -j "$jobs" &&
  ctest --preset fuzz "$@") && fuzz_code=0 || fuzz_code=$?

# ctest's result lines: "  3/12 Test  #7: NAME ....   Passed   12.34 sec". (awk, not head: head
# exits after 15 lines, sort then dies of SIGPIPE and pipefail made this script exit 141.)
echo
echo "== the 15 slowest tests (seconds, preset, test, result)"
for preset in aarch64 native; do
  sed -nE "s/^ *[0-9]+\/[0-9]+ Test +#[0-9]+: ([^ ]+) \.*[ *]*([A-Za-z][A-Za-z ():-]*[A-Za-z)]) +([0-9.]+) sec$/\3\t$preset\t\1\t\2/p" \
    "$logs/$preset.log"
done | sort -rn | awk 'NR <= 15' | awk -F'\t' '{printf "%9.1f  %-8s %s  %s\n", $1, $2, $3, $4}'
echo
# ctest's closing summary of the native run again, unchanged, as the last lines.
sed -n '/% tests passed, /,$p' "$logs/native.log"
if (( native_code == 0 && arm_code != 0 )); then
  echo "run_tests: the aarch64 ctest run failed (exit $arm_code): see its summary above"
  sed -n '/% tests passed, /,$p' "$logs/aarch64.log"
fi
if (( fuzz_code != 0 )); then echo "run_tests: the fuzz ctest run failed (exit $fuzz_code)"; fi
exit $(( native_code != 0 ? native_code : arm_code != 0 ? arm_code : fuzz_code ))
