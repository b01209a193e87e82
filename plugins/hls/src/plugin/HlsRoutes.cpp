#include "HlsRoutes.h"

#include <algorithm>

namespace sockstream::hls {

namespace {

constexpr const char* kPlaylistType = "application/vnd.apple.mpegurl";
constexpr const char* kImmutable = "public, max-age=31536000, immutable";

std::string contentTypeFor(const Resource& resource) {
    if (resource.extension == "ts") return "video/mp2t";
    if (resource.extension == "m4s") return "video/iso.segment";
    return "video/mp4";
}

}  // namespace

HlsRoutes::HlsRoutes(StreamRegistry& registry, const HlsConfig& config, Cluster& cluster)
    : _registry(registry), _cluster(cluster), _config(config) {}

bool HlsRoutes::forwardedElsewhere(const std::string& roomId, const HttpRequest& request, HttpResponder& responder) {
    auto where = _cluster.locateBroadcast(roomId);
    if (!where) return false;
    _cluster.forward(request, *where, std::move(responder));
    return true;
}

void HlsRoutes::install(HttpRouter& router) {
    router.addAsync("GET", "/hls/{roomId}/{file...}",
                    [this](const HttpRequest& request, HttpResponder responder) { serve(request, std::move(responder)); });
    router.add(
        "OPTIONS", "/hls/{roomId}/{file...}",
        [this](const HttpRequest& request) {
            HttpResponse response(204);
            applyCors(request, response);
            response.setHeader("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS");
            response.setHeader("Access-Control-Allow-Headers", "Range, If-None-Match");
            response.setHeader("Access-Control-Max-Age", "86400");
            return response;
        },
        Dispatch::Inline);
    router.addAsync("GET", "/api/rooms/{roomId}/thumbnail.jpg", [this](const HttpRequest& request, HttpResponder responder) {
        serveThumbnail(request, std::move(responder));
    });
}

void HlsRoutes::applyCors(const HttpRequest& request, HttpResponse& response) const {
    const auto& origins = _config.corsOrigins;
    if (std::find(origins.begin(), origins.end(), "*") != origins.end()) {
        response.setHeader("Access-Control-Allow-Origin", "*");
    } else if (auto origin = request.header("Origin");
               origin && std::find(origins.begin(), origins.end(), *origin) != origins.end()) {
        response.setHeader("Access-Control-Allow-Origin", *origin);
        response.addHeader("Vary", "Origin");
    }
    if (response.findHeader("Access-Control-Allow-Origin"))
        response.setHeader("Access-Control-Expose-Headers", "Content-Length, Content-Range, ETag");
}

HttpResponse HlsRoutes::failure(const HttpRequest& request, int status, std::string_view code, std::string_view message) const {
    HttpResponse response = HttpResponse::error(status, code, message);
    response.setHeader("Cache-Control", "no-store");
    applyCors(request, response);
    return response;
}

HttpResponse HlsRoutes::playlistResponse(const HttpRequest& request, std::shared_ptr<const std::string> text,
                                         std::string etag, bool blocking) const {
    HttpResponse response;
    response.setSharedBody(std::move(text), kPlaylistType);
    // A plain playlist changes every part; a blocking-reload answer names one
    // exact state, so caches may keep it for a while.
    response.setHeader("Cache-Control", blocking ? "public, max-age=" + std::to_string(
                                                       std::max<long long>(1, _config.segmenter.targetDurationMs * 3 / 1000))
                                                 : std::string("no-cache"));
    response.setHeader("ETag", std::move(etag));
    applyCors(request, response);
    return response;
}

HttpResponse HlsRoutes::mediaResponse(const HttpRequest& request, MediaBytes bytes,
                                      const std::string& contentType, std::string etag) const {
    HttpResponse response;
    response.setSealedBody(std::move(bytes), contentType);
    response.setHeader("Cache-Control", kImmutable);
    response.setHeader("ETag", std::move(etag));
    response.allowRanges();
    applyCors(request, response);
    return response;
}

void HlsRoutes::serve(const HttpRequest& request, HttpResponder responder) {
    const std::string& roomId = request.param("roomId");
    auto parsed = HlsRequest::parseResource(request.param("file"));
    if (parsed.status == ParseStatus::BadRequest) {
        responder.send(failure(request, 400, "bad_path", parsed.reason));
        return;
    }
    if (!HlsRequest::isValidRoomId(roomId) || parsed.status == ParseStatus::NotFound) {
        responder.send(failure(request, 404, "not_found", "No such stream or file."));
        return;
    }
    auto stream = _registry.find(roomId);
    const Resource& resource = parsed.value;
    const bool playlist = resource.kind == ResourceKind::Multivariant || resource.kind == ResourceKind::MediaPlaylist;
    if (playlist && stream && !stream->ended() && !stream->playable()) {
        // The broadcast has just started: a viewer who asks now gets the
        // playlist the moment its first segment is complete (about the part
        // hold-back, 1 s), rather than a 404 that sends the player into its
        // offline retry loop.
        auto answer = [this, request, stream, kind = resource.kind, responder](bool ready) {
            if (!ready) responder.send(failure(request, 404, "offline", "This room is not live."));
            else servePlaylist(request, stream, kind, responder);
        };
        if (!stream->waitUntilPlayable(answer))
            responder.send(failure(request, 503, "busy", "Too many requests are waiting on this stream."));
        return;
    }
    if (!stream || !stream->hasMedia()) {
        if (!stream && forwardedElsewhere(roomId, request, responder)) return;
        responder.send(failure(request, 404, "offline", "This room is not live."));
        return;
    }
    if (playlist) {
        servePlaylist(request, stream, resource.kind, std::move(responder));
        return;
    }
    if (resource.generation != stream->generation()) {
        responder.send(failure(request, 404, "not_found", "This file belongs to an earlier broadcast."));
        return;
    }
    std::string etag = "\"" + stream->generation() + "-" + request.param("file") + "\"";
    MediaBytes bytes;
    if (resource.kind == ResourceKind::Init) {
        bytes = stream->initSection(resource.number);
    } else if (resource.kind == ResourceKind::Segment) {
        bytes = stream->segment(resource.number);
    } else {
        servePart(request, stream, resource, std::move(responder));
        return;
    }
    if (!bytes) {
        responder.send(failure(request, 404, "not_found", "No such segment."));
        return;
    }
    responder.send(mediaResponse(request, std::move(bytes), contentTypeFor(resource), std::move(etag)));
}

void HlsRoutes::servePlaylist(const HttpRequest& request, const std::shared_ptr<LiveStream>& stream, ResourceKind kind,
                              HttpResponder responder) {
    if (kind == ResourceKind::MediaPlaylist) {
        serveMediaPlaylist(request, stream, std::move(responder));
        return;
    }
    auto text = stream->multivariant();
    responder.send(playlistResponse(request, text, "\"" + stream->generation() + "-index\"", false));
}

void HlsRoutes::serveMediaPlaylist(const HttpRequest& request, const std::shared_ptr<LiveStream>& stream,
                                   HttpResponder responder) {
    auto directive = HlsRequest::parseDirective(request.queryParam("_HLS_msn"), request.queryParam("_HLS_part"));
    if (!directive.ok()) {
        responder.send(failure(request, 400, "bad_directive", directive.reason));
        return;
    }
    if (!directive.value.blocking()) {
        auto playlist = stream->mediaPlaylist();
        responder.send(playlistResponse(request, playlist.text, playlist.etag, false));
        return;
    }
    std::int64_t msn = *directive.value.msn;
    if (!stream->reachable(msn)) {
        responder.send(failure(request, 400, "too_far_ahead", "_HLS_msn is more than two segments ahead of the playlist."));
        return;
    }
    int part = directive.value.part.value_or(-1);
    auto answer = [this, request, stream, responder](bool available) {
        if (!available && !stream->ended()) {
            HttpResponse response = failure(request, 503, "not_yet", "The requested part did not appear in time.");
            response.setHeader("Retry-After", "1");
            responder.send(std::move(response));
            return;
        }
        auto playlist = stream->mediaPlaylist();
        responder.send(playlistResponse(request, playlist.text, playlist.etag, true));
    };
    if (!stream->waitFor(msn, part, answer))
        responder.send(failure(request, 503, "busy", "Too many requests are waiting on this stream."));
}

void HlsRoutes::servePart(const HttpRequest& request, const std::shared_ptr<LiveStream>& stream, const Resource& resource,
                          HttpResponder responder) {
    std::string etag = "\"" + stream->generation() + "-" + request.param("file") + "\"";
    if (auto bytes = stream->part(resource.number, resource.part)) {
        responder.send(mediaResponse(request, std::move(bytes), "video/iso.segment", std::move(etag)));
        return;
    }
    // A preload hint names the part being written: answer once it exists.
    if (stream->ended() || !stream->reachable(resource.number)) {
        responder.send(failure(request, 404, "not_found", "No such part."));
        return;
    }
    auto answer = [this, request, stream, resource, responder, etag](bool) {
        if (auto bytes = stream->part(resource.number, resource.part))
            responder.send(mediaResponse(request, std::move(bytes), "video/iso.segment", etag));
        else
            responder.send(failure(request, 404, "not_found", "No such part."));
    };
    if (!stream->waitFor(resource.number, resource.part, answer))
        responder.send(failure(request, 503, "busy", "Too many requests are waiting on this stream."));
}

void HlsRoutes::serveThumbnail(const HttpRequest& request, HttpResponder responder) {
    const std::string& roomId = request.param("roomId");
    auto stream = HlsRequest::isValidRoomId(roomId) ? _registry.find(roomId) : nullptr;
    if (!stream || stream->ended()) {
        if (HlsRequest::isValidRoomId(roomId) && forwardedElsewhere(roomId, request, responder)) return;
        responder.send(failure(request, 404, "offline", "This room is not live."));
        return;
    }
    int maxAge = static_cast<int>(_config.thumbnailRefresh.count());
    stream->thumbnail([this, request, responder, maxAge](std::shared_ptr<const std::string> jpeg) {
        if (!jpeg) {
            responder.send(failure(request, 404, "no_thumbnail", "No picture yet."));
            return;
        }
        HttpResponse response;
        std::string etag = "\"thumb-" + std::to_string(std::hash<std::string>{}(*jpeg)) + "\"";
        response.setSharedBody(std::move(jpeg), "image/jpeg");
        response.setHeader("Cache-Control", "public, max-age=" + std::to_string(maxAge));
        response.setHeader("ETag", std::move(etag));
        applyCors(request, response);
        responder.send(std::move(response));
    });
}

}  // namespace sockstream::hls
