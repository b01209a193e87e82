#include "moderation/ModerationApi.h"

#include <Poco/Logger.h>
#include <nlohmann/json.hpp>

#include "logic/Moderation.h"
#include "logic/MuteList.h"
#include "logic/WallClock.h"
#include "sockstream/http/HttpRouter.h"
#include "sockstream/http/JsonBody.h"
#include "sockstream/identity/Identity.h"
#include "sockstream/plugin/PluginContext.h"
#include "sockstream/rooms/Rooms.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::chat {

namespace {

HttpResponse jsonResponse(int status, const nlohmann::json& body) {
    HttpResponse response(status);
    response.setBody(body.dump(), "application/json");
    return response;
}

bool staff(ModeratorRole role) {
    return role != ModeratorRole::None;
}

bool ownerOrAdmin(ModeratorRole role) {
    return role == ModeratorRole::Owner || role == ModeratorRole::Admin;
}

}  // namespace

void ModerationApi::registerRoutes() {
    route("GET", "/api/rooms/{roomId}/moderators", false,
          [this](const HttpRequest& request, const std::optional<Caller>& caller, Reply reply) {
              listModerators(request, caller ? &*caller : nullptr, std::move(reply));
          });
    route("PUT", "/api/rooms/{roomId}/moderators/{userId}", true,
          [this](const HttpRequest& request, const std::optional<Caller>& caller, Reply reply) {
              setModerator(request, *caller, true, std::move(reply));
          });
    route("DELETE", "/api/rooms/{roomId}/moderators/{userId}", true,
          [this](const HttpRequest& request, const std::optional<Caller>& caller, Reply reply) {
              setModerator(request, *caller, false, std::move(reply));
          });
    route("GET", "/api/rooms/{roomId}/chat/settings", false,
          [this](const HttpRequest& request, const std::optional<Caller>&, Reply reply) {
              auto room = _context.rooms().findRoom(request.param("roomId"));
              settings(*room, std::move(reply));
          });
    route("PUT", "/api/rooms/{roomId}/chat/settings", true,
          [this](const HttpRequest& request, const std::optional<Caller>& caller, Reply reply) {
              changeSettings(request, *caller, std::move(reply));
          });
    route("GET", "/api/rooms/{roomId}/chat/sanctions", true,
          [this](const HttpRequest&, const std::optional<Caller>& caller, Reply reply) { sanctions(*caller, std::move(reply)); });
    route("GET", "/api/rooms/{roomId}/moderation/log", true,
          [this](const HttpRequest& request, const std::optional<Caller>& caller, Reply reply) {
              log(request, *caller, std::move(reply));
          });
}

void ModerationApi::route(const std::string& method, const std::string& pattern, bool signIn, Work work) {
    _context.http().addAsync(method, pattern, [this, owner = _owner, signIn, work](const HttpRequest& request,
                                                                                  HttpResponder responder) {
        _context.scheduler().postBlocking([this, owner, signIn, work, request, responder] {
            auto alive = owner.lock();
            if (!alive) return responder.send(HttpResponse::error(503, "unavailable", "the chat is stopping"));
            std::string cookie;
            Reply reply = [responder, &cookie](HttpResponse response) {
                if (!cookie.empty()) response.addHeader("Set-Cookie", cookie);
                responder.send(std::move(response));
            };
            try {
                auto room = _context.rooms().findRoom(request.param("roomId"));
                if (!room) throw HttpError(404, "room_not_found", "no such room");
                std::optional<Caller> caller;
                if (auto auth = _context.identity().authenticate(request)) {
                    cookie = auth->refreshedCookie;
                    const bool admin = _context.rooms().isAdminUser(auth->user.id);
                    std::lock_guard lock(_mutex);
                    caller = Caller{auth->user.id, auth->user.name, *room,
                                    _moderation.roleOf(room->id, room->ownerId, auth->user.id, admin)};
                }
                if (signIn && !caller) throw HttpError(401, "unauthorized", "sign in first");
                // The cookie is copied now: the reply may run after this task returns.
                reply = [responder, cookie](HttpResponse response) {
                    if (!cookie.empty()) response.addHeader("Set-Cookie", cookie);
                    responder.send(std::move(response));
                };
                work(request, caller, reply);
            } catch (const HttpError& e) {
                reply(e.toResponse());
            } catch (const std::exception& e) {
                _context.logger().error(std::string("chat: moderation request failed: ") + e.what());
                reply(HttpResponse::error(500, "internal_error", "try again later"));
            }
        });
    });
}

HttpResponse ModerationApi::committed(bool stored, HttpResponse ok) {
    if (stored) return ok;
    return HttpResponse::error(500, "not_saved", "It applies now but could not be saved; try again.");
}

void ModerationApi::listModerators(const HttpRequest& request, const Caller*, Reply reply) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& row : _moderation.store().moderators(request.param("roomId")))
        list.push_back({{"id", row.userId}, {"name", row.userName}, {"addedAt", row.addedAtMs}});
    reply(jsonResponse(200, {{"moderators", std::move(list)}}));
}

void ModerationApi::setModerator(const HttpRequest& request, const Caller& caller, bool moderator, Reply reply) {
    if (!ownerOrAdmin(caller.role)) throw HttpError(403, "forbidden", "only the room's owner appoints its moderators");
    const std::string userId = request.param("userId");
    auto user = _context.identity().findUserById(userId);
    if (!user) throw HttpError(404, "user_not_found", "no such user");
    if (userId == caller.room.ownerId) throw HttpError(400, "invalid_request", "the room's owner moderates it already");
    std::lock_guard lock(_mutex);
    Moderation::Actor actor{caller.id, caller.name, caller.role};
    nlohmann::json body = moderator ? nlohmann::json{{"moderator", {{"id", user->id}, {"name", user->name}}}}
                                    : nlohmann::json{{"ok", true}};
    _moderation.setModerator(caller.room.id, actor, user->id, user->name, moderator,
                             [reply, body](bool stored) { reply(committed(stored, jsonResponse(200, body))); });
}

void ModerationApi::settings(const Room& room, Reply reply) {
    std::lock_guard lock(_mutex);
    const RoomChatSettings s = _moderation.policy().settings(room.id);
    reply(jsonResponse(200, {{"slowModeSeconds", s.slowModeSeconds}, {"establishedMinutes", s.establishedMinutes}}));
}

void ModerationApi::changeSettings(const HttpRequest& request, const Caller& caller, Reply reply) {
    if (!staff(caller.role))
        throw HttpError(403, "forbidden", "only the room's owner and moderators change its chat settings");
    const JsonBody body(request);
    std::lock_guard lock(_mutex);
    RoomChatSettings s = _moderation.policy().settings(caller.room.id);
    if (auto slow = body.optionalInteger("slowModeSeconds")) {
        if (*slow < 0 || *slow > RoomChatSettings::kMaxSlowModeSeconds)
            throw HttpError(400, "invalid_field", "slowModeSeconds must be 0 (off) to 3600");
        s.slowModeSeconds = static_cast<int>(*slow);
    }
    if (auto minutes = body.optionalInteger("establishedMinutes")) {
        if (*minutes < 0 || *minutes > RoomChatSettings::kMaxEstablishedMinutes)
            throw HttpError(400, "invalid_field", "establishedMinutes must be 0 (off) to 43200 (30 days)");
        s.establishedMinutes = static_cast<int>(*minutes);
    }
    Moderation::Actor actor{caller.id, caller.name, caller.role};
    nlohmann::json answer{{"slowModeSeconds", s.slowModeSeconds}, {"establishedMinutes", s.establishedMinutes}};
    _moderation.setSettings(caller.room.id, actor, s,
                            [reply, answer](bool stored) { reply(committed(stored, jsonResponse(200, answer))); });
}

void ModerationApi::sanctions(const Caller& caller, Reply reply) {
    if (!staff(caller.role)) throw HttpError(403, "forbidden", "only the room's owner and moderators see its bans");
    nlohmann::json timeouts = nlohmann::json::array();
    nlohmann::json bans = nlohmann::json::array();
    for (const auto& row : _moderation.store().sanctions(caller.room.id, wallMs())) {
        if (row.kind == "timeout") timeouts.push_back({{"userId", row.userId}, {"userName", row.userName}, {"until", row.untilMs}});
        else bans.push_back({{"userId", row.userId}, {"userName", row.userName}});
    }
    reply(jsonResponse(200, {{"timeouts", std::move(timeouts)}, {"bans", std::move(bans)}}));
}

void ModerationApi::log(const HttpRequest& request, const Caller& caller, Reply reply) {
    if (!ownerOrAdmin(caller.role)) throw HttpError(403, "forbidden", "only the room's owner reads its moderation log");
    int limit = 100;
    if (auto text = request.queryParam("limit")) {
        try {
            limit = std::stoi(*text);
        } catch (const std::exception&) {
            limit = -1;
        }
        if (limit < 1 || limit > ModerationStore::kMaxLogEntries)
            throw HttpError(400, "invalid_query", "limit must be 1 to 500");
    }
    nlohmann::json entries = nlohmann::json::array();
    for (const auto& e : _moderation.store().log(caller.room.id, limit)) {
        nlohmann::json entry{{"id", e.id},          {"at", e.atMs},         {"actor", {{"id", e.actorId}, {"name", e.actorName}}},
                             {"action", e.action},  {"reason", e.reason},   {"detail", e.detail}};
        entry["target"] = e.targetId.empty() ? nlohmann::json(nullptr)
                                             : nlohmann::json{{"id", e.targetId}, {"name", e.targetName}};
        entry["until"] = e.untilMs ? nlohmann::json(e.untilMs) : nlohmann::json(nullptr);
        entries.push_back(std::move(entry));
    }
    reply(jsonResponse(200, {{"entries", std::move(entries)}}));
}

}  // namespace sockstream::chat
