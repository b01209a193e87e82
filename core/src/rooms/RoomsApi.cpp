#include "rooms/RoomsApi.h"

#include <Poco/JSON/Array.h>
#include <Poco/Timestamp.h>

#include "rooms/RoomJson.h"
#include "sockstream/http/JsonBody.h"
#include "sockstream/rooms/EndpointJson.h"
#include "util/Text.h"

namespace sockstream::core {

namespace {

HttpResponse withCookie(HttpResponse response, const AuthenticatedUser& user) {
    if (!user.refreshedCookie.empty()) response.addHeader("Set-Cookie", user.refreshedCookie);
    return response;
}

Poco::JSON::Object::Ptr wrap(const std::string& key, const Poco::Dynamic::Var& value) {
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
    object->set(key, value);
    return object;
}
}  // namespace

Poco::JSON::Object::Ptr RoomsApi::roomJson(const Room& room, bool forOwner) const {
    const auto playback = _rooms.playback(room.id);
    if (!forOwner) return core::roomJson(room, playback);
    const auto ingest = _rooms.ingest();
    return core::roomJson(room, playback, &ingest);
}

Poco::JSON::Object::Ptr RoomsApi::channelJson(const Channel& channel) {
    Poco::JSON::Object::Ptr json = new Poco::JSON::Object;
    json->set("id", channel.id);
    json->set("title", channel.title);
    json->set("description", channel.description);
    json->set("order", channel.order);
    return json;
}

AuthenticatedUser RoomsApi::requireUser(const HttpRequest& request) {
    auto user = _identity.authenticate(request);
    if (!user) throw HttpError(401, "not_signed_in", "Sign in first.");
    return *user;
}

void RoomsApi::registerRoutes(Router& router) {
    const std::string owner = "core";

    router.add(owner, "GET", "/api/channels", [this](const HttpRequest&) {
        Poco::JSON::Array::Ptr channels = new Poco::JSON::Array;
        for (const auto& channel : _rooms.channels()) {
            auto json = channelJson(channel);
            auto rooms = _rooms.listRooms(channel.id);
            int live = 0;
            for (const auto& room : rooms) live += room.live ? 1 : 0;
            json->set("liveRooms", live);
            json->set("rooms", static_cast<int>(rooms.size()));
            channels->add(json);
        }
        return HttpResponse::json(200, wrap("channels", channels));
    }, Dispatch::Worker);

    router.add(owner, "GET", "/api/channels/{channelId}/rooms", [this](const HttpRequest& request) {
        auto channel = _rooms.findChannel(request.param("channelId"));
        if (!channel) throw HttpError(404, "channel_not_found", "There is no such channel.");
        Poco::JSON::Array::Ptr rooms = new Poco::JSON::Array;
        for (const auto& room : _rooms.listRooms(channel->id)) rooms->add(roomJson(room));
        auto body = wrap("channel", channelJson(*channel));
        body->set("rooms", rooms);
        return HttpResponse::json(200, body);
    }, Dispatch::Worker);

    router.add(owner, "GET", "/api/rooms/{roomId}", [this](const HttpRequest& request) {
        auto room = _rooms.findRoom(request.param("roomId"));
        if (!room) throw HttpError(404, "room_not_found", "There is no such room.");
        return HttpResponse::json(200, wrap("room", roomJson(*room)));
    }, Dispatch::Worker);

    router.add(owner, "GET", "/api/me/room", [this](const HttpRequest& request) {
        auto user = requireUser(request);
        auto room = _rooms.roomOf(user.user.id);
        if (!room) throw HttpError(404, "no_room", "You have no room yet.");
        return withCookie(HttpResponse::json(200, wrap("room", roomJson(*room, true))), user);
    }, Dispatch::Worker);

    router.add(owner, "POST", "/api/rooms", [this](const HttpRequest& request) {
        auto user = requireUser(request);
        JsonBody body(request);
        std::string channelId = body.requireString("channelId");
        std::string title = body.requireString("title");
        std::string description = body.optionalString("description").value_or("");
        Room room = _rooms.createRoom(user.user, channelId, title, description);
        return withCookie(HttpResponse::json(201, wrap("room", roomJson(room, true))), user);
    }, Dispatch::Worker);

    router.add(owner, "PATCH", "/api/rooms/{roomId}", [this](const HttpRequest& request) {
        auto user = requireUser(request);
        JsonBody body(request);
        auto channelId = body.optionalString("channelId");
        auto title = body.optionalString("title");
        auto description = body.optionalString("description");
        auto streamKeyMode = body.optionalString("streamKeyMode");
        Room room = _rooms.updateRoom(user.user, request.param("roomId"), channelId, title, description, streamKeyMode);
        return withCookie(HttpResponse::json(200, wrap("room", roomJson(room, true))), user);
    }, Dispatch::Worker);

    router.add(owner, "DELETE", "/api/rooms/{roomId}", [this](const HttpRequest& request) {
        auto user = requireUser(request);
        _rooms.deleteRoom(user.user, request.param("roomId"));
        return withCookie(HttpResponse(204), user);
    }, Dispatch::Worker);

    router.add(owner, "POST", "/api/rooms/{roomId}/stream-key", [this](const HttpRequest& request) {
        auto user = requireUser(request);
        MintedKey key = _rooms.mintStreamKey(user.user, request.param("roomId"));
        Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
        // How to reach every ingest, with this key in each one-URL form (the key is in this answer anyway).
        body->set("ingest", ingestJson(_rooms.ingest(), key.key));
        body->set("streamKey", key.key);
        body->set("expiresAt", key.expiresAt ? Poco::Dynamic::Var(formatIsoTime(key.expiresAt)) : Poco::Dynamic::Var());
        body->set("mode", key.mode);
        return withCookie(HttpResponse::json(200, body), user);
    }, Dispatch::Worker);

    router.add(owner, "GET", "/api/rooms/{roomId}/stream-key", [this](const HttpRequest& request) {
        auto user = requireUser(request);
        StreamKeyStatus status = _rooms.streamKeyStatus(user.user, request.param("roomId"));
        Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
        // The server URLs are no secret: a reloaded "My room" shows them without minting a new key.
        body->set("ingest", ingestJson(_rooms.ingest()));
        body->set("mode", status.mode);
        body->set("hasKey", status.hasKey);
        body->set("expiresAt", status.expiresAt ? Poco::Dynamic::Var(formatIsoTime(status.expiresAt)) : Poco::Dynamic::Var());
        body->set("state", status.state);
        return withCookie(HttpResponse::json(200, body), user);
    }, Dispatch::Worker);

    router.add(owner, "POST", "/api/rooms/{roomId}/stop", [this](const HttpRequest& request) {
        auto user = requireUser(request);
        _rooms.stopBroadcast(user.user, request.param("roomId"));
        return withCookie(HttpResponse(204), user);
    }, Dispatch::Worker);

    router.add(owner, "GET", "/api/rooms/{roomId}/health", [this](const HttpRequest& request) {
        auto user = requireUser(request);
        StreamHealthReport report = _rooms.health(user.user, request.param("roomId"));
        return withCookie(HttpResponse::json(200, wrap("health", healthJson(report, nowMillis()))), user);
    }, Dispatch::Worker);
}

}  // namespace sockstream::core
