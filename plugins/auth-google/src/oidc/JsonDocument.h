#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

namespace sockstream::authgoogle {

/// A JSON object received from the provider, parsed within explicit limits,
/// with typed accessors that never throw Poco exceptions at the caller.
class JsonDocument {
public:
    /// Throws OidcError(status, code) when `text` is longer than maxBytes,
    /// nested deeper than maxDepth, not JSON, or not an object.
    static JsonDocument parse(const std::string& text, std::size_t maxBytes, int status,
                              const std::string& code, std::size_t maxDepth = 16);

    explicit JsonDocument(Poco::JSON::Object::Ptr object) : _object(std::move(object)) {}

    const Poco::JSON::Object& object() const { return *_object; }
    bool has(const std::string& key) const { return _object->has(key); }
    /// nullopt when absent or not a string.
    std::optional<std::string> string(const std::string& key) const;
    /// nullopt when absent or not a number (fractions are truncated).
    std::optional<long long> integer(const std::string& key) const;
    /// True for the boolean true, and for the string "true" some providers send instead.
    bool isTrue(const std::string& key) const;
    /// nullopt when absent; a non-array yields nullopt too; non-string items are skipped.
    std::optional<std::vector<std::string>> stringArray(const std::string& key, std::size_t maxItems = 64) const;

private:
    Poco::JSON::Object::Ptr _object;
};

}  // namespace sockstream::authgoogle
