#include "PasswordStrength.h"

#include <zxcvbn.h>

#include <cmath>
#include <cstring>
#include <memory>
#include <mutex>

namespace sockstream::authpassword {
namespace {

// zxcvbn-c does not document ZxcvbnMatch as thread-safe; sign-ups are rare
// and an estimate takes well under a millisecond, so one at a time costs nothing.
std::mutex zxcvbnMutex;

std::string weaknessOf(const ZxcMatch_t* matches, std::size_t passwordBytes) {
    // The longest recognised part explains the most; zxcvbn-c flags a part
    // that repeats (even of random characters) with MULTIPLE_MATCH.
    const ZxcMatch_t* longest = nullptr;
    for (const ZxcMatch_t* match = matches; match; match = match->Next) {
        const int type = match->Type & ~MULTIPLE_MATCH;
        const bool repeated = (match->Type & MULTIPLE_MATCH) != 0;
        if (!repeated && (type == NON_MATCH || type == BRUTE_MATCH || type == LONG_PWD_MATCH)) continue;
        if (!longest || match->Length > longest->Length) longest = match;
    }
    if (!longest) return "it is short for the kinds of characters it uses";
    if (longest->Type & MULTIPLE_MATCH) return "it repeats characters or words";
    const auto length = static_cast<std::size_t>(longest->Length);
    switch (longest->Type) {
    case DICTIONARY_MATCH:
    case DICT_LEET_MATCH:
        if (length >= passwordBytes) return "it is a common password";
        if (2 * length >= passwordBytes) return "it is a common password with a few characters added";
        return "it is made of common words";
    case USER_MATCH:
    case USER_LEET_MATCH: return "it contains your name or email address";
    case REPEATS_MATCH: return "it repeats characters or words";
    case SEQUENCE_MATCH: return "it contains a sequence such as abc or 123";
    case SPATIAL_MATCH: return "it contains a keyboard pattern such as qwerty";
    case DATE_MATCH:
    case YEAR_MATCH: return "it contains a date or a year";
    default: return "it follows a common pattern";
    }
}

}  // namespace

int PasswordStrength::scoreOf(double entropyBits) {
    // zxcvbn's thresholds, in guesses: 10^3, 10^6, 10^8, 10^10.
    const double guessesLog10 = entropyBits * std::log10(2.0);
    if (guessesLog10 < 3) return 0;
    if (guessesLog10 < 6) return 1;
    if (guessesLog10 < 8) return 2;
    if (guessesLog10 < 10) return 3;
    return 4;
}

PasswordStrength::Estimate PasswordStrength::estimate(const std::string& password,
                                                      const std::vector<std::string>& userWords) {
    // The library reads C strings: a NUL inside the password would end it early.
    const std::string text = password.substr(0, password.find('\0'));
    std::vector<const char*> dictionary;
    for (const auto& word : userWords)
        if (!word.empty()) dictionary.push_back(word.c_str());
    dictionary.push_back(nullptr);

    std::lock_guard lock(zxcvbnMutex);
    ZxcMatch_t* info = nullptr;
    const double bits = ZxcvbnMatch(text.c_str(), dictionary.data(), &info);
    const std::unique_ptr<ZxcMatch_t, void (*)(ZxcMatch_t*)> owned(info, &ZxcvbnFreeInfo);
    Estimate estimate;
    estimate.entropyBits = bits;
    estimate.score = scoreOf(bits);
    if (estimate.score < 4) estimate.weakness = weaknessOf(info, text.size());
    return estimate;
}

}  // namespace sockstream::authpassword
