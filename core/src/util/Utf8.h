#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace sockstream::core {

/// Number of code points, or nullopt when the text is not valid UTF-8
/// (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::optional<std::size_t> utf8Length(std::string_view text);
/// True when the text holds a C0/C1 control character (other than those in `allowed`).
bool hasControlCharacters(std::string_view text, std::string_view allowed = {});

}  // namespace sockstream::core
