#include "listeners/TlsContextFactory.h"

#include <mutex>
#include <stdexcept>

#include <openssl/ssl.h>
#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/SSLManager.h>

namespace sockstream::core {

std::shared_ptr<boost::asio::ssl::context> TlsContextFactory::create(const TlsConfig& config) {
    static std::once_flag sslInitialized;
    std::call_once(sslInitialized, [] { Poco::Net::initializeSSL(); });

    Poco::Net::Context::Params params;
    params.certificateFile = config.certificateFile;
    params.privateKeyFile = config.privateKeyFile;
    params.verificationMode = Poco::Net::Context::VERIFY_NONE;
    params.loadDefaultCAs = false;
    Poco::Net::Context::Ptr pocoContext;
    try {
        pocoContext = new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, params);
    } catch (const Poco::Exception& e) {
        throw std::invalid_argument("cannot load TLS certificate '" + config.certificateFile + "' or key '" +
                                    config.privateKeyFile + "': " + e.displayText());
    }
    SSL_CTX* native = pocoContext->sslContext();
    if (SSL_CTX_check_private_key(native) != 1)
        throw std::invalid_argument("TLS key '" + config.privateKeyFile + "' does not match certificate '" +
                                    config.certificateFile + "'");
    // OpenSSL holds its 2 x 16 KiB record buffers only while a connection is busy.
    SSL_CTX_set_mode(native, SSL_MODE_RELEASE_BUFFERS);
    // asio's context frees the SSL_CTX it is given; Poco's frees its own: one reference each.
    SSL_CTX_up_ref(native);
    return std::make_shared<boost::asio::ssl::context>(native);
}

}  // namespace sockstream::core
