#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace sockstream::authgoogle {

/// Server-side state of one sign-in between the redirect to the provider and
/// the callback. The browser only holds an opaque handle to it.
struct PendingLogin {
    std::string state;
    std::string nonce;
    std::string codeVerifier;
    std::string redirectPath;
    /// Set when a signed-in user started the flow to link this provider account.
    std::optional<std::string> linkUserId;
    std::chrono::steady_clock::time_point createdAt{};
};

}  // namespace sockstream::authgoogle
