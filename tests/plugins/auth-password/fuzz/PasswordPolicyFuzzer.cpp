// Passwords and names arrive from the network as arbitrary bytes: the UTF-8
// checks, NFKC, case folding and trimming must hold for every input.
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "DisplayName.h"
#include "PasswordPolicy.h"
#include "UnicodeText.h"

using namespace sockstream::authpassword;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto list = [] {
        std::istringstream in("password\n12345678\n");
        return std::make_shared<const CommonPasswordList>(CommonPasswordList::fromStream(in, "fuzz"));
    }();
    const std::string input(reinterpret_cast<const char*>(data), size);
    const auto result = PasswordPolicy(list, 3).check(input, {input.substr(0, 16)});
    if (result.accepted.has_value() == result.problem.has_value()) std::abort();
    if (result.accepted && !UnicodeText::fromUtf8(result.accepted->normalized)) std::abort();
    if (const auto name = DisplayName::normalize(input)) {
        const auto text = UnicodeText::fromUtf8(*name);
        if (!text || text->codePoints() < 1 || text->codePoints() > DisplayName::kMaxCodePoints) std::abort();
    }
    return 0;
}
