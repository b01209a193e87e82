#pragma once

#include <stdexcept>
#include <string>

namespace sockstream::lib::config {

/// A configuration problem. The message names the key and says what is wrong
/// ("limits.maxChunkSze is not a known setting (did you mean "maxChunkSize"?)").
/// The core catches it from a plugin's init() and adds the file and the
/// plugin's name, so an operator reads one line that points at the typo.
///
/// It derives from std::invalid_argument because that is what the plugins'
/// config readers threw before this library existed (and what their tests expect).
class ConfigError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

}  // namespace sockstream::lib::config
