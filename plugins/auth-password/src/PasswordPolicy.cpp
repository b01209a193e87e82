#include "PasswordPolicy.h"

#include "PasswordStrength.h"
#include "UnicodeText.h"

namespace sockstream::authpassword {

namespace {

PasswordPolicy::Result refuse(PasswordProblem problem) {
    return {std::nullopt, problem, std::string(PasswordPolicy::message(problem))};
}

}  // namespace

PasswordPolicy::PasswordPolicy(std::shared_ptr<const CommonPasswordList> commonPasswords, int minScore)
    : _commonPasswords(std::move(commonPasswords)), _minScore(minScore) {}

PasswordPolicy::Result PasswordPolicy::check(std::string_view password,
                                             const std::vector<std::string>& userWords) const {
    const auto text = UnicodeText::fromUtf8(password);
    if (!text) return refuse(PasswordProblem::InvalidUtf8);
    // Counted on what the user typed, before normalisation can expand it.
    if (text->codePoints() < kMinCodePoints) return refuse(PasswordProblem::TooShort);
    if (text->codePoints() > kMaxCodePoints) return refuse(PasswordProblem::TooLong);
    if (_commonPasswords && _commonPasswords->containsFolded(text->foldedNfkc()))
        return refuse(PasswordProblem::Common);
    std::string normalized = text->nfkc();
    if (_minScore > 0) {
        const auto estimate = PasswordStrength::estimate(normalized, userWords);
        if (estimate.score < _minScore)
            return {std::nullopt, PasswordProblem::EasyToGuess,
                    "This password is too easy to guess: " + estimate.weakness +
                        ". Add another word or two; uncommon words are best."};
    }
    return {AcceptedPassword{std::move(normalized)}, std::nullopt, {}};
}

std::optional<std::string> PasswordPolicy::normalizeForVerification(std::string_view password) {
    const auto text = UnicodeText::fromUtf8(password);
    if (!text) return std::nullopt;
    return text->nfkc();
}

std::string_view PasswordPolicy::code(PasswordProblem problem) {
    switch (problem) {
    case PasswordProblem::InvalidUtf8: return "password_invalid_encoding";
    case PasswordProblem::TooShort: return "password_too_short";
    case PasswordProblem::TooLong: return "password_too_long";
    case PasswordProblem::Common: return "password_too_common";
    case PasswordProblem::EasyToGuess: return "password_too_weak";
    }
    return "invalid_password";
}

std::string_view PasswordPolicy::message(PasswordProblem problem) {
    switch (problem) {
    case PasswordProblem::InvalidUtf8: return "The password is not valid UTF-8 text.";
    case PasswordProblem::TooShort: return "The password must have at least 8 characters.";
    case PasswordProblem::TooLong: return "The password must have at most 128 characters.";
    case PasswordProblem::Common: return "This password is too common; choose another one.";
    case PasswordProblem::EasyToGuess: return "This password is too easy to guess; add another word or two.";
    }
    return "Invalid password.";
}

}  // namespace sockstream::authpassword
