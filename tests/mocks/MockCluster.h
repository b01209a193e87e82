#pragma once

#include <gmock/gmock.h>

#include "sockstream/cluster/Cluster.h"
#include "sockstream/http/HttpRequest.h"
#include "sockstream/http/HttpResponder.h"

namespace sockstream::mocks {

/// A Cluster; by default a single server (enabled() false, nothing located).
class MockCluster : public Cluster {
public:
    MockCluster() {
        using ::testing::Return;
        using ::testing::ReturnRef;
        ON_CALL(*this, enabled()).WillByDefault(Return(false));
        ON_CALL(*this, serverId()).WillByDefault(ReturnRef(id));
        ON_CALL(*this, locateBroadcast(::testing::_)).WillByDefault(Return(std::nullopt));
    }

    MOCK_METHOD(bool, enabled, (), (const, override));
    MOCK_METHOD(const std::string&, serverId, (), (const, override));
    MOCK_METHOD(void, publish, (const std::string& channel, const std::string& payload), (override));
    MOCK_METHOD(ClusterSubscriptionId, subscribe, (const std::string& channel, ClusterMessageHandler handler), (override));
    MOCK_METHOD(void, unsubscribe, (ClusterSubscriptionId id), (override));
    MOCK_METHOD(std::optional<RemoteBroadcast>, locateBroadcast, (const std::string& roomId), (const, override));
    MOCK_METHOD(void, forward, (const HttpRequest& request, const RemoteBroadcast& where, HttpResponder responder), (override));

    std::string id = "standalone";
};

}  // namespace sockstream::mocks
