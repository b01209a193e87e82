#include "PasswordPolicy.h"

#include "UnicodeText.h"

namespace sockstream::authpassword {

PasswordPolicy::PasswordPolicy(std::shared_ptr<const CommonPasswordList> commonPasswords)
    : _commonPasswords(std::move(commonPasswords)) {}

PasswordPolicy::Result PasswordPolicy::check(std::string_view password) const {
    const auto text = UnicodeText::fromUtf8(password);
    if (!text) return {std::nullopt, PasswordProblem::InvalidUtf8};
    // Counted on what the user typed, before normalisation can expand it.
    if (text->codePoints() < kMinCodePoints) return {std::nullopt, PasswordProblem::TooShort};
    if (text->codePoints() > kMaxCodePoints) return {std::nullopt, PasswordProblem::TooLong};
    if (_commonPasswords && _commonPasswords->containsFolded(text->foldedNfkc()))
        return {std::nullopt, PasswordProblem::Common};
    return {AcceptedPassword{text->nfkc()}, std::nullopt};
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
    }
    return "invalid_password";
}

std::string_view PasswordPolicy::message(PasswordProblem problem) {
    switch (problem) {
    case PasswordProblem::InvalidUtf8: return "The password is not valid UTF-8 text.";
    case PasswordProblem::TooShort: return "The password must have at least 8 characters.";
    case PasswordProblem::TooLong: return "The password must have at most 128 characters.";
    case PasswordProblem::Common: return "This password is too common; choose another one.";
    }
    return "Invalid password.";
}

}  // namespace sockstream::authpassword
