#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <Poco/JSON/Object.h>

#include "sockstream/Export.h"
#include "sockstream/http/HttpRequest.h"

namespace sockstream {

/// Reads a request body that must be one JSON object. Throws HttpError 400
/// with a precise message for anything else (not JSON, an array, wrong types).
class SOCKSTREAM_API JsonBody {
public:
    explicit JsonBody(const HttpRequest& request);
    explicit JsonBody(const std::string& text);

    const Poco::JSON::Object& object() const { return *_object; }
    bool has(const std::string& key) const;

    /// Required string field; 400 "missing_field"/"invalid_field" otherwise.
    std::string requireString(const std::string& key) const;
    std::optional<std::string> optionalString(const std::string& key) const;
    std::optional<std::int64_t> optionalInteger(const std::string& key) const;
    std::optional<bool> optionalBool(const std::string& key) const;

private:
    Poco::JSON::Object::Ptr _object;
};

}  // namespace sockstream
