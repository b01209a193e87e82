#include "RtmpEndpoints.h"

#include <string>

namespace sockstream::rtmp {

namespace {

IngestEndpoint endpoint(const std::string& protocol, const std::string& name, const std::string& serverUrl) {
    IngestEndpoint ingest;
    ingest.protocol = protocol;
    ingest.name = name;
    ingest.serverUrl = serverUrl;
    // OBS's Custom service calls it so; ffmpeg and GStreamer take the key as the last path segment.
    ingest.keyLabel = "Stream key";
    ingest.publishUrl = serverUrl + "/{streamKey}";
    return ingest;
}

std::string localUrl(const char* scheme, const Settings& settings, int port, const std::string& application) {
    const std::string host = settings.publicHost.empty() ? "localhost" : settings.publicHost;
    return std::string(scheme) + "://" + host + ":" + std::to_string(port) + "/" + application;
}

}  // namespace

std::vector<IngestEndpoint> rtmpIngestEndpoints(const RtmpConfig& config, const Settings& settings, BoundPorts ports) {
    std::vector<IngestEndpoint> endpoints;
    endpoints.push_back(endpoint("rtmp", "RTMP",
                                 config.publicUrl.empty() ? localUrl("rtmp", settings, ports.rtmp, config.application)
                                                          : config.publicUrl));
    if (config.tls)
        endpoints.push_back(endpoint("rtmps", "RTMPS (TLS)", localUrl("rtmps", settings, ports.rtmps, config.application)));
    return endpoints;
}

std::vector<IngestEndpoint> rtmpIngestEndpoints(const RtmpConfig& config, const Settings& settings) {
    return rtmpIngestEndpoints(config, settings, BoundPorts{config.port, config.tlsPort});
}

}  // namespace sockstream::rtmp
