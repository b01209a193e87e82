#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace sockstream {

/// Lets one plugin offer a C++ API (declared under core/include/sockstream/)
/// to others without either including the other. A service type declares
///   static constexpr std::string_view kServiceName = "chat";
/// A consumer must list the provider in its config "dependencies", so the
/// provider is initialised before and stopped after it.
class Services {
public:
    virtual ~Services() = default;

    template <class T>
    void provide(std::shared_ptr<T> service) {
        provideService(T::kServiceName, std::shared_ptr<void>(service, service.get()));
    }
    /// nullptr when no loaded plugin provides it.
    template <class T>
    std::shared_ptr<T> find() {
        return std::static_pointer_cast<T>(findService(T::kServiceName));
    }

    virtual void provideService(std::string_view name, std::shared_ptr<void> service) = 0;
    virtual std::shared_ptr<void> findService(std::string_view name) = 0;
};

}  // namespace sockstream
