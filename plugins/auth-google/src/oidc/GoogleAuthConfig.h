#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <Poco/JSON/Object.h>

namespace sockstream::authgoogle {

/// The plugin's configuration, resolved from its JSON "config" object and the
/// environment (SOCKSTREAM_GOOGLE_CLIENT_ID / _SECRET win over the file).
struct GoogleAuthConfig {
    std::string issuer = "https://accounts.google.com";
    std::string clientId;
    std::string clientSecret;
    std::string redirectUrl;
    std::vector<std::string> scopes{"openid", "email", "profile"};
    std::vector<std::string> allowedHostedDomains;
    std::string caFile;
    std::string tokenEndpointAuthMethod;  ///< "", "client_secret_basic" or "client_secret_post"
    std::chrono::milliseconds connectTimeout{5000};
    std::chrono::milliseconds readTimeout{10000};
    std::chrono::seconds clockSkew{60};
    std::chrono::seconds maxTokenAge{600};
    std::chrono::seconds stateTtl{600};
    std::chrono::seconds metadataCache{3600};
    std::size_t maxPendingLogins = 10000;

    using Environment = std::function<std::optional<std::string>(const std::string&)>;
    /// Throws lib::config::ConfigError (a std::invalid_argument) naming the offending key;
    /// unknown keys are errors too.
    static GoogleAuthConfig fromJson(const Poco::JSON::Object& config, const std::string& publicUrl,
                                     const Environment& environment);
};

}  // namespace sockstream::authgoogle
