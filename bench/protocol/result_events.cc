#include "memattr/protocol/result_events.h"

#include <string_view>
#include <type_traits>

#include "memattr/protocol/json_fields.h"

namespace memattr::protocol {
namespace {

using json = nlohmann::json;

// Each kind's wire name, writer and reader, side by side so they cannot drift apart.
template <typename T>
struct EventKind;

void PutIfSet(json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

void Read(FieldReader& in, EventOutcome& o) {
  in.Get("kind", o.kind);
  in.Get("reason", o.reason);
  in.Get("signal", o.signal);
  in.Get("si_code", o.si_code);
  in.Get("address", o.address);
  in.Get("expected", o.expected);
  in.Get("got", o.got);
}

void Read(FieldReader& in, EventRegion& r) {
  in.Get("name", r.name);
  in.Get("kind", r.kind);
  in.Get("backing", r.backing);
  in.Get("path", r.path);
  in.Get("size_bytes", r.size_bytes);
  in.Get("numa_node", r.numa_node);
  in.Get("attributes", r.attributes);
  in.Get("notes", r.notes);
}

// The object under `key` read into `out`; its problems name "KEY.FIELD".
template <typename T>
void ReadNested(FieldReader& in, const char* key, T& out) {
  const json* object = in.Object(key);
  if (object == nullptr) return;
  FieldReader nested(*object, in.PathOf(key));
  Read(nested, out);
  in.Adopt(nested.problem());
}

json ToJson(const EventRegion& r) {
  return {{"name", r.name},
          {"kind", r.kind},
          {"backing", r.backing},
          {"path", r.path},
          {"size_bytes", r.size_bytes},
          {"numa_node", r.numa_node},
          {"attributes", r.attributes},
          {"notes", r.notes}};
}

template <>
struct EventKind<RunStart> {
  static constexpr std::string_view kName = "run_start";
  static void Write(const RunStart& e, json& out) {
    out["facts"] = e.facts;
    out["labels"] = e.labels;
    PutIfSet(out, "manifest", e.manifest);
  }
  static void Read(FieldReader& in, RunStart& e) {
    in.GetObject("facts", e.facts);
    in.Get("labels", e.labels);
    in.Get("manifest", e.manifest);
  }
};

template <>
struct EventKind<RegionFound> {
  static constexpr std::string_view kName = "region_found";
  static void Write(const RegionFound& e, json& out) { out["region"] = ToJson(e.region); }
  static void Read(FieldReader& in, RegionFound& e) { ReadNested(in, "region", e.region); }
};

template <>
struct EventKind<RegionSkipped> {
  static constexpr std::string_view kName = "region_skipped";
  static void Write(const RegionSkipped& e, json& out) {
    out["region"] = e.region;
    out["reason"] = e.reason;
  }
  static void Read(FieldReader& in, RegionSkipped& e) {
    in.Get("region", e.region);
    in.Get("reason", e.reason);
  }
};

template <>
struct EventKind<CellSkipped> {
  static constexpr std::string_view kName = "cell_skipped";
  static void Write(const CellSkipped& e, json& out) {
    PutIfSet(out, "region", e.region);
    PutIfSet(out, "attribute", e.attribute);
    PutIfSet(out, "kernel", e.kernel);
    PutIfSet(out, "probe", e.probe);
    out["reason"] = e.reason;
  }
  static void Read(FieldReader& in, CellSkipped& e) {
    in.Get("region", e.region);
    in.Get("attribute", e.attribute);
    in.Get("kernel", e.kernel);
    in.Get("probe", e.probe);
    in.Get("reason", e.reason);
  }
};

// region, attribute and one more name: the fields every cell event starts with.
template <typename T>
void WriteCell(const T& e, json& out, const char* name_key, const std::string& name) {
  out["region"] = e.region;
  out["attribute"] = e.attribute;
  out[name_key] = name;
}

template <typename T>
void ReadCell(FieldReader& in, T& e, const char* name_key, std::string& name) {
  in.Get("region", e.region);
  in.Get("attribute", e.attribute);
  in.Get(name_key, name);
}

template <>
struct EventKind<ProbeBegin> {
  static constexpr std::string_view kName = "probe_begin";
  static void Write(const ProbeBegin& e, json& out) { WriteCell(e, out, "probe", e.probe); }
  static void Read(FieldReader& in, ProbeBegin& e) { ReadCell(in, e, "probe", e.probe); }
};

template <>
struct EventKind<ProbeOutcome> {
  static constexpr std::string_view kName = "probe_outcome";
  static void Write(const ProbeOutcome& e, json& out) {
    WriteCell(e, out, "probe", e.probe);
    out["outcome"] = ToJson(e.outcome);
    if (e.source.empty()) return;
    out["source"] = e.source;
    out["host_outcome"] = e.host_outcome;
    out["evidence"] = e.evidence;
  }
  static void Read(FieldReader& in, ProbeOutcome& e) {
    ReadCell(in, e, "probe", e.probe);
    ReadNested(in, "outcome", e.outcome);
    in.Get("source", e.source);
    in.Get("host_outcome", e.host_outcome);
    in.Get("evidence", e.evidence);
  }
};

template <>
struct EventKind<MeasurementBegin> {
  static constexpr std::string_view kName = "measurement_begin";
  static void Write(const MeasurementBegin& e, json& out) {
    WriteCell(e, out, "kernel", e.kernel);
    out["threads"] = e.threads;
  }
  static void Read(FieldReader& in, MeasurementBegin& e) {
    ReadCell(in, e, "kernel", e.kernel);
    in.Get("threads", e.threads);
  }
};

template <>
struct EventKind<Measurement> {
  static constexpr std::string_view kName = "measurement";
  static void Write(const Measurement& e, json& out) {
    PutIfSet(out, "region", e.region);
    PutIfSet(out, "attribute", e.attribute);
    PutIfSet(out, "kernel", e.kernel);
    out["threads"] = e.threads;
    out["run"] = e.run;
  }
  static void Read(FieldReader& in, Measurement& e) {
    ReadCell(in, e, "kernel", e.kernel);
    in.Get("threads", e.threads);
    in.GetObject("run", e.run);
  }
};

template <>
struct EventKind<MeasurementEnd> {
  static constexpr std::string_view kName = "measurement_end";
  static void Write(const MeasurementEnd& e, json& out) {
    WriteCell(e, out, "kernel", e.kernel);
    out["threads"] = e.threads;
    out["ns_per_iteration"] = e.ns_per_iteration;
  }
  static void Read(FieldReader& in, MeasurementEnd& e) {
    ReadCell(in, e, "kernel", e.kernel);
    in.Get("threads", e.threads);
    in.Get("ns_per_iteration", e.ns_per_iteration);
  }
};

template <>
struct EventKind<VerdictEvent> {
  static constexpr std::string_view kName = "verdict";
  static void Write(const VerdictEvent& e, json& out) {
    out["region"] = e.region;
    out["attribute"] = e.attribute;
    out["inferred"] = e.inferred;
    out["expected"] = e.expected;
    out["verdict"] = e.verdict;
    out["reason"] = e.reason;
    out["evidence"] = e.evidence;
    out["unobservable"] = e.unobservable;
    out["expected_reasoning"] = e.expected_reasoning;
  }
  static void Read(FieldReader& in, VerdictEvent& e) {
    in.Get("region", e.region);
    in.Get("attribute", e.attribute);
    in.Get("inferred", e.inferred);
    in.Get("expected", e.expected);
    in.Get("verdict", e.verdict);
    in.Get("reason", e.reason);
    in.Get("evidence", e.evidence);
    in.Get("unobservable", e.unobservable);
    in.Get("expected_reasoning", e.expected_reasoning);
  }
};

template <>
struct EventKind<LogEvent> {
  static constexpr std::string_view kName = "log";
  static void Write(const LogEvent& e, json& out) {
    out["level"] = e.level;
    out["message"] = e.message;
  }
  static void Read(FieldReader& in, LogEvent& e) {
    in.Get("level", e.level);
    in.Get("message", e.message);
  }
};

template <>
struct EventKind<RunEnd> {
  static constexpr std::string_view kName = "run_end";
  static void Write(const RunEnd& e, json& out) {
    out["status"] = e.status;
    out["reason"] = e.reason;
    out["counts"] = e.counts;
  }
  static void Read(FieldReader& in, RunEnd& e) {
    in.Get("status", e.status);
    in.Get("reason", e.reason);
    in.GetObject("counts", e.counts);
  }
};

// Tries each alternative of ResultEvent in turn for the one named `kind`.
template <std::size_t I = 0>
Result<ResultEvent> ReadKind(std::string_view kind, const json& object) {
  if constexpr (I + 1 == std::variant_size_v<ResultEvent>) {
    json fields = object;
    for (const char* envelope : {"event", "schema", "seq", "time"}) fields.erase(envelope);
    return ResultEvent{UnknownEvent{std::string(kind), std::move(fields)}};
  } else {
    using T = std::variant_alternative_t<I, ResultEvent>;
    if (kind != EventKind<T>::kName) return ReadKind<I + 1>(kind, object);
    T event;
    FieldReader in(object);
    EventKind<T>::Read(in, event);
    if (!in.problem().empty()) return Error{in.problem()};
    return ResultEvent{std::move(event)};
  }
}

}  // namespace

json ToJson(const EventOutcome& o) {
  return {{"kind", std::string(ToString(o.kind))},
          {"reason", o.reason},
          {"signal", o.signal},
          {"si_code", o.si_code},
          {"address", o.address},
          {"expected", o.expected},
          {"got", o.got}};
}

std::string KindOf(const ResultEvent& event) {
  return std::visit(
      [](const auto& e) -> std::string {
        using T = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<T, UnknownEvent>)
          return e.kind;
        else
          return std::string(EventKind<T>::kName);
      },
      event);
}

json ToJson(const ResultEvent& event) {
  return std::visit(
      [](const auto& e) -> json {
        using T = std::decay_t<decltype(e)>;
        json out = json::object();
        if constexpr (std::is_same_v<T, UnknownEvent>) {
          out = e.fields;
          out["event"] = e.kind;
        } else {
          out["event"] = EventKind<T>::kName;
          EventKind<T>::Write(e, out);
        }
        return out;
      },
      event);
}

json ToJson(const GuestEvent& line) {
  json out = ToJson(line.event);
  out["schema"] = line.schema;
  out["seq"] = line.seq;
  out["time"] = line.time;
  return out;
}

Result<ResultEvent> ParseResultEvent(const json& object) {
  if (!object.is_object()) return Error{"not a JSON object"};
  const auto kind = object.find("event");
  if (kind == object.end() || !kind->is_string()) return Error{"event: missing or not a string"};
  return ReadKind(kind->get_ref<const std::string&>(), object);
}

Result<GuestEvent> ParseGuestEvent(const json& object) {
  if (!object.is_object()) return Error{"not a JSON object"};
  GuestEvent out;
  FieldReader in(object);
  in.Get("seq", out.seq);
  in.Get("time", out.time);
  in.Get("schema", out.schema);
  const auto kind = object.find("event");
  if (kind == object.end() || !kind->is_string()) return Error{"event: missing or not a string"};
  if (!in.problem().empty()) return Error{in.problem()};
  if (!in.Has("seq")) return Error{"seq: missing"};
  Result<ResultEvent> event = ParseResultEvent(object);
  if (!event) return event.error();
  out.event = std::move(*event);
  return out;
}

}  // namespace memattr::protocol
