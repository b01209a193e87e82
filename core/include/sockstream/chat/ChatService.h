#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

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
};

}  // namespace sockstream
