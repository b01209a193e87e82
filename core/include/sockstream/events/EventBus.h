#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace sockstream {

/// Base of every event. Each event type declares `static constexpr std::string_view kTopic`.
struct Event {
    virtual ~Event() = default;
    /// The cluster server where it happened, for room events relayed from
    /// another server (config "cluster"); empty when it happened here.
    std::string originServer;
};

using SubscriptionId = std::uint64_t;

/// Typed publish/subscribe inside one server. Delivery is synchronous, on the
/// publisher's thread, in subscription order: subscribers must be quick and
/// hand slow work to the Scheduler.
class EventBus {
public:
    virtual ~EventBus() = default;

    template <class E>
    SubscriptionId subscribe(std::function<void(const E&)> handler) {
        return subscribeTopic(E::kTopic, [handler = std::move(handler)](const Event& event) {
            handler(static_cast<const E&>(event));
        });
    }
    template <class E>
    void publish(const E& event) {
        publishTopic(E::kTopic, event);
    }

    virtual SubscriptionId subscribeTopic(std::string_view topic, std::function<void(const Event&)> handler) = 0;
    virtual void unsubscribe(SubscriptionId id) = 0;
    virtual void publishTopic(std::string_view topic, const Event& event) = 0;
};

}  // namespace sockstream
