#pragma once

#include <string>
#include <vector>

#include "TransportAddress.h"

namespace sockstream::webrtc {

/// One UDP datagram to send from the shared media port.
struct Datagram {
    TransportAddress to;
    std::string bytes;
};

using DatagramBatch = std::vector<Datagram>;

}  // namespace sockstream::webrtc
