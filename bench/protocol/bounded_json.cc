#include "memattr/bounded_json.h"

#include <algorithm>

namespace memattr {
namespace {

std::string LineOf(std::string_view text, std::size_t byte) {
  const std::size_t end = std::min(byte, text.size());
  return std::to_string(1 + std::count(text.begin(), text.begin() + static_cast<long>(end), '\n'));
}

}  // namespace

Result<nlohmann::json> ParseBoundedJson(std::string_view text, const std::string& source,
                                        int max_depth) {
  bool too_deep = false;
  // Returning false drops the value being built, so a deep document is never held.
  const auto bound = [&](int depth, nlohmann::json::parse_event_t, nlohmann::json&) {
    if (depth > max_depth) too_deep = true;
    return !too_deep;
  };
  try {
    nlohmann::json doc = nlohmann::json::parse(text, bound);
    if (too_deep)
      return Error{source + ": nested deeper than " + std::to_string(max_depth) + " levels"};
    return doc;
  } catch (const nlohmann::json::parse_error& e) {
    return Error{source + ":" + LineOf(text, e.byte) + ": not valid JSON: " + e.what()};
  } catch (const nlohmann::json::exception& e) {  // out_of_range 406: a number past double
    return Error{source + ": not valid JSON: " + e.what()};
  }
}

std::string BriefJson(const nlohmann::json& value, std::size_t max_chars) {
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (text.size() > max_chars) text = text.substr(0, max_chars) + "...";
  return text;
}

}  // namespace memattr
