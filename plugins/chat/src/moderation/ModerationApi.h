#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "sockstream/http/HttpRequest.h"
#include "sockstream/http/HttpResponder.h"
#include "sockstream/http/HttpResponse.h"
#include "sockstream/rooms/Room.h"

namespace sockstream {
class PluginContext;
}

namespace sockstream::chat {

class Moderation;
enum class ModeratorRole;

/// The room chat's moderation over HTTP (docs/api.md, "Chat moderation"):
///   GET    /api/rooms/{roomId}/moderators            anyone
///   PUT    /api/rooms/{roomId}/moderators/{userId}   the owner, admins
///   DELETE /api/rooms/{roomId}/moderators/{userId}   the owner, admins
///   GET    /api/rooms/{roomId}/chat/settings         anyone
///   PUT    /api/rooms/{roomId}/chat/settings         the owner, moderators, admins
///   GET    /api/rooms/{roomId}/chat/sanctions        the owner, moderators, admins
///   GET    /api/rooms/{roomId}/moderation/log        the owner, admins
/// Handlers start on the I/O thread and do their work on a worker; a change
/// is answered once it is committed.
class ModerationApi {
public:
    ModerationApi(PluginContext& context, Moderation& moderation, std::recursive_mutex& mutex,
                  std::weak_ptr<const void> owner)
        : _context(context), _moderation(moderation), _mutex(mutex), _owner(std::move(owner)) {}

    void registerRoutes();

private:
    using Reply = std::function<void(HttpResponse)>;
    /// The signed-in caller, the room and the caller's role in it.
    struct Caller {
        std::string id;
        std::string name;
        Room room;
        ModeratorRole role;
    };
    using Work = std::function<void(const HttpRequest&, const std::optional<Caller>&, Reply)>;

    /// Registers `method pattern`: on a worker, finds the room (404) and the
    /// caller (401 when `signIn` and nobody is signed in), then runs `work`.
    void route(const std::string& method, const std::string& pattern, bool signIn, Work work);
    static HttpResponse committed(bool stored, HttpResponse ok);

    void listModerators(const HttpRequest& request, const Caller* caller, Reply reply);
    void setModerator(const HttpRequest& request, const Caller& caller, bool moderator, Reply reply);
    void settings(const Room& room, Reply reply);
    void changeSettings(const HttpRequest& request, const Caller& caller, Reply reply);
    void sanctions(const Caller& caller, Reply reply);
    void log(const HttpRequest& request, const Caller& caller, Reply reply);

    PluginContext& _context;
    Moderation& _moderation;
    std::recursive_mutex& _mutex;
    std::weak_ptr<const void> _owner;
};

}  // namespace sockstream::chat
