#include "memattr/protocol/host_lines.h"

#include <string_view>
#include <type_traits>

#include "memattr/protocol/json_fields.h"

namespace memattr::protocol {
namespace {

using json = nlohmann::json;

// Each kind's wire name, writer and reader, side by side.
template <typename T>
struct LineKind;

template <>
struct LineKind<GuestStart> {
  static constexpr std::string_view kName = "guest_start";
  static void Write(const GuestStart& l, json& out) {
    out["boot"] = l.boot;
    out["skip_cells"] = l.skip_cells;
    out["earlier_evidence"] = l.earlier_evidence;
  }
  static void Read(FieldReader& in, GuestStart& l) {
    in.Get("boot", l.boot);
    in.Get("skip_cells", l.skip_cells);
    in.Get("earlier_evidence", l.earlier_evidence);
  }
};

template <>
struct LineKind<HostFactsEvent> {
  static constexpr std::string_view kName = "host_facts";
  static void Write(const HostFactsEvent& l, json& out) {
    out["boot"] = l.boot;
    out["backing_vmflags"] = l.backing_vmflags;
  }
  static void Read(FieldReader& in, HostFactsEvent& l) {
    in.Get("boot", l.boot);
    in.GetObject("backing_vmflags", l.backing_vmflags);
  }
};

template <>
struct LineKind<GuestCrash> {
  static constexpr std::string_view kName = "guest_crash";
  static void Write(const GuestCrash& l, json& out) {
    out["boot"] = l.boot;
    out["end"] = l.end;
    out["step"] = l.step;
    out["reason"] = l.reason;
    out["host_kernel_log"] = l.host_kernel_log;
  }
  static void Read(FieldReader& in, GuestCrash& l) {
    in.Get("boot", l.boot);
    in.Get("end", l.end);
    in.Get("step", l.step);
    in.Get("reason", l.reason);
    in.Get("host_kernel_log", l.host_kernel_log);
  }
};

template <>
struct LineKind<GuestRestart> {
  static constexpr std::string_view kName = "guest_restart";
  static void Write(const GuestRestart& l, json& out) {
    out["boot"] = l.boot;
    out["skip_cells"] = l.skip_cells;
  }
  static void Read(FieldReader& in, GuestRestart& l) {
    in.Get("boot", l.boot);
    in.Get("skip_cells", l.skip_cells);
  }
};

template <>
struct LineKind<NestedRunEnd> {
  static constexpr std::string_view kName = "nested_run_end";
  static void Write(const NestedRunEnd& l, json& out) { out["exit_code"] = l.exit_code; }
  static void Read(FieldReader& in, NestedRunEnd& l) { in.Get("exit_code", l.exit_code); }
};

template <std::size_t I = 0>
Result<HostLine> ReadKind(std::string_view kind, const json& object) {
  if constexpr (I == std::variant_size_v<HostLine>) {
    return Error{"event: unknown host line kind '" + std::string(kind) + "'"};
  } else {
    using T = std::variant_alternative_t<I, HostLine>;
    if (kind != LineKind<T>::kName) return ReadKind<I + 1>(kind, object);
    T line;
    FieldReader in(object);
    LineKind<T>::Read(in, line);
    if (!in.problem().empty()) return Error{in.problem()};
    return HostLine{std::move(line)};
  }
}

template <std::size_t I = 0>
bool IsKind(std::string_view kind) {
  if constexpr (I == std::variant_size_v<HostLine>)
    return false;
  else
    return kind == LineKind<std::variant_alternative_t<I, HostLine>>::kName || IsKind<I + 1>(kind);
}

}  // namespace

std::string KindOf(const HostLine& line) {
  return std::visit(
      [](const auto& l) { return std::string(LineKind<std::decay_t<decltype(l)>>::kName); }, line);
}

bool IsHostLineKind(const std::string& kind) { return IsKind(kind); }

json ToJson(const HostLine& line) {
  return std::visit(
      [](const auto& l) {
        using T = std::decay_t<decltype(l)>;
        json out{{"event", LineKind<T>::kName}};
        LineKind<T>::Write(l, out);
        return out;
      },
      line);
}

Result<HostLine> ParseHostLine(const json& object) {
  if (!object.is_object()) return Error{"not a JSON object"};
  const auto kind = object.find("event");
  if (kind == object.end() || !kind->is_string()) return Error{"event: missing or not a string"};
  return ReadKind(kind->get_ref<const std::string&>(), object);
}

}  // namespace memattr::protocol
