#include "rooms/EndpointRegistry.h"

#include <algorithm>
#include <stdexcept>

#include <Poco/URI.h>

#include "sockstream/rooms/EndpointJson.h"

namespace sockstream::core {

namespace {

bool isProtocolToken(const std::string& text) {
    if (text.empty() || text.size() > 32) return false;
    return std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.';
    });
}

bool contains(const std::string& text, const char* placeholder) { return text.find(placeholder) != std::string::npos; }

[[noreturn]] void refuse(const std::string& owner, const std::string& what) {
    throw std::invalid_argument(owner + ": " + what);
}

}  // namespace

void EndpointRegistry::declareIngest(const std::string& owner, IngestEndpoint endpoint) {
    if (!isProtocolToken(endpoint.protocol))
        refuse(owner, "an ingest endpoint needs a protocol of lower-case letters, digits, '-', '+' or '.' (got \"" +
                          endpoint.protocol + "\")");
    if (endpoint.serverUrl.empty()) refuse(owner, "the " + endpoint.protocol + " ingest endpoint has no serverUrl");
    if (endpoint.keyLabel.empty()) refuse(owner, "the " + endpoint.protocol + " ingest endpoint has no keyLabel");
    if (contains(endpoint.serverUrl, "{streamKey}"))
        refuse(owner, "the " + endpoint.protocol + " ingest endpoint's serverUrl must not carry {streamKey}: it is "
                          "shown to the host as it is, and the key goes into the field named by keyLabel");
    if (endpoint.keyIn == kKeyInBearer) {
        // A Bearer key travels in a header precisely so that no URL, log line or referrer ever holds it.
        if (!endpoint.publishUrl.empty())
            refuse(owner, "the " + endpoint.protocol + " ingest endpoint takes its key as a Bearer token, so its "
                              "publishUrl must be empty (a key in a URL is what Bearer avoids)");
    } else if (endpoint.keyIn == kKeyInUrl) {
        if (!contains(endpoint.publishUrl, "{streamKey}"))
            refuse(owner, "the " + endpoint.protocol + " ingest endpoint's publishUrl \"" + endpoint.publishUrl +
                              "\" has no {streamKey} placeholder");
    } else {
        refuse(owner, "the " + endpoint.protocol + " ingest endpoint's keyIn must be \"" + kKeyInUrl + "\" or \"" +
                          kKeyInBearer + "\" (got \"" + endpoint.keyIn + "\")");
    }
    if (endpoint.name.empty()) endpoint.name = endpoint.protocol;
    std::lock_guard lock(_mutex);
    _ingest.push_back({owner, std::move(endpoint)});
}

void EndpointRegistry::declarePlayback(const std::string& owner, PlaybackEndpoint endpoint) {
    if (!isProtocolToken(endpoint.protocol))
        refuse(owner, "a playback endpoint needs a protocol of lower-case letters, digits, '-', '+' or '.' (got \"" +
                          endpoint.protocol + "\")");
    const std::string what = "the " + endpoint.protocol + " playback endpoint";
    const bool sitePath = endpoint.urlTemplate.rfind('/', 0) == 0 && endpoint.urlTemplate.rfind("//", 0) != 0;
    if (!contains(endpoint.urlTemplate, "{roomId}") || (!sitePath && !contains(endpoint.urlTemplate, "://")))
        refuse(owner, what + "'s urlTemplate \"" + endpoint.urlTemplate +
                          "\" must be a path starting with / or an absolute URL, containing {roomId}");
    if (endpoint.mimeType.empty()) refuse(owner, what + " has no mimeType");
    if (endpoint.latency != kLatencyRealtime && endpoint.latency != kLatencyLow && endpoint.latency != kLatencyStandard)
        refuse(owner, what + "'s latency must be \"" + kLatencyRealtime + "\", \"" + kLatencyLow + "\" or \"" +
                          kLatencyStandard + "\" (got \"" + endpoint.latency + "\")");
    if (!endpoint.thumbnailUrlTemplate.empty() && !contains(endpoint.thumbnailUrlTemplate, "{roomId}"))
        refuse(owner, what + "'s thumbnailUrlTemplate must contain {roomId}");
    std::lock_guard lock(_mutex);
    _playback.push_back({owner, std::move(endpoint)});
}

void EndpointRegistry::removeOwner(const std::string& owner) {
    std::lock_guard lock(_mutex);
    for (const auto& entry : _playback)
        if (entry.owner == owner)
            std::erase_if(_unavailable, [&](const auto& item) { return item.first.second == entry.endpoint.protocol; });
    std::erase_if(_ingest, [&](const auto& entry) { return entry.owner == owner; });
    std::erase_if(_playback, [&](const auto& entry) { return entry.owner == owner; });
}

void EndpointRegistry::setAvailability(const std::string& roomId, const std::string& protocol, bool available,
                                       const std::string& reason) {
    std::lock_guard lock(_mutex);
    if (available) _unavailable.erase({roomId, protocol});
    else _unavailable[{roomId, protocol}] = reason.empty() ? protocol + " cannot play this room now" : reason;
}

std::vector<IngestEndpoint> EndpointRegistry::ingest() const {
    std::lock_guard lock(_mutex);
    std::vector<IngestEndpoint> result;
    for (const auto& entry : _ingest) result.push_back(entry.endpoint);
    return result;
}

std::vector<PlaybackEndpoint> EndpointRegistry::playbackFor(const std::string& roomId) const {
    // Room ids are URL-safe tokens today; encoding keeps a URL a URL whatever an id may become.
    std::string encoded;
    Poco::URI::encode(roomId, "/?#[]@!$&'()*+,;=:%", encoded);
    std::lock_guard lock(_mutex);
    std::vector<PlaybackEndpoint> result;
    for (const auto& entry : _playback) {
        PlaybackEndpoint endpoint = entry.endpoint;
        endpoint.urlTemplate = fillPlaceholder(endpoint.urlTemplate, "roomId", encoded);
        endpoint.thumbnailUrlTemplate = fillPlaceholder(endpoint.thumbnailUrlTemplate, "roomId", encoded);
        if (const auto reason = _unavailable.find({roomId, endpoint.protocol}); reason != _unavailable.end()) {
            endpoint.available = false;
            endpoint.unavailableReason = reason->second;
        }
        result.push_back(std::move(endpoint));
    }
    return result;
}

Poco::JSON::Object::Ptr EndpointRegistry::declarationsJson() const {
    std::vector<PlaybackEndpoint> playback;
    {
        std::lock_guard lock(_mutex);
        for (const auto& entry : _playback) playback.push_back(entry.endpoint);
    }
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    json->set("ingest", ingestJson(ingest()));
    json->set("playback", playbackJson(playback));
    return json;
}

}  // namespace sockstream::core
