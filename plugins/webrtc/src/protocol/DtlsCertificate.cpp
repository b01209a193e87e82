#include "DtlsCertificate.h"

#include <openssl/rand.h>

#include "WebRtcError.h"

namespace sockstream::webrtc {

std::string sha256Fingerprint(X509* certificate) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (X509_digest(certificate, EVP_sha256(), digest, &length) != 1)
        throw WebRtcError("could not compute the DTLS certificate's sha-256 fingerprint");
    static const char* hex = "0123456789ABCDEF";
    std::string text;
    for (unsigned int i = 0; i < length; ++i) {
        if (i) text += ':';
        text += hex[digest[i] >> 4];
        text += hex[digest[i] & 0x0F];
    }
    return text;
}

DtlsCertificate DtlsCertificate::generate() {
    DtlsCertificate made;
    made._key.reset(EVP_EC_gen("P-256"), EVP_PKEY_free);
    if (!made._key) throw WebRtcError("could not generate the DTLS ECDSA P-256 key");
    made._certificate.reset(X509_new(), X509_free);
    X509* cert = made._certificate.get();
    unsigned char serial[8];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7F;
    BIGNUM* number = BN_bin2bn(serial, sizeof serial, nullptr);
    BN_to_ASN1_INTEGER(number, X509_get_serialNumber(cert));
    BN_free(number);
    X509_set_version(cert, 2);
    // Valid from a day ago (clock skew) for 30 days; a process restarts long before.
    X509_gmtime_adj(X509_getm_notBefore(cert), -86400);
    X509_gmtime_adj(X509_getm_notAfter(cert), 30L * 86400);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("sockstream"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    if (X509_set_pubkey(cert, made._key.get()) != 1 || X509_sign(cert, made._key.get(), EVP_sha256()) == 0)
        throw WebRtcError("could not sign the DTLS certificate");
    made._fingerprint = sha256Fingerprint(cert);
    return made;
}

}  // namespace sockstream::webrtc
