#include "RestreamPlugin.h"

#include <Poco/JSON/Array.h>

namespace sockstream::restream {

void RestreamPlugin::init(PluginContext& context) {
    _context = &context;
    _config = RestreamConfig::parse(context.config());
    // The server's own secret, so a copied database file alone reveals no key.
    _sealer = std::make_unique<KeySealer>(context.settings().authSecret);
    _store = std::make_unique<DestinationStore>(context.database(), *_sealer);
    _store->migrate();
    _hub = std::make_shared<RestreamHub>(*_store, *_config, context.scheduler(), context.logger());
    context.media().addObserver(_hub);
    _routes = std::make_unique<RestreamRoutes>(context, *_store, *_hub, *_config);
    _routes->install(context.http());
    _roomDeleted = context.events().subscribe<RoomDeleted>([this](const RoomDeleted& e) {
        _context->scheduler().postBlocking([this, roomId = e.roomId] {
            try {
                _store->removeRoom(roomId);
            } catch (const std::exception& error) {
                _context->logger().error("restream: removing the destinations of deleted room %s failed: %s", roomId,
                                         std::string(error.what()));
            }
        });
    });
    context.metrics().gaugeCallback("restream_destinations_live", "Restream destinations connected and sending",
                                    [hub = std::weak_ptr<RestreamHub>(_hub)] {
                                        auto h = hub.lock();
                                        return h ? static_cast<double>(h->liveCount()) : 0.0;
                                    });

    Poco::JSON::Object feature;
    feature.set("enabled", true);
    feature.set("maxDestinations", static_cast<int>(_config->maxDestinationsPerRoom));
    Poco::JSON::Array protocols;
    protocols.add("rtmp");
    protocols.add("rtmps");
    feature.set("protocols", protocols);
    context.declareFeature(feature);
}

void RestreamPlugin::start() {}

void RestreamPlugin::stop() {
    if (_hub) _hub->stopAll();
}

}  // namespace sockstream::restream

SOCKSTREAM_PLUGIN(sockstream::restream::RestreamPlugin)
