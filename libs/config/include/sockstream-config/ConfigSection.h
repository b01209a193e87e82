#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

#include "sockstream-config/ConfigError.h"

namespace sockstream::lib::config {

/// Reads one JSON object of a config file strictly: every read checks the
/// type, every number its range, and allowOnly() turns an unknown key into an
/// error that suggests the nearest known one. Every message names the key with
/// its path ("limits.maxChunkSize must be between 128 and 2147483647").
///
/// A key that is absent or JSON null keeps the default the caller passes.
///
///   ConfigSection root(context.config());
///   root.allowOnly({"port", "limits"});
///   int port = root.integer("port", 1935, 0, 65535);
///   ConfigSection limits = root.section("limits");
///   limits.allowOnly({"maxChunkSize"});
///
/// Errors are ConfigError; the text starts with `prefix` (the core passes
/// "site.json: ", a plugin passes nothing and the core adds file and plugin).
class ConfigSection {
public:
    explicit ConfigSection(const Poco::JSON::Object& object, std::string path = {}, std::string prefix = {});
    explicit ConfigSection(Poco::JSON::Object::Ptr object, std::string path = {}, std::string prefix = {});

    /// Throws on the first key not in `keys`.
    void allowOnly(std::initializer_list<std::string> keys) const;
    void allowOnly(const std::vector<std::string>& keys) const;

    /// Present and not null.
    bool has(const std::string& key) const;

    std::string string(const std::string& key, const std::string& fallback) const;
    bool boolean(const std::string& key, bool fallback) const;
    std::int64_t integer(const std::string& key, std::int64_t fallback, std::int64_t min, std::int64_t max) const;
    /// integer() into a field of any integer type, keeping its value as the default.
    template <class Int>
    void readInt(const std::string& key, Int& field, std::int64_t min, std::int64_t max) const {
        field = static_cast<Int>(integer(key, static_cast<std::int64_t>(field), min, max));
    }
    /// Any JSON number (integer or not), finite and within [min, max].
    double number(const std::string& key, double fallback, double min, double max) const;
    /// An array of strings; `nonEmpty` refuses "" items.
    std::vector<std::string> strings(const std::string& key, std::vector<std::string> fallback,
                                     bool nonEmpty = false) const;

    /// The object at `key`; an empty section when absent; an error when not an object.
    ConfigSection section(const std::string& key) const;
    /// The objects of the array at `key` ("channels[2]"); empty when absent.
    std::vector<ConfigSection> sections(const std::string& key) const;

    /// "server.limits" + "maxBodyBytes" -> "server.limits.maxBodyBytes".
    std::string qualified(const std::string& key) const;
    /// Throws ConfigError("<prefix><path.key> <what>").
    [[noreturn]] void fail(const std::string& key, const std::string& what) const;
    /// The same without a key: the whole section is wrong.
    [[noreturn]] void failHere(const std::string& what) const;

    const Poco::JSON::Object::Ptr& object() const { return _object; }

private:
    Poco::Dynamic::Var value(const std::string& key) const;

    Poco::JSON::Object::Ptr _object;
    std::string _path;
    std::string _prefix;
};

}  // namespace sockstream::lib::config
