#include "SrtEndpoints.h"

namespace sockstream::srt {

IngestEndpoint srtIngestEndpoint(const SrtConfig& config, const Settings& settings) {
    IngestEndpoint ingest;
    ingest.protocol = "srt";
    ingest.name = "SRT";
    const std::string host = settings.publicHost.empty() ? "localhost" : settings.publicHost;
    ingest.serverUrl = config.publicUrl.empty() ? "srt://" + host + ":" + std::to_string(config.port) : config.publicUrl;
    // OBS's SRT output takes the whole URL in "Server" and calls the key field "Stream ID"
    // when the service is Custom; ffmpeg and GStreamer take the same URL.
    ingest.keyLabel = "Stream ID";
    ingest.publishUrl = ingest.serverUrl + "?streamid=publish:{streamKey}";
    return ingest;
}

}  // namespace sockstream::srt
