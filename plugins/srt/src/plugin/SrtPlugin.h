#pragma once

#include <memory>
#include <optional>

#include "SrtConfig.h"
#include "SrtListener.h"
#include "SrtMetrics.h"
#include "sockstream/SockStream.h"

namespace sockstream::srt {

/// SRT ingest: encoders publish MPEG-TS to srt://host:port with
/// streamid=publish:<stream key>.
class SrtPlugin : public Plugin {
public:
    void init(PluginContext& context) override;
    void start() override;
    void stop() override;

private:
    PluginContext* _context = nullptr;
    std::optional<SrtConfig> _config;
    std::unique_ptr<SrtMetrics> _metrics;
    std::unique_ptr<SrtListener> _listener;
};

}  // namespace sockstream::srt
