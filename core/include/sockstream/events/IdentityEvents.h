#pragma once

#include <string>
#include <string_view>

#include "sockstream/events/EventBus.h"

namespace sockstream {

/// A sign-in session ended: its user signed out, it expired, or it was
/// revoked. Whatever outlives the request that signed it in (a chat
/// connection) stops acting for the user at once, without asking the database
/// before each action. Published by the core's Identity on the thread that
/// ended it (a worker); relayed to every server of a cluster (`originServer`).
/// Expiry is also each holder's to watch (UserSession::expiresAt): the core
/// notices an expired session only when it is next presented.
struct SignInSessionEnded : Event {
    static constexpr std::string_view kTopic = "identity.session.ended";
    std::string sessionId;  ///< UserSession::id
    std::string userId;
    std::string reason;     ///< "signed_out" | "expired" | "revoked"
};

}  // namespace sockstream
