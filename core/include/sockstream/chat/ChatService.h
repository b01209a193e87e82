#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sockstream {

/// A chat author as the session identified them; never taken from the client.
struct ChatUser {
    std::string id;
    std::string name;
};

struct ChatMessage {
    std::string id;
    std::string roomId;
    ChatUser user;
    std::string text;      ///< trimmed, 1..maxMessageLength characters, plain text
    std::int64_t ts = 0;   ///< Unix milliseconds
};

/// Who sent a custom event: the channel namespace and the signed-in user, if any.
struct ChatEventSource {
    std::string channelId;
    std::string socketId;
    std::optional<ChatUser> user;
};

/// Answers a client's acknowledgement callback with one JSON value (text), once.
/// Empty when the client asked for no acknowledgement.
using ChatAck = std::function<void(std::string jsonValue)>;
/// A handler for a custom client event; `argumentsJson` is the JSON array of the
/// event's arguments (binary attachments appear as placeholders).
using ChatEventHandler = std::function<void(const ChatEventSource& source, const std::string& argumentsJson, ChatAck ack)>;
/// Runs before a message is stored and broadcast. May rewrite message.text;
/// returns an error code (sent to the author as {error}) to refuse it.
using ChatMessageFilter = std::function<std::optional<std::string>(ChatMessage& message)>;

using ChatHookId = std::uint64_t;

// ---- Namespaces of plugins: an ordinary Socket.IO server (see docs/plugins.md) ----

/// The arguments of one Socket.IO event or acknowledgement in the wire's own
/// form: `json` is a JSON array (the event name is not in it); a binary
/// argument, at any depth, is the object {"_placeholder":true,"num":i} and its
/// bytes are binary[i]. Received attachments arrive as bytes here; to send
/// bytes, put a placeholder where they go and the bytes in `binary`.
struct ChatPayload {
    std::string json = "[]";
    std::vector<std::string> binary;
};

/// A socket connected to a plugin's namespace, as its hooks see it.
struct ChatSocket {
    std::string nsp;                ///< "/" or "/bot"
    std::string id;                 ///< the Socket.IO socket id (the client's socket.id)
    std::string authJson = "{}";    ///< the CONNECT packet's auth object ("{}" when the client sent none)
    std::optional<ChatUser> user;   ///< the signed-in user of the session cookie, as the chat's; never the client's word
    std::string address;            ///< the peer's IP address
};

/// Why a middleware refuses: a connection gets CONNECT_ERROR {message, data}
/// (socket.io-client's connect_error Error with .message and .data, as
/// `next(new Error(message))` in socket.io); an event asking for an ack is
/// answered {error: {code: "refused", message}}, one without is dropped.
struct ChatRefusal {
    std::string message;
    std::string dataJson;  ///< optional JSON value sent as the error's data; empty: none
};

/// Answers a client's acknowledgement (ACK, BINARY_ACK with attachments), once.
/// Empty when the client asked for none.
using ChatReply = std::function<void(ChatPayload answer)>;
/// A client's answer to emitToSocketWithAck; nullopt when the timeout passed
/// or the socket went away first. Runs once.
using ChatAckCallback = std::function<void(std::optional<ChatPayload> answer)>;
/// Runs for every CONNECT to the namespace, in the order added, before the
/// socket exists; the first refusal ends the connection attempt.
using ChatConnectMiddleware = std::function<std::optional<ChatRefusal>(const ChatSocket& socket)>;
/// Runs for every event of the namespace's sockets before onEvent.
using ChatEventMiddleware =
    std::function<std::optional<ChatRefusal>(const ChatSocket& socket, const std::string& event, const ChatPayload& args)>;

/// What a plugin's namespace does; every member may be left empty.
struct ChatNamespaceHooks {
    std::function<void(const ChatSocket& socket)> onConnect;
    /// reason as socket.io words it: "client namespace disconnect",
    /// "server namespace disconnect", "transport close", "server shutting down".
    std::function<void(const ChatSocket& socket, const std::string& reason)> onDisconnect;
    /// An event (EVENT or BINARY_EVENT); `reply` is empty when no ack was asked.
    std::function<void(const ChatSocket& socket, const std::string& event, const ChatPayload& args, ChatReply reply)> onEvent;
};

/// The chat plugin's API for other plugins (bots, moderation filters), provided
/// as context.services().find<ChatService>(); list "chat" in your dependencies.
/// Handlers and filters run on I/O threads and must not block; remove every hook
/// you added in your plugin's stop(), because your code is unloaded after it.
class ChatService {
public:
    static constexpr std::string_view kServiceName = "chat";
    virtual ~ChatService() = default;

    /// Handles a client event the chat plugin does not define itself (names
    /// starting "room:" or "chat:" are reserved for it).
    virtual ChatHookId addEventHandler(const std::string& event, ChatEventHandler handler) = 0;
    virtual ChatHookId addMessageFilter(ChatMessageFilter filter) = 0;
    virtual void removeHook(ChatHookId id) = 0;

    /// Sends `event` with one JSON argument to every socket in a room / a channel namespace.
    virtual void emitToRoom(const std::string& roomId, const std::string& event, const std::string& argumentJson) = 0;
    virtual void emitToChannel(const std::string& channelId, const std::string& event, const std::string& argumentJson) = 0;
    /// Stores and broadcasts a message from `author` (e.g. a bot), bypassing
    /// rate limits but not filters. False when the room is unknown or a filter refused it.
    virtual bool postMessage(const std::string& roomId, const ChatUser& author, const std::string& text) = 0;
    /// Removes a stored message and tells the room (chat:deleted).
    virtual void deleteMessage(const std::string& roomId, const std::string& messageId) = 0;
    /// People in the room, on every server: distinct signed-in users plus
    /// distinct anonymous browsers, the room's owner not counted.
    virtual int viewerCount(const std::string& roomId) const = 0;

    // ---- Namespaces of plugins ----
    // `nsp` is "/" or "/name" (1..64 of [A-Za-z0-9_-] after the slash); the
    // chat's channel namespaces ("/" + channel id) stay the chat's. Invalid
    // names, JSON that is not an array, placeholders without bytes throw
    // std::invalid_argument. Hooks, middleware and ack callbacks run on I/O
    // threads with the chat's lock held: do not block; emitting from them is fine.
    // Socket ids are this server's; rooms and namespaces span the cluster.

    /// Serves `nsp`; removeHook(id) closes its sockets and forgets its hooks
    /// and middleware. One plugin per namespace: a second registration throws.
    virtual ChatHookId addNamespace(const std::string& nsp, ChatNamespaceHooks hooks) = 0;
    virtual ChatHookId useConnectMiddleware(const std::string& nsp, ChatConnectMiddleware middleware) = 0;
    virtual ChatHookId useEventMiddleware(const std::string& nsp, ChatEventMiddleware middleware) = 0;

    /// `event` with `args` to one socket; false when it is not connected here.
    virtual bool emitToSocket(const std::string& nsp, const std::string& socketId, const std::string& event,
                              const ChatPayload& args) = 0;
    /// As emitToSocket, asking the client for an acknowledgement: `onAnswer`
    /// gets its arguments, or nullopt after `timeout` or when the socket goes.
    virtual bool emitToSocketWithAck(const std::string& nsp, const std::string& socketId, const std::string& event,
                                     const ChatPayload& args, std::chrono::milliseconds timeout,
                                     ChatAckCallback onAnswer) = 0;
    /// Every socket in `room` of `nsp`, on every server of the cluster.
    virtual void emitToNamespaceRoom(const std::string& nsp, const std::string& room, const std::string& event,
                                     const ChatPayload& args) = 0;
    /// Every socket of `nsp`, on every server of the cluster.
    virtual void emitToNamespace(const std::string& nsp, const std::string& event, const ChatPayload& args) = 0;
    /// Rooms of a plugin's namespace are the plugin's to choose (1..128 bytes);
    /// a socket leaves them all when it disconnects. False: no such socket here.
    virtual bool joinSocketRoom(const std::string& nsp, const std::string& socketId, const std::string& room) = 0;
    virtual bool leaveSocketRoom(const std::string& nsp, const std::string& socketId, const std::string& room) = 0;
    /// Sends DISCONNECT to the socket (the client sees "io server disconnect").
    virtual bool disconnectSocket(const std::string& nsp, const std::string& socketId) = 0;
};

}  // namespace sockstream
