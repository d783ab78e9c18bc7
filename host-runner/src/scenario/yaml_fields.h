// Typed reads of one YAML file's fields, each failure "FILE:LINE: FIELD: PROBLEM": the field
// rules the scenario and fleet parsers share (strings, bounded integers, safe names, label keys
// and values, lists, paths relative to the file). Parsers derive from it and throw nothing else.
//   struct FleetParser : YamlFields { ... String(node["uri"], "hosts[0].uri") ... };
//   try { ... } catch (const YamlFieldError& e) { return Error{e.message}; }
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "memattr/result.h"

namespace memattr::host {

// Thrown by YamlFields::Fail; the parser's entry point turns it into an Error.
struct YamlFieldError {
  std::string message;
};

class YamlFields {
 public:
  explicit YamlFields(std::filesystem::path file) : file_(std::move(file)) {}

  [[noreturn]] void Fail(const YAML::Node& node, const std::string& field,
                         const std::string& problem) const;
  // Every key of `map` must be in `known`; the error lists them.
  void RejectUnknownKeys(const YAML::Node& map, const std::string& where,
                         const std::vector<std::string>& known) const;
  std::string String(const YAML::Node& node, const std::string& field) const;
  long long Integer(const YAML::Node& node, const std::string& field, long long min,
                    long long max) const;
  // Names that become file names and QEMU ids (results/path_under.h).
  std::string Name(const YAML::Node& node, const std::string& field) const;
  std::vector<std::string> StringList(const YAML::Node& node, const std::string& field) const;
  // Relative to the YAML file's directory.
  std::filesystem::path Path(const YAML::Node& node, const std::string& field) const;
  // A label key (`where`.KEY): it reaches every exported series (memattr/protocol/metric_names.h).
  std::string LabelName(const YAML::Node& node, const std::string& where = "labels") const;
  // Text that becomes a label value: bounded, printable (memattr/label_value.h would mangle
  // control characters, so refuse them here where the user can fix them).
  std::string LabelText(const YAML::Node& node, const std::string& field) const;

  const std::filesystem::path& file() const { return file_; }

 protected:
  std::filesystem::path file_;
};

// What is wrong with `text` as a label value (too long, a control character), or "": the rule of
// LabelText, for label values given on the command line too.
std::string LabelTextProblem(std::string_view text);

// "FILE:LINE: (yaml): PROBLEM" for yaml-cpp's own syntax errors.
std::string YamlSyntaxError(const std::filesystem::path& file, const YAML::Exception& e);

// `document(root)` over `text` parsed as YAML; a field error or a YAML syntax error is the Error.
template <typename T, typename Document>
Result<T> ParseYamlDocument(std::string_view text, const std::filesystem::path& file,
                            Document document) {
  try {
    return document(YAML::Load(std::string(text)));
  } catch (const YamlFieldError& e) {
    return Error{e.message};
  } catch (const YAML::Exception& e) {
    return Error{YamlSyntaxError(file, e)};
  }
}

// The whole text of a YAML file; the error names the path and `what` it was opened as.
Result<std::string> ReadYamlFile(const std::filesystem::path& path, const std::string& what);

}  // namespace memattr::host
