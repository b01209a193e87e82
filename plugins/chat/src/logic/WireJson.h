#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sockstream/chat/ChatService.h"
#include "sockstream/rooms/Endpoints.h"
#include "sockstream/rooms/Room.h"

namespace sockstream::chat {

/// The room object of room:join, room:created and room:updated: the REST
/// API's public room, so the web app reads one kind. `liveHere`: this server
/// saw the broadcast start before the room record says so. `playback`: what
/// the playback plugins declared for this room (Rooms::playback).
nlohmann::json roomJson(const Room& room, int viewers, bool liveHere, const std::vector<PlaybackEndpoint>& playback);

/// chat:message's argument (and each entry of room:join's history).
nlohmann::json messageJson(const ChatMessage& message);

/// room:status's argument.
nlohmann::json roomStatusJson(const std::string& roomId, const std::string& channelId, BroadcastState state,
                              const std::string& reason);

}  // namespace sockstream::chat
