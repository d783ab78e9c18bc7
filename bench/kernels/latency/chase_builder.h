// Pointer-chase builder (after google/multichase): a random single-cycle permutation of
// nodes `stride_bytes` apart, each holding the address of the next. Nodes are visited in
// TLB-locality groups (all nodes of one group, in random order, then the next group, groups
// in random order), so a chase measures cache/memory latency rather than TLB reach alone.
//   Result<Chase> c = BuildChase(arena, {.stride_bytes = 64, .seed = 7});
//   void* p = memattr_latency_chase(c->start, 1 << 16);
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "memattr/result.h"

namespace memattr {

struct ChaseOptions {
  std::size_t stride_bytes = 64;               // node distance: one cache line per node
  std::size_t tlb_locality_bytes = 64 * 4096;  // group size; 0 = one group (fully random)
  std::uint64_t seed = 1;                      // same seed, same arena size => same cycle
};

struct Chase {
  void* start = nullptr;  // a node; *(void**)node is the next node
  std::size_t nodes = 0;  // cycle length
};

// Writes one pointer into every node of `arena` (the only bytes a chase reads: old
// contents are never trusted) forming one cycle through all of them.
// Errors: stride not a multiple of 8, tlb_locality_bytes not a multiple of the stride,
// arena holding fewer than 2 nodes or more than 2^32.
Result<Chase> BuildChase(std::span<std::byte> arena, const ChaseOptions& options);

// The node reached from `from` after `steps` loads, walking in C++ (the reference).
void* ChaseStep(void* from, std::uint64_t steps);

// Checks that the chase starting at chase.start returns to it after exactly chase.nodes
// loads, never earlier, and every node lies in `arena` on a stride boundary: i.e. it visits
// every node once. The error names the step and the bad address.
Status CheckChaseCycle(std::span<const std::byte> arena, const Chase& chase,
                       std::size_t stride_bytes);

}  // namespace memattr
