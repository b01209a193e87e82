#include "ChatPlugin.h"

#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>

#include "ChatConfig.h"
#include "ChatHub.h"
#include "engineio/EngineIoServer.h"
#include "history/ChatHistoryReader.h"
#include "history/ChatHistoryRoute.h"
#include "store/ChatStore.h"
#include "sockstream/SockStream.h"
#include "sockstream/chat/ChatService.h"

namespace sockstream::chat {

ChatPlugin::ChatPlugin() = default;
ChatPlugin::~ChatPlugin() = default;

void ChatPlugin::init(PluginContext& context) {
    const ChatConfig config = ChatConfig::fromJson(context.config());
    _store = std::make_unique<ChatStore>(context.database(), context.scheduler(), context.health(), context.logger());
    _store->migrate();
    _history = std::make_unique<ChatHistoryReader>(context.database());
    _history->migrate();
    registerChatHistoryRoute(context, *_history);
    _server = std::make_shared<EngineIoServer>(context, config);
    _hub = ChatHub::create(context, config, *_server, *_store);
    _hub->attach();
    _server->registerRoutes();
    context.services().provide<ChatService>(_hub);

    std::weak_ptr<EngineIoServer> weak = _server;
    context.metrics().gaugeCallback("chat_sessions", "Open Engine.IO sessions of the chat", [weak] {
        auto server = weak.lock();
        return server ? static_cast<double>(server->sessionCount()) : 0.0;
    });

    Poco::JSON::Object feature;
    feature.set("enabled", true);
    feature.set("path", "/socket.io/");
    Poco::JSON::Array transports;
    transports.add("polling");
    transports.add("websocket");
    feature.set("transports", transports);
    Poco::JSON::Array namespaces;
    for (const auto& channel : context.rooms().channels()) namespaces.add("/" + channel.id);
    feature.set("namespaces", namespaces);
    feature.set("maxMessageLength", static_cast<int>(config.maxMessageLength));
    feature.set("historySize", static_cast<int>(config.historySize));
    context.declareFeature(feature);
}

void ChatPlugin::start() {
    _server->start();
}

void ChatPlugin::stop() {
    if (_server) _server->stop();
    if (_hub) _hub->stop();
    if (_store) _store->waitIdle();
}

}  // namespace sockstream::chat

SOCKSTREAM_PLUGIN(sockstream::chat::ChatPlugin)
