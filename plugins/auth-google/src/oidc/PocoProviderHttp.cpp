#include "oidc/PocoProviderHttp.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/RejectCertificateHandler.h>
#include <Poco/URI.h>

#include "oidc/OidcError.h"

namespace sockstream::authgoogle {

namespace {
[[noreturn]] void unreachable(const std::string& host, const std::string& why) {
    throw OidcError(502, "provider_unreachable", "the sign-in provider " + host + " could not be reached: " + why);
}
}  // namespace

PocoProviderHttp::PocoProviderHttp(const std::string& caFile, std::chrono::milliseconds connectTimeout,
                                   std::chrono::milliseconds readTimeout)
    : _connectTimeout(connectTimeout), _readTimeout(readTimeout) {
    Poco::Net::Context::Params params;
    params.caLocation = caFile;
    params.loadDefaultCAs = caFile.empty();
    params.verificationMode = Poco::Net::Context::VERIFY_STRICT;
    params.verificationDepth = 9;
    params.cipherList = "HIGH:!aNULL:!eNULL:!MD5:!RC4";
    _context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
    _context->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    _context->enableExtendedCertificateVerification(true);  // host name must match the certificate
    // Never fall back to a process-wide handler that might accept or prompt.
    _context->setInvalidCertificateHandler(new Poco::Net::RejectCertificateHandler(false));
}

ProviderHttpResponse PocoProviderHttp::get(const std::string& url, std::size_t maxBytes) {
    return exchange(Poco::Net::HTTPRequest::HTTP_GET, url, {}, std::nullopt, maxBytes);
}

ProviderHttpResponse PocoProviderHttp::getAuthorized(const std::string& url, const std::string& authorization,
                                                     std::size_t maxBytes) {
    return exchange(Poco::Net::HTTPRequest::HTTP_GET, url, {}, authorization, maxBytes);
}

ProviderHttpResponse PocoProviderHttp::postForm(const std::string& url, const std::string& formBody,
                                                const std::optional<std::string>& authorization,
                                                std::size_t maxBytes) {
    return exchange(Poco::Net::HTTPRequest::HTTP_POST, url, formBody, authorization, maxBytes);
}

ProviderHttpResponse PocoProviderHttp::exchange(const std::string& method, const std::string& url,
                                                const std::string& body,
                                                const std::optional<std::string>& authorization,
                                                std::size_t maxBytes) {
    Poco::URI uri;
    try {
        uri = Poco::URI(url);
    } catch (const Poco::SyntaxException&) {
        throw OidcError(502, "provider_unreachable", "invalid provider URL");
    }
    if (uri.getScheme() != "https") throw OidcError(502, "provider_unreachable", "provider URLs must be https");
    const std::string host = uri.getHost();
    const auto deadline = std::chrono::steady_clock::now() + _connectTimeout + _readTimeout;
    try {
        Poco::Net::HTTPSClientSession session(host, uri.getPort(), _context);
        session.setTimeout(Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(_connectTimeout).count()),
                           Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(_readTimeout).count()),
                           Poco::Timespan(std::chrono::duration_cast<std::chrono::microseconds>(_readTimeout).count()));
        session.setKeepAlive(false);
        Poco::Net::HTTPRequest request(method, uri.getPathAndQuery().empty() ? "/" : uri.getPathAndQuery(),
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.set("Accept", "application/json");
        request.set("User-Agent", "SockStream-auth-google");
        if (authorization) request.set("Authorization", *authorization);
        if (method == Poco::Net::HTTPRequest::HTTP_POST) {
            request.setContentType("application/x-www-form-urlencoded");
            request.setContentLength(static_cast<std::streamsize>(body.size()));
        }
        std::ostream& out = session.sendRequest(request);
        out << body;
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        if (response.hasContentLength() && response.getContentLength64() > static_cast<Poco::Int64>(maxBytes))
            unreachable(host, "answer too large");
        ProviderHttpResponse result;
        result.status = response.getStatus();
        char buffer[8192];
        // A provider that trickles bytes must not hold a worker past the deadline.
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
            result.body.append(buffer, static_cast<std::size_t>(in.gcount()));
            if (result.body.size() > maxBytes) unreachable(host, "answer too large");
            if (std::chrono::steady_clock::now() > deadline) unreachable(host, "answer too slow");
        }
        return result;
    } catch (const OidcError&) {
        throw;
    } catch (const Poco::TimeoutException&) {
        unreachable(host, "timed out");
    } catch (const Poco::Exception& e) {
        unreachable(host, e.displayText());
    } catch (const std::exception& e) {
        unreachable(host, e.what());
    }
}

}  // namespace sockstream::authgoogle
