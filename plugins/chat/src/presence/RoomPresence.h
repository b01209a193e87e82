#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "engineio/EngineAudience.h"
#include "engineio/EngineSession.h"
#include "logic/RoomOutbox.h"

namespace sockstream {
class PluginContext;
class TimerHandle;
}

namespace sockstream::chat {

class ChatRelay;
class EngineIoServer;

/// Who is in which room on this server, and what reaches them: a room's
/// members (for fan-out, paced by RoomOutbox), its viewer count (people, see
/// viewerKey: a user's tabs count once, the room's owner not at all; sent as
/// room:viewers at most once a tick when it changed, shared with the other
/// servers of a cluster and written to the core's room list), and whether a
/// room is live here. Runs with the EngineIoServer's mutex held.
class RoomPresence {
public:
    RoomPresence(PluginContext& context, EngineIoServer& server, ChatRelay& relay, FanOutPacing pacing,
                 std::weak_ptr<const void> owner);

    /// Adds the session to the room (flushing first: what was broadcast before
    /// is in the history the joiner gets). `ownerId`: the room's host, not counted.
    void join(EngineSession& session, NamespaceSocket& socket, const std::string& roomId, const std::string& ownerId = {});
    void leave(EngineSession& session, NamespaceSocket& socket, const std::string& roomId);
    /// The room was deleted: flushes it and drops it from its members' sockets.
    void forget(const std::string& roomId);
    void clear();

    /// Sent at once, or held for the room's next flush (FanOutPacing).
    void broadcast(const std::string& roomId, std::string_view event, const nlohmann::json& argument);
    /// Calls `visit` for every member of the room here.
    void forEachMember(const std::string& roomId, const std::function<void(EngineSession&)>& visit) const;

    /// Viewers here plus those on the other servers.
    int totalViewers(const std::string& roomId) const;
    /// Who a session counts as: its signed-in user ("u:" id), else its
    /// browser's anonymous viewer id ("b:" id, a cookie all its tabs send),
    /// else the connection itself ("c:" sid) for clients that keep no cookie.
    static std::string viewerKey(const EngineSession& session);
    /// The session now counts as someone else (it was signed out): recount
    /// the rooms it is in. `oldKey` is what viewerKey said before.
    void viewerChanged(EngineSession& session, const std::string& oldKey);
    /// Rooms whose count changed on another server.
    void remoteViewersChanged(const std::set<std::string>& roomIds);
    /// Sends changed counts, shares ours with the cluster, forgets empty rooms.
    void tick();

    void setLive(const std::string& roomId, bool live);
    bool isLive(const std::string& roomId) const { return _liveRooms.count(roomId) > 0; }

private:
    struct RoomState {
        std::string channelId;
        EngineAudience members;
        std::unordered_map<std::string, int> viewers;  ///< viewerKey -> the member sessions it has here
        std::string ownerId;
        bool dirty = false;
        int reported = -1;
        RoomOutbox outbox;  ///< broadcasts waiting for the room's next flush
        std::shared_ptr<TimerHandle> flushTimer;
    };
    /// Sends what the room holds. Called before its members change too, so a
    /// held message reaches exactly the members it was broadcast to.
    void flush(RoomState& room);
    void scheduleFlush(const std::string& roomId, RoomState& room, RoomOutbox::Clock::duration delay);
    void shareViewerCounts(std::int64_t nowMs, bool changed);
    /// People here: distinct viewer keys but the owner's.
    static int localViewers(const RoomState& room);
    static void count(RoomState& room, const std::string& key, int delta);

    PluginContext& _context;
    EngineIoServer& _server;
    ChatRelay& _relay;
    FanOutPacing _pacing;
    std::weak_ptr<const void> _owner;
    std::unordered_map<std::string, RoomState> _rooms;
    std::unordered_set<std::string> _liveRooms;
    std::set<std::string> _remoteChanged;  ///< rooms whose count changed on another server only
    std::int64_t _lastViewerShare = 0;
};

}  // namespace sockstream::chat
