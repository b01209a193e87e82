#include "RestreamRoutes.h"

#include <algorithm>
#include <chrono>

#include <Poco/JSON/Array.h>

#include "DestinationRules.h"

namespace sockstream::restream {

namespace {

constexpr const char* kCollection = "/api/rooms/{roomId}/restream-destinations";
constexpr const char* kItem = "/api/rooms/{roomId}/restream-destinations/{destId}";

struct Preset {
    const char* name;
    const char* url;
};
// The services' documented ingest URLs (YouTube Live: "Stream URL"; Twitch:
// the "Default" entry of https://ingest.twitch.tv/ingests, which picks the nearest server).
constexpr Preset kPresets[] = {
    {"YouTube", "rtmp://a.rtmp.youtube.com/live2"},
    {"YouTube (RTMPS)", "rtmps://a.rtmps.youtube.com:443/live2"},
    {"Twitch", "rtmp://ingest.global-contribute.live-video.net/app"},
    {"Twitch (RTMPS)", "rtmps://ingest.global-contribute.live-video.net/app"},
};

void refuse(const std::optional<std::string>& problem, const char* field) {
    if (problem) throw HttpError(400, std::string("invalid_") + field, *problem);
}

}  // namespace

Room RestreamRoutes::authorize(const HttpRequest& request) {
    auto user = _context.identity().authenticate(request);
    if (!user) throw HttpError(401, "not_signed_in", "Sign in first.");
    auto room = _context.rooms().findRoom(request.param("roomId"));
    if (!room) throw HttpError(404, "room_not_found", "There is no such room.");
    if (!_context.rooms().isOwnerOrAdmin(room->id, user->user.id))
        throw HttpError(403, "not_room_owner", "Only the room's owner can manage where it is restreamed.");
    return *room;
}

Poco::JSON::Object RestreamRoutes::describe(const Destination& d) const {
    Poco::JSON::Object out;
    out.set("id", d.id);
    out.set("name", d.name);
    out.set("url", d.url);
    out.set("host", DestinationRules::hostOf(d.url));
    auto key = _store.openKey(d);
    out.set("keyHint", key ? DestinationRules::maskKey(*key) : std::string("(cannot be decrypted: enter it again)"));
    out.set("enabled", d.enabled);
    out.set("createdAt", d.createdAt);
    out.set("updatedAt", d.updatedAt);
    const auto status = _hub.status(d);
    Poco::JSON::Object s;
    s.set("state", status.state);
    s.set("bitrateKbps", status.bitrateKbps);
    s.set("since", status.since);
    s.set("droppedPackets", status.droppedPackets);
    s.set("reconnects", status.reconnects);
    // Relative, so the page needs no clock agreement with the server.
    if (status.state == "retrying" && status.retryAt > 0) {
        const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch()).count();
        s.set("retryInMilliseconds", std::max<std::int64_t>(0, status.retryAt - now));
    } else {
        s.set("retryInMilliseconds", Poco::Dynamic::Var());
    }
    if (!status.lastError.empty()) {
        s.set("lastError", status.lastError);
        s.set("lastErrorAt", status.lastErrorAt);
    } else {
        s.set("lastError", Poco::Dynamic::Var());
    }
    out.set("status", s);
    return out;
}

void RestreamRoutes::install(HttpRouter& router) {
    router.get(kCollection, [this](const HttpRequest& request) {
        const Room room = authorize(request);
        Poco::JSON::Array list;
        for (const auto& d : _store.list(room.id)) list.add(describe(d));
        Poco::JSON::Array presets;
        for (const auto& p : kPresets) {
            Poco::JSON::Object preset;
            preset.set("name", p.name);
            preset.set("url", p.url);
            presets.add(preset);
        }
        Poco::JSON::Object body;
        body.set("roomId", room.id);
        body.set("destinations", list);
        body.set("presets", presets);
        body.set("maxDestinations", static_cast<int>(_config.maxDestinationsPerRoom));
        return HttpResponse::json(200, body);
    });

    router.post(kCollection, [this](const HttpRequest& request) {
        const Room room = authorize(request);
        const JsonBody body(request);
        const auto name = body.requireString("name");
        const auto url = body.requireString("url");
        const auto key = body.requireString("key");
        refuse(DestinationRules::checkName(name), "name");
        refuse(DestinationRules::checkUrl(url), "url");
        refuse(DestinationRules::checkKey(key), "key");
        if (_store.list(room.id).size() >= _config.maxDestinationsPerRoom)
            throw HttpError(409, "too_many_destinations",
                            "A room can restream to at most " + std::to_string(_config.maxDestinationsPerRoom) +
                                " destinations: delete one first.");
        const auto created = _store.create(room.id, name, url, key, body.optionalBool("enabled").value_or(true));
        _context.logger().information("restream: room %s: destination '%s' (%s) added", room.id, created.name,
                                      DestinationRules::hostOf(created.url));
        _hub.destinationsChanged(room.id);
        Poco::JSON::Object out;
        out.set("destination", describe(created));
        return HttpResponse::json(201, out);
    });

    router.add("PATCH", kItem, [this](const HttpRequest& request) {
        const Room room = authorize(request);
        auto destination = _store.find(room.id, request.param("destId"));
        if (!destination) throw HttpError(404, "destination_not_found", "There is no such destination in this room.");
        const JsonBody body(request);
        if (auto name = body.optionalString("name")) {
            refuse(DestinationRules::checkName(*name), "name");
            destination->name = *name;
        }
        if (auto url = body.optionalString("url")) {
            refuse(DestinationRules::checkUrl(*url), "url");
            destination->url = *url;
        }
        auto key = body.optionalString("key");
        if (key) refuse(DestinationRules::checkKey(*key), "key");
        if (auto enabled = body.optionalBool("enabled")) destination->enabled = *enabled;
        const auto saved = _store.update(*destination, key);
        _hub.destinationsChanged(room.id);
        Poco::JSON::Object out;
        out.set("destination", describe(saved));
        return HttpResponse::json(200, out);
    });

    router.add("DELETE", kItem, [this](const HttpRequest& request) {
        const Room room = authorize(request);
        if (!_store.remove(room.id, request.param("destId")))
            throw HttpError(404, "destination_not_found", "There is no such destination in this room.");
        _hub.destinationsChanged(room.id);
        return HttpResponse(204);
    });
}

}  // namespace sockstream::restream
