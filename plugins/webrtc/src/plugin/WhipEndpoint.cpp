#include "WhipEndpoint.h"

#include <string>

namespace sockstream::webrtc {

IngestEndpoint whipIngestEndpoint(const Settings& settings) {
    IngestEndpoint ingest;
    ingest.protocol = "whip";
    ingest.name = "WHIP (OBS 30+, browsers)";
    // WHIP is served by the HTTP listener, so its public address is the site's
    // (the resolver strips a trailing '/'); the host field alone would lose scheme and port.
    std::string site = settings.publicUrl;
    if (site.empty()) site = "http://" + (settings.publicHost.empty() ? std::string("localhost") : settings.publicHost);
    while (!site.empty() && site.back() == '/') site.pop_back();
    ingest.serverUrl = site + kWhipPath;
    ingest.keyLabel = "Bearer Token";
    ingest.keyIn = kKeyInBearer;
    return ingest;
}

}  // namespace sockstream::webrtc
