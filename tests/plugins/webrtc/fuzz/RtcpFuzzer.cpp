// RTCP parser: arbitrary bytes parse or are refused without reading out of
// bounds; what parses is within the limits, and its reports and feedback,
// written again, parse back to the same values.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "RtcpLimits.h"
#include "RtcpParser.h"
#include "RtcpWriter.h"

using namespace sockstream::webrtc;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view bytes(reinterpret_cast<const char*>(data), size);
    std::string why;
    const auto compound = parseRtcpCompound(bytes, &why);
    if (!compound) {
        if (why.empty()) std::abort();
        return 0;
    }
    std::size_t nacked = 0;
    for (const auto& nack : compound->nacks) nacked += nack.sequences.size();
    if (nacked > RtcpLimits::maxNackedSequences) std::abort();

    std::string again;
    for (const auto& report : compound->senderReports) appendSenderReport(again, report);
    for (const auto& report : compound->receiverReports) appendReceiverReport(again, report);
    for (const auto& pli : compound->pictureLosses) appendPictureLossIndication(again, pli.senderSsrc, pli.mediaSsrc);
    for (const auto& fir : compound->fullIntraRequests) appendFullIntraRequest(again, fir.senderSsrc, fir.entries);
    for (const auto& nack : compound->nacks)
        if (!nack.sequences.empty()) appendGenericNack(again, nack.senderSsrc, nack.mediaSsrc, nack.sequences);
    if (again.empty() || again.size() > RtcpLimits::maxCompoundSize) return 0;
    const auto reparsed = parseRtcpCompound(again);
    if (!reparsed) std::abort();
    if (reparsed->senderReports.size() != compound->senderReports.size()) std::abort();
    for (std::size_t i = 0; i < compound->senderReports.size(); ++i) {
        const auto& a = compound->senderReports[i];
        const auto& b = reparsed->senderReports[i];
        if (a.ntpTime != b.ntpTime || a.rtpTimestamp != b.rtpTimestamp || a.reports.size() != b.reports.size()) std::abort();
        for (std::size_t j = 0; j < a.reports.size(); ++j)
            if (a.reports[j].cumulativeLost != b.reports[j].cumulativeLost || a.reports[j].jitter != b.reports[j].jitter) std::abort();
    }
    if (reparsed->pictureLosses.size() != compound->pictureLosses.size()) std::abort();
    if (reparsed->fullIntraRequests.size() != compound->fullIntraRequests.size()) std::abort();
    return 0;
}
