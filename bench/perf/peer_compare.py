#!/usr/bin/env python3
"""memattr against its real peers, one ratio table (issue 19).

Runs R rounds (default 5); each round runs, in a shuffled order, memattr-perf-compare (memattr's
kernels, STREAM's kernels as plain C loops, glibc memcpy/memset, a C pointer chase over the same
permutation, lock xadd: all in one process) and, where installed, likwid-bench (stream_mem,
copy_mem, store_mem; AVX-512 forms where cpuid has them) and multichase (-s 256). Prints, per
operation and thread count, the median of memattr's best variant, the best peer's median and
their ratio. Bandwidth counts bytes loaded + stored, no write-allocate, in every tool.

  bench/perf/peer_compare.py build/native/bench/perf/memattr-perf-compare [--rounds 5]
"""
import argparse
import json
import random
import re
import shutil
import statistics
import subprocess
import sys


def run(cmd):
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


def in_process(binary, array_mib, samples):
    out = run([binary, f"--memattr_array_mib={array_mib}", "--benchmark_format=json",
               "--benchmark_enable_random_interleaving=true", "--benchmark_min_time=0.3"])
    for b in json.loads(out)["benchmarks"]:
        if b.get("error_occurred"):
            sys.exit(f"peer_compare: {b['name']}: {b.get('error_message')}")
        parts = b["name"].split("/")
        threads = int(b["name"].rsplit(":", 1)[1]) if "threads:" in b["name"] else 1
        if "bytes_per_second" in b:  # op/tool/real_time/threads:N
            samples.setdefault((parts[0], threads, parts[1]), []).append(b["bytes_per_second"] / 1e9)
        elif "time_per_load" in b:  # chase/ws:X/tool/real_time
            op = "chase " + parts[1].split(":")[1]
            samples.setdefault((op, 1, parts[2]), []).append(b["time_per_load"] * 1e9)
        elif parts[0] == "atomic_add":
            samples.setdefault(("atomic add", 1, parts[1]), []).append(1e9 / b["items_per_second"])


def likwid_kernels():
    """Operation -> (likwid kernel, its number of arrays)."""
    wide = "avx512f" in open("/proc/cpuinfo").read()
    suffix = "avx512" if wide else "avx"
    return {"triad": (f"stream_mem_{suffix}", 3), "copy": (f"copy_mem_{suffix}", 2),
            "fill": (f"store_mem_{suffix}", 1)}


def likwid(array_mib, samples):
    for op, (kernel, arrays) in likwid_kernels().items():
        for threads in (1, 2):
            # likwid's -w is the working set of all arrays together: each array is array_mib, as
            # in-process. (Passing array_mib alone gave likwid arrays a third of the size, which
            # fit a 480 MiB L3 and made likwid look faster than every in-process tool.)
            size = f"S0:{arrays * array_mib}MB:{threads}"
            out = run(["likwid-bench", "-t", kernel, "-w", size])
            m = re.search(r"MByte/s:\s+([0-9.]+)", out)
            if m:
                samples.setdefault((op, threads, "likwid " + kernel), []).append(
                    float(m.group(1)) / 1e3)


def multichase(samples):
    for size in ("16k", "1g"):
        out = run(["multichase", "-s", "256", "-m", size, "-n", "5"])
        value = float(out.strip().split()[-1])
        op = "chase " + ("16KiB" if size == "16k" else "1GiB")
        samples.setdefault((op, 1, "multichase -s 256"), []).append(value)


def default_array_mib():
    """4x the largest cache, so no tool measures its cache (one session's Xeon had 480 MiB of L3)."""
    largest = 0
    for index in range(8):
        try:
            text = open(f"/sys/devices/system/cpu/cpu0/cache/index{index}/size").read().strip()
        except OSError:
            break
        scale = {"K": 1 / 1024, "M": 1, "G": 1024}.get(text[-1], 1 / (1024 * 1024))
        largest = max(largest, float(text.rstrip("KMG")) * scale)
    return max(512, int(4 * largest))


LOWER_IS_BETTER = ("chase", "atomic")
ORDER = ["triad", "copy", "fill", "zero", "chase 16KiB", "chase 1GiB", "atomic add"]


def table(samples):
    rows = {}
    for (op, threads, tool), values in samples.items():
        rows.setdefault((op, threads), {})[tool] = statistics.median(values)
    print("| operation | threads | memattr | best peer | ratio |")
    print("|---|---|---|---|---|")
    for (op, threads) in sorted(rows, key=lambda k: (ORDER.index(k[0]), k[1])):
        tools = rows[(op, threads)]
        lower = op.startswith(LOWER_IS_BETTER)
        pick = min if lower else max
        mine = {t: v for t, v in tools.items() if t.startswith("memattr")}
        peers = {t: v for t, v in tools.items()
                 if not t.startswith("memattr") and t != "bare_add"}
        if not mine or not peers:
            continue
        m_tool = pick(mine, key=mine.get)
        p_tool = pick(peers, key=peers.get)
        unit = "ns" if lower else "GB/s"
        # ratio > 1 means memattr is better: bandwidth memattr/peer, time peer/memattr.
        ratio = peers[p_tool] / mine[m_tool] if lower else mine[m_tool] / peers[p_tool]
        print(f"| {op} | {threads} | {mine[m_tool]:.2f} {unit} ({m_tool}) | "
              f"{peers[p_tool]:.2f} ({p_tool}) | {ratio:.3f} |")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("perf_compare", help="path to memattr-perf-compare")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--array-mib", type=int, default=default_array_mib(),
                        help="each streaming array (default: 4x the last-level cache, >= 512)")
    args = parser.parse_args()
    steps = [lambda s: in_process(args.perf_compare, args.array_mib, s)]
    missing = []
    if shutil.which("likwid-bench"):
        steps.append(lambda s: likwid(args.array_mib, s))
    else:
        missing.append("likwid-bench")
    if shutil.which("multichase"):
        steps.append(multichase)
    else:
        missing.append("multichase")
    samples = {}
    for _ in range(args.rounds):
        random.shuffle(steps)
        for step in steps:
            step(samples)
    print(f"medians of {args.rounds} interleaved rounds; ratio > 1: memattr ahead "
          f"(bandwidth memattr/peer, time peer/memattr)")
    if missing:
        print("not installed, not compared: " + ", ".join(missing))
    table(samples)


if __name__ == "__main__":
    main()
