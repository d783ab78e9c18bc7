// EventSink: where result events go (JSON Lines, schema in bench/docs/result_events.md).
// Emit() stamps `schema`, `seq` (increasing from 0) and `time`, writes one line and flushes it
// before returning, so a guest that dies right after an announced step still told the host.
//   JsonLinesSink sink(STDOUT_FILENO);
//   sink.Write(protocol::ProbeBegin{.region = "dax0.0", .probe = "unaligned_load_8"});
#pragma once

#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "memattr/protocol/result_events.h"
#include "memattr/protocol/schema_ids.h"
#include "memattr/result.h"

namespace memattr {

using protocol::kEventSchema;

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Thread-safe. Returns false if the destination refused the write (the caller decides).
  virtual bool Emit(nlohmann::json event) = 0;
  // A typed event, written by the protocol's one writer.
  bool Write(const protocol::ResultEvent& event) { return Emit(protocol::ToJson(event)); }
};

// Writes to a file descriptor it does not own (stdout, a virtio port, a file).
class JsonLinesSink : public EventSink {
 public:
  explicit JsonLinesSink(int fd) : fd_(fd) {}
  bool Emit(nlohmann::json event) override;
  std::uint64_t next_seq() const { return seq_; }

 private:
  std::mutex mu_;
  int fd_;
  std::uint64_t seq_ = 0;
};

// Keeps events in memory (tests, and the bench binary's summary).
class MemorySink : public EventSink {
 public:
  bool Emit(nlohmann::json event) override;
  const std::vector<nlohmann::json>& events() const { return events_; }

 private:
  std::mutex mu_;
  std::vector<nlohmann::json> events_;
};

}  // namespace memattr
