#pragma once

#include <memory>
#include <string>

#include <openssl/evp.h>
#include <openssl/x509.h>

namespace sockstream::webrtc {

/// A self-signed ECDSA P-256 certificate made at start-up: WebRTC
/// authenticates it by the fingerprint in the SDP, not by a CA, so a fresh
/// one per process is both allowed and the safest choice.
class DtlsCertificate {
public:
    /// Throws WebRtcError if OpenSSL cannot make the key or certificate.
    static DtlsCertificate generate();

    EVP_PKEY* key() const { return _key.get(); }
    X509* certificate() const { return _certificate.get(); }
    /// "sha-256" fingerprint as SDP writes it: upper-case hex pairs with colons.
    const std::string& fingerprint() const { return _fingerprint; }

private:
    std::shared_ptr<EVP_PKEY> _key;
    std::shared_ptr<X509> _certificate;
    std::string _fingerprint;
};

/// The sha-256 fingerprint of any certificate, in SDP form.
std::string sha256Fingerprint(X509* certificate);

}  // namespace sockstream::webrtc
