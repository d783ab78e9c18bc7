// TESTS ONLY: exclusive loops that fail on purpose, to drive the retry bound, failure
// counting and Verify()'s failure paths deterministically.
// - aarch64: the real loop macros with a CLREX injected (exclusive_failure_injection.S,
//   linked into the test executables only), so the production retry code is what runs.
// - every arch: plain C++ stand-ins with the ExclusiveLoopFn signature, for the bookkeeping.
#pragma once

#include <cstdint>

extern "C" {
// aarch64 only. Every store-exclusive fails: gives up after `tries`, completes 0 ops.
std::uint64_t memattr_test_exclusive_increment_always_fails(std::uint64_t*, std::uint64_t,
                                                            std::uint64_t, std::uint64_t*);
std::uint64_t memattr_test_exclusive_pair_increment_always_fails(std::uint64_t*, std::uint64_t,
                                                                 std::uint64_t, std::uint64_t*);
// aarch64 only. The first try of every op fails: with tries >= 2, `ops` ops and `ops` failures.
std::uint64_t memattr_test_exclusive_increment_fails_once(std::uint64_t*, std::uint64_t,
                                                          std::uint64_t, std::uint64_t*);
std::uint64_t memattr_test_exclusive_pair_increment_fails_once(std::uint64_t*, std::uint64_t,
                                                               std::uint64_t, std::uint64_t*);
}

namespace memattr::testing {

// A monitor that never lets a store through: `tries` failures, nothing completed.
inline std::uint64_t NeverSucceedsLoop(std::uint64_t*, std::uint64_t, std::uint64_t tries,
                                       std::uint64_t* failures) {
  *failures = tries;
  return 0;
}

// Claims every op completed but never writes the counter: lost increments.
inline std::uint64_t LosesIncrementsLoop(std::uint64_t*, std::uint64_t ops, std::uint64_t,
                                         std::uint64_t* failures) {
  *failures = 0;
  return ops;
}

}  // namespace memattr::testing
