// Stored password hashes are parsed before every verification: any input must
// parse or be refused without crashing, and whatever parses must round-trip.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "PhcString.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto phc = sockstream::authpassword::PhcString::parse(text);
    if (phc) {
        const auto again = sockstream::authpassword::PhcString::parse(phc->format());
        if (!again || again->salt != phc->salt || again->hash != phc->hash ||
            !(again->parameters == phc->parameters))
            std::abort();
    }
    return 0;
}
