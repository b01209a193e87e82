#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "CommonPasswordList.h"

namespace sockstream::authpassword {

enum class PasswordProblem {
    InvalidUtf8,
    TooShort,
    TooLong,
    Common,
    EasyToGuess,
};

/// A password that passed the policy, in the form that gets hashed.
struct AcceptedPassword {
    std::string normalized;  ///< NFKC of what the user typed
};

/// ASVS 5 password rules: 8 to 128 characters counted as Unicode code points,
/// any characters, never truncated, not in the common-password list, and at
/// least `minScore` by zxcvbn's estimate (PasswordStrength).
class PasswordPolicy {
public:
    static constexpr std::size_t kMinCodePoints = 8;
    static constexpr std::size_t kMaxCodePoints = 128;

    /// `minScore` 0 turns the strength estimate off.
    PasswordPolicy(std::shared_ptr<const CommonPasswordList> commonPasswords, int minScore);

    /// For new passwords (sign-up): either the normalised password or the first problem.
    struct Result {
        std::optional<AcceptedPassword> accepted;
        std::optional<PasswordProblem> problem;
        /// For a problem: what is wrong and what to do, in words for the user.
        std::string explanation;
    };
    /// `userWords` (the user's name, email) make a password easy to guess when it contains them.
    Result check(std::string_view password, const std::vector<std::string>& userWords = {}) const;

    /// For sign-in: the same normalisation without the rules (existing
    /// passwords stay valid when rules change); nullopt for invalid UTF-8.
    static std::optional<std::string> normalizeForVerification(std::string_view password);

    static std::string_view code(PasswordProblem problem);
    static std::string_view message(PasswordProblem problem);

private:
    std::shared_ptr<const CommonPasswordList> _commonPasswords;
    int _minScore;
};

}  // namespace sockstream::authpassword
