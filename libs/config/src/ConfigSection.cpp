#include "sockstream-config/ConfigSection.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include <Poco/JSON/Array.h>

#include "sockstream-config/NearestKey.h"

namespace sockstream::lib::config {

namespace {
std::string shortNumber(double value) {
    std::ostringstream out;
    out << value;  // 0.1, 2, 1e+06: what an operator would type
    return out.str();
}
}  // namespace

ConfigSection::ConfigSection(const Poco::JSON::Object& object, std::string path, std::string prefix)
    // A shallow copy: nested objects and arrays are shared, not cloned.
    : ConfigSection(Poco::JSON::Object::Ptr(new Poco::JSON::Object(object)), std::move(path), std::move(prefix)) {}

ConfigSection::ConfigSection(Poco::JSON::Object::Ptr object, std::string path, std::string prefix)
    : _object(object ? std::move(object) : Poco::JSON::Object::Ptr(new Poco::JSON::Object)),
      _path(std::move(path)),
      _prefix(std::move(prefix)) {}

void ConfigSection::allowOnly(std::initializer_list<std::string> keys) const {
    allowOnly(std::vector<std::string>(keys));
}

void ConfigSection::allowOnly(const std::vector<std::string>& keys) const {
    for (const auto& [key, value] : *_object) {
        if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
        std::string what = "is not a known setting";
        if (auto near = nearestKey(key, keys)) what += " (did you mean \"" + *near + "\"?)";
        fail(key, what);
    }
}

bool ConfigSection::has(const std::string& key) const { return _object->has(key) && !_object->isNull(key); }

Poco::Dynamic::Var ConfigSection::value(const std::string& key) const { return _object->get(key); }

std::string ConfigSection::string(const std::string& key, const std::string& fallback) const {
    if (!has(key)) return fallback;
    const auto v = value(key);
    if (!v.isString()) fail(key, "must be a string");
    return v.extract<std::string>();
}

bool ConfigSection::boolean(const std::string& key, bool fallback) const {
    if (!has(key)) return fallback;
    const auto v = value(key);
    if (!v.isBoolean()) fail(key, "must be true or false");
    return v.extract<bool>();
}

std::int64_t ConfigSection::integer(const std::string& key, std::int64_t fallback, std::int64_t min,
                                    std::int64_t max) const {
    if (!has(key)) return fallback;
    const auto v = value(key);
    // Poco counts a JSON true/false as an integer; a config must not.
    if (!v.isInteger() || v.isBoolean()) fail(key, "must be an integer");
    std::int64_t number = 0;
    try {
        number = v.convert<std::int64_t>();
    } catch (const Poco::Exception&) {  // an unsigned 64-bit value beyond INT64_MAX
        fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    }
    if (number < min || number > max)
        fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return number;
}

double ConfigSection::number(const std::string& key, double fallback, double min, double max) const {
    if (!has(key)) return fallback;
    const auto v = value(key);
    if (v.isBoolean() || v.isString() || !v.isNumeric()) fail(key, "must be a number");
    const double number = v.convert<double>();
    if (!std::isfinite(number) || number < min || number > max)
        fail(key, "must be between " + shortNumber(min) + " and " + shortNumber(max));
    return number;
}

std::vector<std::string> ConfigSection::strings(const std::string& key, std::vector<std::string> fallback,
                                                bool nonEmpty) const {
    if (!has(key)) return fallback;
    if (!_object->isArray(key)) fail(key, "must be an array");
    const auto array = _object->getArray(key);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto item = array->get(static_cast<unsigned>(i));
        const std::string where = key + "[" + std::to_string(i) + "]";
        if (!item.isString()) fail(where, "must be a string");
        if (nonEmpty && item.extract<std::string>().empty()) fail(where, "must not be empty");
        out.push_back(item.extract<std::string>());
    }
    return out;
}

ConfigSection ConfigSection::section(const std::string& key) const {
    if (!has(key)) return ConfigSection(Poco::JSON::Object::Ptr(), qualified(key), _prefix);
    if (!_object->isObject(key)) fail(key, "must be an object");
    return ConfigSection(_object->getObject(key), qualified(key), _prefix);
}

std::vector<ConfigSection> ConfigSection::sections(const std::string& key) const {
    std::vector<ConfigSection> out;
    if (!has(key)) return out;
    if (!_object->isArray(key)) fail(key, "must be an array");
    const auto array = _object->getArray(key);
    for (std::size_t i = 0; i < array->size(); ++i) {
        const std::string where = key + "[" + std::to_string(i) + "]";
        if (!array->isObject(static_cast<unsigned>(i))) fail(where, "must be an object");
        out.emplace_back(array->getObject(static_cast<unsigned>(i)), qualified(where), _prefix);
    }
    return out;
}

std::string ConfigSection::qualified(const std::string& key) const {
    return _path.empty() ? key : _path + "." + key;
}

void ConfigSection::fail(const std::string& key, const std::string& what) const {
    throw ConfigError(_prefix + qualified(key) + " " + what);
}

void ConfigSection::failHere(const std::string& what) const {
    throw ConfigError(_prefix + (_path.empty() ? "the config" : _path) + " " + what);
}

}  // namespace sockstream::lib::config
