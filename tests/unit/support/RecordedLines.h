#pragma once

#include <mutex>
#include <string>
#include <vector>

namespace sockstream::test {

/// A thread-safe list of lines a recording test double writes, one per callback.
class RecordedLines {
public:
    std::vector<std::string> events() const {
        std::lock_guard lock(_mutex);
        return _events;
    }
    void clear() {
        std::lock_guard lock(_mutex);
        _events.clear();
    }

protected:
    void add(std::string line) {
        std::lock_guard lock(_mutex);
        _events.push_back(std::move(line));
    }

private:
    mutable std::mutex _mutex;
    std::vector<std::string> _events;
};

}  // namespace sockstream::test
