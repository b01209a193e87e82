#pragma once

#include <memory>
#include <optional>

#include "DtlsCertificate.h"
#include "FeedRegistry.h"
#include "MediaPort.h"
#include "SessionRegistry.h"
#include "WebRtcConfig.h"
#include "WebRtcMetrics.h"
#include "WebRtcObserver.h"
#include "WhepRoutes.h"
#include "WhipPublishers.h"
#include "WhipRoutes.h"
#include "sockstream/plugin/Plugin.h"
#include "sockstream/util/Scheduler.h"

namespace sockstream::webrtc {

/// WebRTC playback of every live room over WHEP, and WHIP ingest (see README.md).
class WebRtcPlugin : public Plugin {
public:
    void init(PluginContext& context) override;
    void start() override;
    void stop() override;

private:
    void release(const SessionRegistry::Entry& entry, const std::string& why);
    void endRoom(const std::string& roomId, const std::string& why);
    void onConnected(const std::shared_ptr<WhepSession>& session);
    void onRtcp(const std::shared_ptr<WhepSession>& session, const std::string& packet);
    void onRtp(const std::shared_ptr<WhepSession>& session, const std::string& packet);
    void tickPublishers();
    void paceCatchUps();

    PluginContext* _context = nullptr;
    WebRtcConfig _config;
    std::optional<DtlsCertificate> _certificate;
    std::unique_ptr<SessionRegistry> _sessions;
    std::unique_ptr<FeedRegistry> _feeds;
    std::unique_ptr<MediaPort> _port;
    std::shared_ptr<WebRtcObserver> _observer;
    std::unique_ptr<WhepRoutes> _routes;
    WhipPublishers _publishers;
    std::unique_ptr<WhipRoutes> _whipRoutes;
    std::shared_ptr<TimerHandle> _reports;
    std::shared_ptr<TimerHandle> _publisherTicks;
    std::shared_ptr<TimerHandle> _catchUpTicks;
    std::chrono::milliseconds _catchUpTick{10};
    std::optional<WebRtcMetrics> _metrics;
};

}  // namespace sockstream::webrtc
