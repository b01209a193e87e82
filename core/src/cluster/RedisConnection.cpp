#include "cluster/RedisConnection.h"

#include <stdexcept>

#include <Poco/Exception.h>
#include <Poco/Redis/Error.h>
#include <Poco/Redis/Exception.h>

namespace sockstream::core {

namespace {

void requireOk(Poco::Redis::RedisType::Ptr reply, const std::string& what) {
    if (reply && reply->isError()) {
        auto* error = dynamic_cast<Poco::Redis::Type<Poco::Redis::Error>*>(reply.get());
        throw std::runtime_error(what + ": " + (error ? error->value().getMessage() : std::string("error")));
    }
}

}  // namespace

void RedisConnection::connect(Poco::Timespan timeout) {
    disconnect();
    auto client = std::make_unique<Poco::Redis::Client>();
    try {
        client->connect(_endpoint.host, _endpoint.port, timeout);
        client->setReceiveTimeout(timeout);
        if (!_endpoint.password.empty()) {
            Poco::Redis::Array auth;
            auth << "AUTH";
            if (!_endpoint.user.empty()) auth << _endpoint.user;
            auth << _endpoint.password;
            requireOk(client->sendCommand(auth), "Redis refused the password");
        }
        if (_endpoint.database != 0) {
            Poco::Redis::Array select;
            select << "SELECT" << std::to_string(_endpoint.database);
            requireOk(client->sendCommand(select), "Redis refused the database number");
        }
        Poco::Redis::Array ping;
        ping << "PING";
        requireOk(client->sendCommand(ping), "Redis did not answer PING");
    } catch (const Poco::Exception& error) {
        throw std::runtime_error("cannot reach Redis at " + _endpoint.describe() + ": " + error.displayText());
    }
    _client = std::move(client);
}

void RedisConnection::disconnect() {
    if (!_client) return;
    try {
        _client->disconnect();
    } catch (...) {
        // The connection is being thrown away anyway.
    }
    _client.reset();
}

Poco::Redis::RedisType::Ptr RedisConnection::execute(const Poco::Redis::Array& command) {
    if (!_client) throw std::runtime_error("not connected to Redis");
    try {
        auto reply = _client->sendCommand(command);
        requireOk(reply, "Redis command failed");
        return reply;
    } catch (...) {
        disconnect();
        throw;
    }
}

void RedisConnection::subscribe(const std::string& channel) {
    Poco::Redis::Array command;
    command << "SUBSCRIBE" << channel;
    execute(command);
}

Poco::Redis::RedisType::Ptr RedisConnection::receive() {
    if (!_client) throw std::runtime_error("not connected to Redis");
    try {
        return _client->readReply();
    } catch (...) {
        disconnect();
        throw;
    }
}

void RedisConnection::setReceiveTimeout(Poco::Timespan timeout) {
    if (_client) _client->setReceiveTimeout(timeout);
}

}  // namespace sockstream::core
