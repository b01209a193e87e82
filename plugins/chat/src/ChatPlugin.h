#pragma once

#include <memory>

#include "sockstream/plugin/Plugin.h"

namespace sockstream::chat {

class ChatStore;
class EngineIoServer;
class ChatHub;
class ChatHistoryReader;

/// Real-time chat over Socket.IO v5 / Engine.IO v4 at /socket.io/: one
/// namespace per channel, one Socket.IO room per SockStream room.
class ChatPlugin : public Plugin {
public:
    ChatPlugin();
    ~ChatPlugin() override;
    void init(PluginContext& context) override;
    void start() override;
    void stop() override;

private:
    std::unique_ptr<ChatStore> _store;
    std::shared_ptr<EngineIoServer> _server;
    std::shared_ptr<ChatHub> _hub;
    std::unique_ptr<ChatHistoryReader> _history;  ///< the replay's reads by time range
};

}  // namespace sockstream::chat
