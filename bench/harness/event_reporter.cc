#include "harness/event_reporter.h"

#include <cmath>
#include <string>

#include "harness/benchmark_name.h"

namespace memattr {
namespace {

using Run = benchmark::BenchmarkReporter::Run;

nlohmann::json Number(double value) {
  if (std::isfinite(value)) return value;
  return nullptr;  // JSON has no NaN/Infinity
}

const char* RunType(const Run& run) {
  return run.run_type == Run::RT_Aggregate ? "aggregate" : "iteration";
}

const char* AggregateUnit(const Run& run) {
  return run.aggregate_unit == benchmark::kPercentage ? "percentage" : "time";
}

void AddTimes(const Run& run, nlohmann::json& r) {
  const char* unit = benchmark::GetTimeUnitString(run.time_unit);
  if (run.report_big_o) {
    r["cpu_coefficient"] = Number(run.GetAdjustedCPUTime());
    r["real_coefficient"] = Number(run.GetAdjustedRealTime());
    r["time_unit"] = unit;
  } else if (run.report_rms) {
    r["rms"] = Number(run.GetAdjustedCPUTime());
  } else if (run.run_type == Run::RT_Aggregate && run.aggregate_unit == benchmark::kPercentage) {
    // A "cv" aggregate: a ratio, written unadjusted (as 1.7.1's JSON reporter does).
    r["iterations"] = run.iterations;
    r["real_time"] = Number(run.real_accumulated_time);
    r["cpu_time"] = Number(run.cpu_accumulated_time);
    r["time_unit"] = unit;
  } else {
    r["iterations"] = run.iterations;
    r["real_time"] = Number(run.GetAdjustedRealTime());
    r["cpu_time"] = Number(run.GetAdjustedCPUTime());
    r["time_unit"] = unit;
  }
}

}  // namespace

nlohmann::json RunRecord(const Run& run) {
  nlohmann::json r;
  r["name"] = run.benchmark_name();
  r["family_index"] = run.family_index;
  r["per_family_instance_index"] = run.per_family_instance_index;
  r["run_name"] = run.run_name.str();
  r["run_type"] = RunType(run);
  r["repetitions"] = run.repetitions;
  if (run.run_type != Run::RT_Aggregate) r["repetition_index"] = run.repetition_index;
  r["threads"] = run.threads;
  if (run.run_type == Run::RT_Aggregate) {
    r["aggregate_name"] = run.aggregate_name;
    r["aggregate_unit"] = AggregateUnit(run);
  }
  if (run.error_occurred) {
    r["error_occurred"] = true;
    r["error_message"] = run.error_message;
  }
  AddTimes(run, r);
  for (const auto& [name, counter] : run.counters) r[name] = Number(counter.value);
  if (run.memory_result != nullptr) {
    r["allocs_per_iter"] = Number(run.allocs_per_iter);
    r["max_bytes_used"] = run.memory_result->max_bytes_used;
  }
  if (!run.report_label.empty()) r["label"] = run.report_label;
  return r;
}

nlohmann::json MeasurementEvent(const Run& run) {
  protocol::Measurement event;
  event.threads = static_cast<int>(run.threads);
  event.run = RunRecord(run);
  if (auto parts = ParseBenchmarkName(run.run_name.function_name)) {
    event.kernel = parts->kernel;
    event.region = parts->region;
    event.attribute = std::string(ToString(parts->attribute));
  }
  return protocol::ToJson(event);
}

bool EventReporter::ReportContext(const Context&) { return true; }

void EventReporter::ReportRuns(const std::vector<Run>& runs) {
  for (const Run& run : runs) {
    ++runs_;
    if (run.error_occurred) ++errors_;
    if (!sink_.Emit(MeasurementEvent(run))) ++refused_;
  }
}

}  // namespace memattr
