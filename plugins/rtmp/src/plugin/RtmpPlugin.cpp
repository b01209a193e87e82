#include "RtmpPlugin.h"

#include "RtmpConnection.h"
#include "RtmpEndpoints.h"

namespace sockstream::rtmp {

void RtmpPlugin::init(PluginContext& context) {
    _config = RtmpConfig::parse(context.config(), context.settings(),
                                [&context](const std::string& key) { return context.configOverride(key); });
    const RtmpConfig& config = *_config;
    _metrics = std::make_unique<RtmpMetrics>(context.metrics());
    RtmpMetrics& metrics = *_metrics;

    BroadcastTimelines& timelines = _timelines;
    auto factory = [&context, &config, &metrics, &timelines]() -> std::shared_ptr<StreamHandler> {
        return std::make_shared<RtmpConnection>(context, config, metrics, timelines);
    };
    ListenerSpec spec;
    spec.name = "rtmp";
    spec.host = config.host;
    spec.port = config.port;
    spec.readTimeout = config.readTimeout;
    spec.maxConnections = config.maxConnections;
    spec.maxConnectionsPerAddress = config.maxConnectionsPerAddress;
    spec.pendingTimeoutUnderPressure = config.handshakeTimeoutUnderPressure;
    spec.maxQueuedBytes = config.maxQueuedBytes;
    context.listeners().add(spec, factory);

    if (config.tls) {
        ListenerSpec tlsSpec = spec;
        tlsSpec.name = "rtmps";
        tlsSpec.port = config.tlsPort;
        tlsSpec.tls = config.tls;
        context.listeners().add(tlsSpec, factory);
    }

    Poco::JSON::Object feature;
    feature.set("enabled", true);
    feature.set("application", config.application);
    feature.set("rtmps", config.tls.has_value());
    context.declareFeature(feature);
    // Hosts see these under "Prepare to stream"; the core never builds an RTMP URL.
    // Declared once the listeners are open, so a port 0 (tests, several servers on
    // one machine) shows the port the system chose, not ":0".
    context.whenListening([&context, &config] {
        const BoundPorts ports{context.listeners().boundPort("rtmp"),
                               config.tls ? context.listeners().boundPort("rtmps") : 0};
        for (const auto& endpoint : rtmpIngestEndpoints(config, context.settings(), ports))
            context.declareIngest(endpoint);
        context.logger().information("rtmp: accepting publishers on %s:%d/%s%s", config.host, ports.rtmp,
                                     config.application,
                                     config.tls ? " and RTMPS on port " + std::to_string(ports.rtmps) : std::string());
    });
}

}  // namespace sockstream::rtmp

SOCKSTREAM_PLUGIN(sockstream::rtmp::RtmpPlugin)
