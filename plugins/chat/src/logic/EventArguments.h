#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace sockstream::chat {

constexpr std::size_t kMaxIdBytes = 128;

/// A non-empty string field of an event's argument object, at most `maxBytes` long.
inline std::optional<std::string> stringField(const nlohmann::json& object, const char* key,
                                              std::size_t maxBytes = kMaxIdBytes) {
    if (!object.is_object()) return std::nullopt;
    auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    const auto& value = it->get_ref<const std::string&>();
    if (value.empty() || value.size() > maxBytes) return std::nullopt;
    return value;
}

}  // namespace sockstream::chat
