#pragma once

#include <string>
#include <vector>

namespace sockstream {

/// Deployment-wide settings resolved from config and environment
/// (SOCKSTREAM_* variables win over the file).
struct Settings {
    std::string publicUrl;       ///< e.g. "http://localhost:8080"; used for cookies, redirects, CORS
    std::string rtmpPublicUrl;   ///< what OBS is told, e.g. "rtmp://localhost:1935/live"
    std::string dataDir;         ///< writable directory for the database and generated secrets
    std::string authSecret;      ///< SOCKSTREAM_AUTH_SECRET or generated once
    std::string streamKeySecret; ///< SOCKSTREAM_STREAM_KEY_SECRET or generated once
    std::string httpHost;        ///< address the HTTP listener binds to
    int httpPort = 8080;
    int rtmpPort = 1935;         ///< SOCKSTREAM_RTMP_PORT; the rtmp plugin's default
    std::vector<std::string> allowedOrigins;  ///< origins allowed to make cookie-bearing writes

    /// True when the public URL is https: cookies get Secure and the __Secure- prefix.
    bool secureCookies() const { return publicUrl.rfind("https://", 0) == 0; }
};

}  // namespace sockstream
