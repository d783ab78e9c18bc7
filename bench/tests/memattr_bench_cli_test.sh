#!/bin/sh
# memattr_bench_cli_test: runs memattr-bench with ARGS and checks its exit code and that its
# output (stdout+stderr) matches a pattern.
# Usage: memattr_bench_cli_test.sh EXPECTED_EXIT PATTERN -- COMMAND...
set -u
expected=$1; pattern=$2; shift 3
out=$("$@" 2>&1); rc=$?
echo "$out"
[ "$rc" -eq "$expected" ] || { echo "exit code $rc, expected $expected"; exit 1; }
echo "$out" | grep -qE -- "$pattern" || { echo "output does not match /$pattern/"; exit 1; }
echo "ok: exit $rc and /$pattern/"
