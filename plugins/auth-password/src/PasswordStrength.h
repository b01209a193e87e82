#pragma once

#include <string>
#include <vector>

namespace sockstream::authpassword {

/// How hard a password is to guess, estimated by zxcvbn-c (Debian's
/// libzxcvbn: dictionaries of leaked passwords, names and words, keyboard
/// patterns, sequences, repeats, dates). The estimate is zxcvbn's score:
/// guesses below 10^3 score 0, below 10^6 1, below 10^8 2, below 10^10 3,
/// anything harder 4.
class PasswordStrength {
public:
    struct Estimate {
        int score = 0;
        double entropyBits = 0;
        /// Why it is easy to guess, in words that complete "This password is
        /// too easy to guess: ...", e.g. "it is a common password".
        std::string weakness;
    };

    /// `userWords` (the user's name, email) count as very easy guesses: anyone
    /// who knows the user knows them. Thread-safe.
    static Estimate estimate(const std::string& password, const std::vector<std::string>& userWords = {});

    /// zxcvbn's score for an entropy in bits (log2 of the guesses).
    static int scoreOf(double entropyBits);
};

}  // namespace sockstream::authpassword
