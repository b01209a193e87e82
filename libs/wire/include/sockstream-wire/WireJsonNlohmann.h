#pragma once

#include <nlohmann/json.hpp>

#include "sockstream-wire/WireFields.h"

namespace sockstream::lib::wire {

/// The same fields as nlohmann::json, for code that speaks it (the chat's
/// Socket.IO events). Header-only: only its includers need nlohmann_json.
namespace detail {
struct NlohmannOut {
    nlohmann::json& json;
    template <class Value>
    void field(const char* key, const Value& value) { json[key] = value; }
    template <class Fill>
    void object(const char* key, Fill fill) {
        NlohmannOut nested{json[key] = nlohmann::json::object()};
        fill(nested);
    }
};
}  // namespace detail

inline nlohmann::json roomJsonNlohmann(const Room& room, const RoomFieldOptions& options = {}) {
    nlohmann::json json = nlohmann::json::object();
    detail::NlohmannOut out{json};
    visitRoomFields(room, options, out);
    return json;
}

inline nlohmann::json userJsonNlohmann(const User& user) {
    nlohmann::json json = nlohmann::json::object();
    detail::NlohmannOut out{json};
    visitUserFields(user, out);
    return json;
}

}  // namespace sockstream::lib::wire
