#pragma once

#include <string>
#include <vector>

namespace sockstream {

/// Deployment-wide settings resolved from config and environment
/// (SOCKSTREAM_* variables win over the file). Nothing here belongs to one
/// protocol: a plugin's own settings (its port, say) live in its config, and
/// PluginContext::configOverride() reads their environment overrides.
struct Settings {
    std::string publicUrl;       ///< e.g. "http://localhost:8080"; used for cookies, redirects, CORS
    /// The host of publicUrl as it goes into a URL ("stream.example", "[::1]"):
    /// ingest plugins build the URLs they declare (sockstream/rooms/Endpoints.h) from it.
    std::string publicHost;
    std::string dataDir;         ///< writable directory for the database and generated secrets
    std::string authSecret;      ///< SOCKSTREAM_AUTH_SECRET or generated once
    std::string streamKeySecret; ///< SOCKSTREAM_STREAM_KEY_SECRET or generated once
    std::string httpHost;        ///< address the HTTP listener binds to
    int httpPort = 8080;
    std::vector<std::string> allowedOrigins;  ///< origins allowed to make cookie-bearing writes

    /// True when the public URL is https: cookies get Secure and the __Secure- prefix.
    bool secureCookies() const { return publicUrl.rfind("https://", 0) == 0; }
};

}  // namespace sockstream
