#pragma once

#include <string>
#include <string_view>

namespace sockstream::core {

/// What differs between a plugin's ABI signature and the server's, in words
/// an operator can act on: "Poco 1.11.0 in the plugin, 1.12.4 in the server;
/// the SDK headers differ". Signatures are "sockstream-abi/<n>;key=value;...";
/// keys present on one side only are named as such. Empty when they are equal.
std::string describeAbiMismatch(std::string_view plugin, std::string_view server);

}  // namespace sockstream::core
