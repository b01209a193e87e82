#pragma once

namespace sockstream {
class PluginContext;
}

namespace sockstream::chat {

class ChatHistoryReader;

/// GET /api/rooms/{roomId}/chat/history?from=&to=&limit= — a room's chat by
/// time range, for the replay beside a past broadcast (docs/api.md). Public
/// like the chat itself (anyone may join a room and read its history); 400
/// with words for a bad query, 404 for an unknown room. Runs on a worker (it
/// reads the database). `reader` must outlive the route (the plugin owns both).
void registerChatHistoryRoute(PluginContext& context, ChatHistoryReader& reader);

}  // namespace sockstream::chat
