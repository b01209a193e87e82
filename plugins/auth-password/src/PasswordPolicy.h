#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "CommonPasswordList.h"

namespace sockstream::authpassword {

enum class PasswordProblem {
    InvalidUtf8,
    TooShort,
    TooLong,
    Common,
};

/// A password that passed the policy, in the form that gets hashed.
struct AcceptedPassword {
    std::string normalized;  ///< NFKC of what the user typed
};

/// ASVS 5 password rules: 8 to 128 characters counted as Unicode code points,
/// any characters, never truncated, and not in the common-password list.
class PasswordPolicy {
public:
    static constexpr std::size_t kMinCodePoints = 8;
    static constexpr std::size_t kMaxCodePoints = 128;

    explicit PasswordPolicy(std::shared_ptr<const CommonPasswordList> commonPasswords);

    /// For new passwords (sign-up): either the normalised password or the first problem.
    struct Result {
        std::optional<AcceptedPassword> accepted;
        std::optional<PasswordProblem> problem;
    };
    Result check(std::string_view password) const;

    /// For sign-in: the same normalisation without the rules (existing
    /// passwords stay valid when rules change); nullopt for invalid UTF-8.
    static std::optional<std::string> normalizeForVerification(std::string_view password);

    static std::string_view code(PasswordProblem problem);
    static std::string_view message(PasswordProblem problem);

private:
    std::shared_ptr<const CommonPasswordList> _commonPasswords;
};

}  // namespace sockstream::authpassword
