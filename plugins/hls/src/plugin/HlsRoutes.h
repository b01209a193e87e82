#pragma once

#include <memory>
#include <string>

#include "HlsConfig.h"
#include "HlsRequest.h"
#include "StreamRegistry.h"
#include "sockstream/cluster/Cluster.h"
#include "sockstream/http/HttpRouter.h"

namespace sockstream::hls {

/// GET /hls/{roomId}/... (playlists with blocking reload, init sections,
/// segments, parts) and GET /api/rooms/{roomId}/thumbnail.jpg. Everything is
/// answered from memory on the I/O thread; held requests are callbacks.
class HlsRoutes {
public:
    /// `cluster` finds broadcasts ingested by another server, whose requests are forwarded there.
    HlsRoutes(StreamRegistry& registry, const HlsConfig& config, Cluster& cluster);
    void install(HttpRouter& router);

private:
    void serve(const HttpRequest& request, HttpResponder responder);
    void servePlaylist(const HttpRequest& request, const std::shared_ptr<LiveStream>& stream, ResourceKind kind,
                       HttpResponder responder);
    void serveMediaPlaylist(const HttpRequest& request, const std::shared_ptr<LiveStream>& stream, HttpResponder responder);
    void servePart(const HttpRequest& request, const std::shared_ptr<LiveStream>& stream, const Resource& resource,
                   HttpResponder responder);
    void serveThumbnail(const HttpRequest& request, HttpResponder responder);
    /// True when another server carries the room and the request went there.
    bool forwardedElsewhere(const std::string& roomId, const HttpRequest& request, HttpResponder& responder);

    HttpResponse playlistResponse(const HttpRequest& request, std::shared_ptr<const std::string> text,
                                  std::string etag, bool blocking) const;
    HttpResponse mediaResponse(const HttpRequest& request, MediaBytes bytes,
                               const std::string& contentType, std::string etag) const;
    HttpResponse failure(const HttpRequest& request, int status, std::string_view code, std::string_view message) const;
    void applyCors(const HttpRequest& request, HttpResponse& response) const;

    StreamRegistry& _registry;
    Cluster& _cluster;
    const HlsConfig& _config;
};

}  // namespace sockstream::hls
