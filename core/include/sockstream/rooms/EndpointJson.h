#pragma once

#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Stringifier.h>

#include "sockstream/rooms/Endpoints.h"

namespace sockstream {

/// The wire form of declared endpoints: one writer for the core's REST API and
/// any plugin that sends rooms itself (the chat's room events), so a room
/// reads the same wherever it comes from. Field names are in docs/api.md.

/// `text` with every {name} in it replaced by `value`.
inline std::string fillPlaceholder(std::string text, std::string_view name, std::string_view value) {
    const std::string placeholder = "{" + std::string(name) + "}";
    for (auto at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + value.size()))
        text.replace(at, placeholder.size(), value);
    return text;
}

/// {"protocol", "name", "serverUrl", "keyLabel", "keyIn", "publishUrl"}; `streamKey`,
/// when given, replaces {streamKey} in publishUrl (only where the key is shown anyway).
/// publishUrl is null for a bearer endpoint: its key never goes in a URL.
inline Poco::JSON::Object::Ptr ingestJson(const IngestEndpoint& endpoint, const std::string& streamKey = {}) {
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    json->set("protocol", endpoint.protocol);
    json->set("name", endpoint.name);
    json->set("serverUrl", endpoint.serverUrl);
    json->set("keyLabel", endpoint.keyLabel);
    json->set("keyIn", endpoint.keyIn);
    if (endpoint.keyIn != kKeyInUrl || endpoint.publishUrl.empty())
        json->set("publishUrl", Poco::Dynamic::Var());
    else
        json->set("publishUrl", streamKey.empty() ? endpoint.publishUrl
                                                  : fillPlaceholder(endpoint.publishUrl, "streamKey", streamKey));
    return json;
}

inline Poco::JSON::Array::Ptr ingestJson(const std::vector<IngestEndpoint>& endpoints, const std::string& streamKey = {}) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& endpoint : endpoints) array->add(ingestJson(endpoint, streamKey));
    return array;
}

/// {"protocol", "url", "mimeType", "latency", "thumbnailUrl" (null when none),
/// "available", "unavailableReason" (null when available)} of a resolved
/// endpoint (Rooms::playback()); for a declaration (GET /api/features) the
/// same with its {roomId} templates (and always available).
inline Poco::JSON::Object::Ptr playbackJson(const PlaybackEndpoint& endpoint) {
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    json->set("protocol", endpoint.protocol);
    json->set("url", endpoint.urlTemplate);
    json->set("mimeType", endpoint.mimeType);
    json->set("latency", endpoint.latency);
    json->set("thumbnailUrl", endpoint.thumbnailUrlTemplate.empty() ? Poco::Dynamic::Var()
                                                                    : Poco::Dynamic::Var(endpoint.thumbnailUrlTemplate));
    json->set("available", endpoint.available);
    json->set("unavailableReason", endpoint.available ? Poco::Dynamic::Var()
                                                      : Poco::Dynamic::Var(endpoint.unavailableReason));
    return json;
}

inline Poco::JSON::Array::Ptr playbackJson(const std::vector<PlaybackEndpoint>& endpoints) {
    Poco::JSON::Array::Ptr array = new Poco::JSON::Array;
    for (const auto& endpoint : endpoints) array->add(playbackJson(endpoint));
    return array;
}

/// playbackJson() as compact JSON text, for plugins that write JSON with
/// another library (the chat: nlohmann::json::parse(playbackJsonText(...))).
inline std::string playbackJsonText(const std::vector<PlaybackEndpoint>& endpoints) {
    std::ostringstream out;
    Poco::JSON::Stringifier::condense(playbackJson(endpoints), out);
    return out.str();
}

/// The room's picture: the first playback endpoint that has one, else empty.
inline std::string thumbnailUrlOf(const std::vector<PlaybackEndpoint>& endpoints) {
    for (const auto& endpoint : endpoints)
        if (!endpoint.thumbnailUrlTemplate.empty()) return endpoint.thumbnailUrlTemplate;
    return {};
}

}  // namespace sockstream
