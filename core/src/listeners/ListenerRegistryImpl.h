#pragma once

#include <memory>
#include <string>

#include "connections/AddressRanges.h"
#include "sockstream/net/ListenerRegistry.h"

namespace sockstream { class Metrics; }

namespace sockstream::core {

class IoRuntime;

/// Owns every TCP/TLS listener plugins register; opened after plugins start.
/// TLS contexts are built with Poco NetSSL (certificate, key) and driven by asio.
class ListenerRegistryImpl {
public:
    /// Connections from `exemptAddresses` (reverse proxies) count against no per-address cap.
    ListenerRegistryImpl(IoRuntime& runtime, Metrics& metrics, AddressRanges exemptAddresses = {});
    ~ListenerRegistryImpl();

    void add(const std::string& owner, const ListenerSpec& spec, StreamHandlerFactory factory);
    int boundPort(const std::string& name) const;
    /// Binds every registered listener; throws naming the listener on failure.
    void openAll();
    /// Closes listeners and their connections (all, or one owner's).
    void closeAll();
    void removeOwner(const std::string& owner);

    /// The registry view one plugin sees.
    std::unique_ptr<ListenerRegistry> viewFor(const std::string& owner);

private:
    struct Impl;
    std::unique_ptr<Impl> _impl;
};

}  // namespace sockstream::core
