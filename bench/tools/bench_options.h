// memattr-bench's command line: the CLI11 options, and their resolution into typed values
// (kernels found in the catalogue, region specs parsed, attributes, counter sets), with
// errors that name the offending option and value. Google Benchmark's own --benchmark_*
// flags are left over by CLI11 (allow_extras) and handed to benchmark::Initialize.
//   CLI::App app;  BenchOptions o;  AddBenchOptions(app, o);  app.parse(argc, argv);
//   Result<BenchRequest> r = ResolveBenchOptions(o);
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "measure/event_sets.h"
#include "memattr/kernel_catalog.h"
#include "memattr/kernel_runner.h"
#include "memattr/memory_attribute.h"
#include "memattr/region_spec.h"
#include "memattr/result.h"

namespace memattr {

struct BenchOptions {
  bool list = false;
  std::string describe;              // kernel name
  std::vector<std::string> regions;  // region_spec.h text form; empty = default anon
  std::vector<std::string> attributes = {"normal-wb"};
  std::vector<int> threads = {1};
  std::vector<std::string> kernels;  // empty = every kernel built for this arch
  bool probes = false;
  std::string working_set;                      // size text; empty = 4x LLC for streaming
  std::string events;                           // JSON Lines: a file, or "-" for stdout
  std::vector<std::string> counters = {"all"};  // event set names, "all" or "none"
  std::string accel = "unknown";                // recorded as memattr.accel
  bool no_pin = false;
  bool no_avx512 = false;
  bool huge_pages = false;           // the default anonymous region only (--region has huge=yes)
  std::string chase_stride = "256";  // size text
};

void AddBenchOptions(CLI::App& app, BenchOptions& options);

struct BenchRequest {
  std::vector<const KernelInfo*> kernels;
  std::vector<RegionSpec> regions;  // empty = the default anonymous region
  std::vector<MemoryAttribute> attributes;
  std::vector<int> threads;
  std::uint64_t working_set_bytes = 0;  // 0 = default
  std::vector<const EventSet*> counter_sets;
  KernelTuning tuning;
  bool huge_pages = false;
};

// Errors: "unknown kernel 'x' (known: …)", "--region 'anon:sz=1': …", "unknown attribute
// 'x' (known: …)", "--threads 0: …", "--working-set 'x': …", "unknown counter set 'x' (known: …)".
Result<BenchRequest> ResolveBenchOptions(const BenchOptions& options);

}  // namespace memattr
