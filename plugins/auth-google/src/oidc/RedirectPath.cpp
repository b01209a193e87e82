#include "oidc/RedirectPath.h"

namespace sockstream::authgoogle {

std::string RedirectPath::sanitize(const std::string& requested) {
    if (requested.empty() || requested.size() > kMaxLength || requested[0] != '/') return "/";
    // "//host" and "/\host" are read by browsers as another origin.
    if (requested.size() > 1 && (requested[1] == '/' || requested[1] == '\\')) return "/";
    for (unsigned char c : requested) {
        if (c < 0x20 || c == 0x7f || c == '\\') return "/";
    }
    return requested;
}

}  // namespace sockstream::authgoogle
