#include "kernels/latency/chase_builder.h"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace memattr {
namespace {

constexpr std::size_t kCacheLine = 64;

std::byte* AlignUp(std::byte* p, std::size_t alignment) {
  const auto v = reinterpret_cast<std::uintptr_t>(p);
  return reinterpret_cast<std::byte*>((v + alignment - 1) / alignment * alignment);
}

Status CheckOptions(const ChaseOptions& o) {
  if (o.stride_bytes == 0 || o.stride_bytes % 8 != 0)
    return Error{"chase: stride_bytes " + std::to_string(o.stride_bytes) +
                 " is not a positive multiple of 8"};
  if (o.tlb_locality_bytes % o.stride_bytes != 0)
    return Error{"chase: tlb_locality_bytes " + std::to_string(o.tlb_locality_bytes) +
                 " is not a multiple of stride_bytes " + std::to_string(o.stride_bytes)};
  return OkStatus();
}

// Visit order: groups in random order, nodes within each group in random order.
std::vector<std::uint32_t> VisitOrder(std::size_t nodes, std::size_t group, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  const std::size_t groups = (nodes + group - 1) / group;
  std::vector<std::uint32_t> group_order(groups);
  std::iota(group_order.begin(), group_order.end(), 0u);
  std::shuffle(group_order.begin(), group_order.end(), rng);
  std::vector<std::uint32_t> order;
  order.reserve(nodes);
  for (std::uint32_t g : group_order) {
    const std::size_t first = order.size();
    const std::size_t end = std::min(nodes, (g + 1) * group);
    for (std::size_t i = g * group; i < end; ++i) order.push_back(static_cast<std::uint32_t>(i));
    std::shuffle(order.begin() + static_cast<std::ptrdiff_t>(first), order.end(), rng);
  }
  return order;
}

std::string Hex(const void* p) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%p", p);
  return buf;
}

}  // namespace

Result<Chase> BuildChase(std::span<std::byte> arena, const ChaseOptions& options) {
  if (Status s = CheckOptions(options); !s) return s.error();
  std::byte* base = AlignUp(arena.data(), kCacheLine);
  const std::size_t slack = static_cast<std::size_t>(base - arena.data());
  const std::size_t nodes =
      arena.size() > slack ? (arena.size() - slack) / options.stride_bytes : 0;
  if (nodes < 2 || nodes > std::numeric_limits<std::uint32_t>::max())
    return Error{"chase: arena of " + std::to_string(arena.size()) + " bytes holds " +
                 std::to_string(nodes) + " nodes of " + std::to_string(options.stride_bytes) +
                 " bytes (need 2 .. 2^32)"};
  const std::size_t group =
      options.tlb_locality_bytes == 0 ? nodes : options.tlb_locality_bytes / options.stride_bytes;
  const std::vector<std::uint32_t> order = VisitOrder(nodes, group, options.seed);
  const auto node = [&](std::size_t k) { return base + order[k % nodes] * options.stride_bytes; };
  for (std::size_t k = 0; k < nodes; ++k) *reinterpret_cast<void**>(node(k)) = node(k + 1);
  return Chase{.start = node(0), .nodes = nodes};
}

void* ChaseStep(void* from, std::uint64_t steps) {
  for (std::uint64_t i = 0; i < steps; ++i) from = *static_cast<void**>(from);
  return from;
}

Status CheckChaseCycle(std::span<const std::byte> arena, const Chase& chase,
                       std::size_t stride_bytes) {
  const auto* lo = arena.data();
  const auto* hi = arena.data() + arena.size();
  const auto* start = static_cast<const std::byte*>(chase.start);
  const std::byte* p = start;
  for (std::size_t step = 1; step <= chase.nodes; ++step) {
    p = *reinterpret_cast<const std::byte* const*>(p);
    if (p < lo || p + sizeof(void*) > hi ||
        (p - start) % static_cast<std::ptrdiff_t>(stride_bytes) != 0)
      return Error{"chase: step " + std::to_string(step) + " reached " + Hex(p) +
                   ", not a node of the arena"};
    if (p == start && step != chase.nodes)
      return Error{"chase: back at the start after " + std::to_string(step) + " of " +
                   std::to_string(chase.nodes) + " nodes (the cycle misses nodes)"};
  }
  if (p != start)
    return Error{"chase: not back at the start after " + std::to_string(chase.nodes) +
                 " loads (at " + Hex(p) + ")"};
  return OkStatus();
}

}  // namespace memattr
