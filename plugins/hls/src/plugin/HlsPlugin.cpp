#include "HlsPlugin.h"

#include <Poco/JSON/Object.h>

#include "sockstream/SockStream.h"

namespace sockstream::hls {

namespace {
// Where HlsRoutes answers: the multivariant playlist and the room's picture.
constexpr const char* kPlaylistTemplate = "/hls/{roomId}/index.m3u8";
constexpr const char* kThumbnailTemplate = "/api/rooms/{roomId}/thumbnail.jpg";
}  // namespace

void HlsPlugin::init(PluginContext& context) {
    _context = &context;
    _config = HlsConfig::fromJson(context.config());
    if (!_config.writeThroughDirectory.empty())
        _writeThrough = std::make_shared<WriteThrough>(_config.writeThroughDirectory, context.scheduler());
    _observer = std::make_shared<HlsObserver>(_registry, _config, context.scheduler(), context.logger(), _writeThrough);
    context.media().addObserver(_observer);
    _routes = std::make_unique<HlsRoutes>(_registry, _config, context.cluster());
    _routes->install(context.http());
    context.metrics().gaugeCallback("hls_streams", "Rooms with an HLS timeline in memory",
                                    [this] { return static_cast<double>(_registry.size()); });

    Poco::JSON::Object feature;
    feature.set("enabled", true);
    feature.set("lowLatency", _config.segmenter.lowLatency);
    feature.set("playlist", kPlaylistTemplate);
    feature.set("thumbnail", kThumbnailTemplate);
    feature.set("targetDurationSeconds", static_cast<double>(_config.segmenter.targetDurationMs) / 1000.0);
    feature.set("maxSegmentSeconds", static_cast<double>(segmentCeilingMs(_config.segmenter)) / 1000.0);
    if (_config.segmenter.lowLatency)
        feature.set("partDurationSeconds", static_cast<double>(_config.segmenter.partTargetMs) / 1000.0);
    context.declareFeature(feature);

    // How viewers play a room: the core lists it in every room's playback[],
    // and web players take it from there, so the paths above are ours alone.
    PlaybackEndpoint playback;
    playback.protocol = "hls";
    playback.urlTemplate = kPlaylistTemplate;
    playback.mimeType = "application/vnd.apple.mpegurl";
    playback.latency = _config.segmenter.lowLatency ? kLatencyLow : kLatencyStandard;
    playback.thumbnailUrlTemplate = kThumbnailTemplate;
    context.declarePlayback(playback);
}

void HlsPlugin::start() {
    auto retention = _config.endedRetention;
    _sweeper = _context->scheduler().every(std::chrono::seconds(1), [this, retention] {
        for (auto& stream : _registry.sweep(retention)) stream->releaseWaiters();
    });
}

void HlsPlugin::stop() {
    if (_sweeper) _sweeper->cancel();
    _sweeper.reset();
    for (auto& stream : _registry.takeAll()) stream->releaseWaiters();
}

}  // namespace sockstream::hls

SOCKSTREAM_PLUGIN(sockstream::hls::HlsPlugin)
