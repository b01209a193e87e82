#include "history/ChatHistoryRoute.h"

#include <nlohmann/json.hpp>

#include "history/ChatHistoryReader.h"
#include "logic/HistoryRange.h"
#include "logic/WireJson.h"
#include "sockstream/SockStream.h"

namespace sockstream::chat {

void registerChatHistoryRoute(PluginContext& context, ChatHistoryReader& reader) {
    Rooms& rooms = context.rooms();
    context.http().get("/api/rooms/{roomId}/chat/history", [&rooms, &reader](const HttpRequest& request) {
        const auto parsed = parseHistoryRange(request.query);
        if (!parsed.range) throw HttpError(400, "invalid_query", parsed.error.message);
        const std::string& roomId = request.param("roomId");
        if (!rooms.findRoom(roomId)) throw HttpError(404, "room_not_found", "There is no such room.");
        const HistoryPage page = reader.read(roomId, *parsed.range);
        nlohmann::json messages = nlohmann::json::array();
        for (const auto& message : page.messages) messages.push_back(messageJson(message));
        HttpResponse response(200);
        // A moderator may still delete a message of any window: ask every time.
        response.setHeader("Cache-Control", "no-cache");
        response.setBody(nlohmann::json{{"messages", std::move(messages)}, {"more", page.more}}.dump(),
                         "application/json");
        return response;
    });
}

}  // namespace sockstream::chat
