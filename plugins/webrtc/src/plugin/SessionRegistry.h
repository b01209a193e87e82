#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace sockstream::webrtc {

class WhepSession;

/// Every WHEP session of the server, with the caps and the clocks that end
/// them: a session that does not finish ICE and DTLS within the connect
/// timeout, or a viewer that stops sending STUN consent checks and RTCP for
/// the idle timeout, is expired by sweep(). Thread-safe: the HTTP workers add
/// and remove, the UDP loop marks activity and sweeps.
class SessionRegistry {
public:
    using Clock = std::chrono::steady_clock;

    struct Limits {
        std::size_t maxSessions = 500;
        std::size_t maxSessionsPerAddress = 10;
        std::chrono::milliseconds connectTimeout{10000};
        std::chrono::milliseconds idleTimeout{30000};
    };

    /// A WHEP viewer, or a WHIP publisher (which shares the caps and the clocks).
    enum class Role { Viewer, Publisher };

    struct Entry {
        std::string id;
        Role role = Role::Viewer;
        std::string roomId;
        std::string clientAddress;  ///< the HTTP client's IP, for the per-address cap
        std::shared_ptr<WhepSession> session;
        Clock::time_point createdAt{};
        std::optional<Clock::time_point> connectedAt;
        Clock::time_point lastHeard{};
    };

    enum class Refusal { TooManyFromAddress, Full };

    struct Expired {
        Entry entry;
        std::string why;  ///< words for the log
    };

    explicit SessionRegistry(Limits limits) : _limits(limits) {}

    /// Adds the session unless a cap forbids it (then nothing is added).
    std::optional<Refusal> add(Entry entry);
    std::shared_ptr<WhepSession> find(const std::string& id) const;
    /// The session if it exists and belongs to `roomId`.
    std::optional<Entry> findInRoom(const std::string& id, const std::string& roomId) const;
    std::optional<Entry> remove(const std::string& id);
    /// The room's sessions of `role` (its viewers, by default).
    std::vector<Entry> removeRoom(const std::string& roomId, Role role = Role::Viewer);
    std::vector<Entry> removeAll();

    /// ICE and DTLS are done: the connect timeout no longer applies.
    void markConnected(const std::string& id, Clock::time_point now);
    /// A consent check or RTCP arrived: the viewer is still there.
    void markHeard(const std::string& id, Clock::time_point now);
    /// Removes and returns the sessions whose time ran out.
    std::vector<Expired> sweep(Clock::time_point now);

    /// Every session, for the UDP loop's DTLS timers.
    std::vector<std::shared_ptr<WhepSession>> sessions() const;
    std::size_t size() const;
    std::size_t countFromAddress(const std::string& clientAddress) const;

private:
    Limits _limits;
    mutable std::mutex _mutex;
    std::unordered_map<std::string, Entry> _entries;
    std::unordered_map<std::string, std::size_t> _perAddress;

    void forget(const Entry& entry);  ///< _mutex held
};

}  // namespace sockstream::webrtc
