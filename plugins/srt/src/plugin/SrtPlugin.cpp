#include "SrtPlugin.h"

#include "SrtEndpoints.h"

namespace sockstream::srt {

void SrtPlugin::init(PluginContext& context) {
    _context = &context;
    _config = SrtConfig::parse(context.config(), context.settings());
    _metrics = std::make_unique<SrtMetrics>(context.metrics());

    Poco::JSON::Object feature;
    feature.set("enabled", true);
    feature.set("encrypted", !_config->passphrase.empty());
    feature.set("latencyMilliseconds", _config->latencyMs);
    context.declareFeature(feature);
    // Hosts see it under "Prepare to stream"; the core never builds an SRT URL.
    context.declareIngest(srtIngestEndpoint(*_config, context.settings()));
}

void SrtPlugin::start() {
    _listener = std::make_unique<SrtListener>(*_context, *_config, *_metrics);
    _listener->start();
    _context->logger().information("srt: accepting publishers on UDP %s:%d (latency %d ms%s)", _config->host,
                                   _listener->port(), _config->latencyMs,
                                   std::string(_config->passphrase.empty() ? ", unencrypted" : ", AES encrypted"));
}

void SrtPlugin::stop() {
    if (_listener) _listener->stop();
    _listener.reset();
}

}  // namespace sockstream::srt

SOCKSTREAM_PLUGIN(sockstream::srt::SrtPlugin)
