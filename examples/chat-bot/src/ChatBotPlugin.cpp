// The ChatService example: a bot in the chat and a Socket.IO namespace of its own.
//  - In every room: "!uptime" is answered with a chat message saying how long
//    the room's broadcast has been live (or that it is offline).
//  - Namespace "/bot" (config "namespace"): an ordinary Socket.IO server with
//    connect middleware (auth token), hooks, rooms, binary echo and acks both
//    ways. Its events are listed in README.md.
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/Logger.h>

#include <sockstream/SockStream.h>
#include <sockstream/chat/ChatService.h>

#include "BotConfig.h"
#include "Uptime.h"

namespace chatbot {

using sockstream::ChatPayload;
using sockstream::ChatSocket;

namespace {

std::int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

Poco::JSON::Array::Ptr parseArray(const std::string& json) {
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Array::Ptr>();
}

std::string stringify(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out);
    return out.str();
}

/// `args` without its first argument; the bytes stay where their placeholders point.
ChatPayload rest(const ChatPayload& args) {
    auto array = parseArray(args.json);
    if (array->size() > 0) array->remove(0);
    return ChatPayload{stringify(array), args.binary};
}

/// The first argument when it is a string, else "".
std::string firstString(const ChatPayload& args) {
    auto array = parseArray(args.json);
    if (array->size() == 0 || !array->get(0).isString()) return {};
    return array->get(0).extract<std::string>();
}

ChatPayload strings(std::initializer_list<std::string> values) {
    Poco::JSON::Array array;
    for (const auto& v : values) array.add(v);
    return ChatPayload{stringify(array), {}};
}

}  // namespace

class ChatBotPlugin : public sockstream::Plugin {
public:
    void init(sockstream::PluginContext& context) override {
        _context = &context;
        _config = BotConfig::fromJson(context.config());
        _chat = context.services().find<sockstream::ChatService>();
        if (!_chat) throw std::runtime_error("chat-bot: the chat plugin is not loaded; add \"chat\" to this plugin's dependencies");
        _author = sockstream::ChatUser{"bot:" + context.pluginName(), _config.name};

        // When each broadcast began: the Rooms SDK says whether a room is live, the events say since when.
        _subscriptions.push_back(context.events().subscribe<sockstream::StreamStarted>([this](const sockstream::StreamStarted& e) {
            std::lock_guard lock(_mutex);
            if (!e.resumed || !_liveSince.count(e.roomId)) _liveSince[e.roomId] = nowMs();
        }));
        _subscriptions.push_back(context.events().subscribe<sockstream::StreamEnded>([this](const sockstream::StreamEnded& e) {
            std::lock_guard lock(_mutex);
            _liveSince.erase(e.roomId);
        }));
    }

    void start() override {
        // A filter sees every message before the room does; the answer is
        // posted after it (scheduler), so it follows the command in the room.
        _hooks.push_back(_chat->addMessageFilter([this](sockstream::ChatMessage& message) -> std::optional<std::string> {
            if (message.user.id != _author.id && trimmed(message.text) == _config.command) {
                std::weak_ptr<bool> alive = _alive;
                _context->scheduler().post([this, alive, roomId = message.roomId] {
                    if (alive.lock()) answerUptime(roomId);
                });
            }
            return std::nullopt;
        }));
        serveNamespace();
    }

    void stop() override {
        // Our code is unloaded after stop(): nothing of ours may stay in the chat.
        for (auto id : _hooks) _chat->removeHook(id);
        _hooks.clear();
        for (auto id : _subscriptions) _context->events().unsubscribe(id);
        _subscriptions.clear();
        _alive.reset();
    }

private:
    static std::string trimmed(const std::string& text) {
        const auto first = text.find_first_not_of(" \t\n");
        if (first == std::string::npos) return {};
        return text.substr(first, text.find_last_not_of(" \t\n") - first + 1);
    }

    void answerUptime(const std::string& roomId) {
        const auto room = _context->rooms().findRoom(roomId);
        if (!room) return;
        std::string text = room->title + " is offline.";
        if (room->live) {
            std::lock_guard lock(_mutex);
            auto since = _liveSince.find(roomId);
            text = since == _liveSince.end()
                       ? room->title + " is live (since before " + _config.name + " started)."
                       : room->title + " has been live for " + formatDuration(nowMs() - since->second) + ".";
        }
        _chat->postMessage(roomId, _author, text);
    }

    void serveNamespace() {
        const std::string& nsp = _config.nsp;
        // Middleware: socket.io's io.of(nsp).use((socket, next) => next(new Error(...))).
        if (!_config.token.empty()) {
            _hooks.push_back(_chat->useConnectMiddleware(nsp, [this](const ChatSocket& socket) -> std::optional<sockstream::ChatRefusal> {
                auto auth = Poco::JSON::Parser().parse(socket.authJson).extract<Poco::JSON::Object::Ptr>();
                if (auth->optValue<std::string>("token", "") == _config.token) return std::nullopt;
                return sockstream::ChatRefusal{"invalid token", R"({"code":"bad_token"})"};
            }));
        }
        _hooks.push_back(_chat->useEventMiddleware(nsp, [](const ChatSocket&, const std::string& event, const ChatPayload&)
                                                         -> std::optional<sockstream::ChatRefusal> {
            if (event == "forbidden") return sockstream::ChatRefusal{"this event is not allowed", ""};
            return std::nullopt;
        }));

        sockstream::ChatNamespaceHooks hooks;
        hooks.onConnect = [this, nsp](const ChatSocket& socket) {
            Poco::JSON::Object welcome;
            welcome.set("socketId", socket.id);
            welcome.set("auth", Poco::JSON::Parser().parse(socket.authJson));
            if (socket.user) {
                Poco::JSON::Object user;
                user.set("id", socket.user->id);
                user.set("name", socket.user->name);
                welcome.set("user", user);
            } else {
                welcome.set("user", Poco::Dynamic::Var());
            }
            Poco::JSON::Array args;
            args.add(welcome);
            _chat->emitToSocket(nsp, socket.id, "welcome", ChatPayload{stringify(args), {}});
        };
        hooks.onDisconnect = [this](const ChatSocket& socket, const std::string& reason) {
            _context->logger().debug("chat-bot: %s left %s (%s)", socket.id, socket.nsp, reason);
        };
        hooks.onEvent = [this, nsp](const ChatSocket& socket, const std::string& event, const ChatPayload& args,
                                    sockstream::ChatReply reply) {
            auto answer = [&](ChatPayload payload) {
                if (reply) reply(std::move(payload));
            };
            if (event == "echo") return answer(args);  // every argument back, bytes included
            if (event == "join" || event == "leave") {
                const std::string room = firstString(args);
                if (room.empty()) return answer(strings({"error", "a room name is required"}));
                if (event == "join") _chat->joinSocketRoom(nsp, socket.id, room);
                else _chat->leaveSocketRoom(nsp, socket.id, room);
                return answer(strings({event == "join" ? "joined" : "left", room}));
            }
            if (event == "to-room") {
                const std::string room = firstString(args);
                if (room.empty()) return answer(strings({"error", "a room name is required"}));
                _chat->emitToNamespaceRoom(nsp, room, "room-message", rest(args));
                return answer(strings({"sent"}));
            }
            if (event == "to-all") {
                _chat->emitToNamespace(nsp, "broadcast", args);
                return answer(strings({"sent"}));
            }
            if (event == "to-me") {
                _chat->emitToSocket(nsp, socket.id, "direct", args);
                return answer(strings({"sent"}));
            }
            if (event == "ask") {
                // The server asks the client, which answers through its ack callback.
                _chat->emitToSocketWithAck(nsp, socket.id, "question", args, std::chrono::milliseconds(_config.askTimeoutMs),
                                           [this, nsp, id = socket.id](std::optional<ChatPayload> answered) {
                                               if (answered) _chat->emitToSocket(nsp, id, "answer", *answered);
                                               else _chat->emitToSocket(nsp, id, "no-answer", strings({"timeout"}));
                                           });
                return answer(strings({"asked"}));
            }
            if (event == "kick") {
                answer(strings({"bye"}));
                _chat->disconnectSocket(nsp, socket.id);
                return;
            }
            answer(strings({"error", "unknown event " + event}));
        };
        _hooks.push_back(_chat->addNamespace(nsp, std::move(hooks)));
    }

    sockstream::PluginContext* _context = nullptr;
    BotConfig _config;
    std::shared_ptr<sockstream::ChatService> _chat;
    sockstream::ChatUser _author;
    std::vector<sockstream::ChatHookId> _hooks;
    std::vector<sockstream::SubscriptionId> _subscriptions;
    std::shared_ptr<bool> _alive = std::make_shared<bool>(true);
    std::mutex _mutex;
    std::map<std::string, std::int64_t> _liveSince;  ///< room id -> Unix ms
};

}  // namespace chatbot

SOCKSTREAM_PLUGIN(chatbot::ChatBotPlugin)
