// Correctness probes for atomic read-modify-write on a mapping: load/store-exclusive loop,
// LSE (x86_64: LOCK-prefixed) atomics, and atomicity under contention. Each touches only the
// region it is given and initialises what it reads; fault isolation is the caller's
// (RunProbe), so a SIGBUS/SIGILL on exotic memory becomes a fault outcome there.
//   Outcome o = ProbeAtomicityUnderContention(region.bytes(), {.threads = 2});
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>

#include "kernels/exclusive/exclusive_prepared_kernel.h"
#include "memattr/outcome.h"
#include "memattr/probes.h"

namespace memattr {

// options.threads threads each do options.increments_per_thread LDXR/STXR increments of one
// shared counter. Ok; WrongData(expected, got) if increments were lost; Failed("...
// store-exclusive never succeeded after K tries ...") if the monitor never lets a store
// through; Skipped on x86_64 (no load/store-exclusive). Needs 72 bytes of region.
Outcome ProbeExclusiveLoop(std::span<std::byte> region, const ProbeOptions& options);

// One thread runs each atomic kernel (fetch-add, store-add, CAS, swap) a few times on one
// word and checks both the word and the values returned. Ok or WrongData naming the kernel.
Outcome ProbeLseAtomics(std::span<std::byte> region, const ProbeOptions& options);

// options.threads threads × options.increments_per_thread atomic fetch-adds on one counter,
// started together; Ok if the counter is exactly N×M, else WrongData(N×M, counter).
Outcome ProbeAtomicityUnderContention(std::span<std::byte> region, const ProbeOptions& options);

// ---- Seams for tests: the probes' checks with the operation supplied by the caller. ----

// Adds 1 to *counter `increments` times; called concurrently by every thread.
using IncrementLoop = std::function<void(std::uint64_t* counter, std::uint64_t increments)>;
Outcome CheckAtomicityUnderContention(std::span<std::byte> region, const ProbeOptions& options,
                                      const IncrementLoop& increment);

// ProbeExclusiveLoop with `spec.loop` and `spec.tries_per_op`; spec.ops_per_iteration is
// replaced by options.increments_per_thread.
Outcome CheckExclusiveLoop(std::span<std::byte> region, const ProbeOptions& options,
                           ExclusiveKernelSpec spec);

}  // namespace memattr
