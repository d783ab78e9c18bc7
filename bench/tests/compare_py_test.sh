#!/bin/sh
# compare_py_test: Google Benchmark's own compare.py (Debian libbenchmark-tools) reads two
# memattr-bench JSON files unchanged and prints our benchmark names.
# Usage: compare_py_test.sh MEMATTR_BENCH COMPARE_PY [EMULATOR...]
# Debian's /usr/bin/python3 has the scipy compare.py needs (MEMATTR_PYTHON overrides it).
set -eu
bench=$1; compare=$2; shift 2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
run() {
  "$@" "$bench" --region anon:size=2M,name=small --kernels "$KERNEL" --threads 1 --counters none \
    --benchmark_min_time=0.01 --benchmark_repetitions=3 --benchmark_out_format=json \
    --benchmark_out="$dir/$OUT" >"$dir/$OUT.console" 2>&1 || { cat "$dir/$OUT.console"; exit 1; }
}
KERNEL=${MEMATTR_COMPARE_KERNEL:-stream_copy_scalar}
OUT=a.json run "$@"
OUT=b.json run "$@"
"${MEMATTR_PYTHON:-/usr/bin/python3}" "$compare" benchmarks "$dir/a.json" "$dir/b.json" >"$dir/compare.out" 2>&1 || {
  cat "$dir/compare.out"; echo "compare.py failed"; exit 1; }
cat "$dir/compare.out"
name="$KERNEL/region:small/attr:normal-wb/real_time/threads:1"
grep -qF "$name" "$dir/compare.out" || { echo "compare.py did not print $name"; exit 1; }
grep -qF "${name}_pvalue" "$dir/compare.out" || { echo "no U-test row for $name"; exit 1; }
grep -q '"memattr.schema": "memattr.results/1"' "$dir/a.json" || { echo "no memattr.schema in context"; exit 1; }
echo "compare.py read both files"
