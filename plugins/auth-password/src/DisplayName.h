#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sockstream::authpassword {

/// A user's display name: trimmed, 1 to 100 characters (code points), no
/// control, bidi-override or unassigned characters.
class DisplayName {
public:
    static constexpr std::size_t kMaxCodePoints = 100;

    /// The trimmed name (otherwise as typed), or nullopt when it breaks the rules.
    static std::optional<std::string> normalize(std::string_view raw);
};

}  // namespace sockstream::authpassword
