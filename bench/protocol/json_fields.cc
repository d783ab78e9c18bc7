#include "memattr/protocol/json_fields.h"

#include <limits>

namespace memattr::protocol {
namespace {

using json = nlohmann::json;

bool IsString(const json& v) { return v.is_string(); }
bool IsNumber(const json& v) { return v.is_number(); }
bool IsBoolean(const json& v) { return v.is_boolean(); }
bool IsObject(const json& v) { return v.is_object(); }
bool IsNonNegative(const json& v) {
  return v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
}
bool IsInt(const json& v) {
  if (!v.is_number_integer()) return false;
  if (v.is_number_unsigned()) return v.get<std::uint64_t>() <= std::numeric_limits<int>::max();
  const auto i = v.get<std::int64_t>();
  return i >= std::numeric_limits<int>::min() && i <= std::numeric_limits<int>::max();
}
bool IsSignedInteger(const json& v) {
  return v.is_number_integer() &&
         (!v.is_number_unsigned() ||
          v.get<std::uint64_t>() <= std::numeric_limits<std::int64_t>::max());
}
bool IsStringList(const json& v) {
  if (!v.is_array()) return false;
  for (const json& item : v)
    if (!item.is_string()) return false;
  return true;
}
bool IsStringMap(const json& v) {
  if (!v.is_object()) return false;
  for (const auto& [key, value] : v.items())
    if (!value.is_string()) return false;
  return true;
}

}  // namespace

FieldReader::FieldReader(const json& object, std::string path)
    : object_(object), path_(std::move(path)) {
  if (!object_.is_object())
    problem_ = (path_.empty() ? "record" : path_) + ": expected object, got " + object_.type_name();
}

bool FieldReader::Has(const char* key) const {
  return object_.is_object() && object_.contains(key);
}

std::string FieldReader::PathOf(const char* key) const {
  return path_.empty() ? key : path_ + "." + key;
}

void FieldReader::Fail(const char* key, const std::string& what) {
  if (problem_.empty()) problem_ = PathOf(key) + ": " + what;
}

void FieldReader::Adopt(const std::string& problem) {
  if (problem_.empty()) problem_ = problem;
}

const json* FieldReader::Find(const char* key, bool (*fits)(const json&), const char* kind) {
  if (!problem_.empty() || !Has(key)) return nullptr;
  const json& value = object_[key];
  if (fits(value)) return &value;
  Fail(key, std::string("expected ") + kind + ", got " + value.type_name());
  return nullptr;
}

void FieldReader::Get(const char* key, std::string& out) {
  if (const json* v = Find(key, IsString, "string")) out = v->get<std::string>();
}

void FieldReader::Get(const char* key, int& out) {
  if (const json* v = Find(key, IsInt, "integer")) out = v->get<int>();
}

void FieldReader::Get(const char* key, std::int64_t& out) {
  if (const json* v = Find(key, IsSignedInteger, "integer")) out = v->get<std::int64_t>();
}

void FieldReader::Get(const char* key, std::uint64_t& out) {
  if (const json* v = Find(key, IsNonNegative, "non-negative integer"))
    out = v->get<std::uint64_t>();
}

void FieldReader::Get(const char* key, double& out) {
  if (const json* v = Find(key, IsNumber, "number")) out = v->get<double>();
}

void FieldReader::Get(const char* key, bool& out) {
  if (const json* v = Find(key, IsBoolean, "boolean")) out = v->get<bool>();
}

void FieldReader::Get(const char* key, std::vector<std::string>& out) {
  if (const json* v = Find(key, IsStringList, "array of strings"))
    out = v->get<std::vector<std::string>>();
}

void FieldReader::Get(const char* key, std::map<std::string, std::string>& out) {
  if (const json* v = Find(key, IsStringMap, "object of strings"))
    out = v->get<std::map<std::string, std::string>>();
}

void FieldReader::GetObject(const char* key, json& out) {
  if (const json* v = Find(key, IsObject, "object")) out = *v;
}

const json* FieldReader::Object(const char* key) { return Find(key, IsObject, "object"); }

}  // namespace memattr::protocol
