#include "http/StaticFiles.h"

#include <fstream>
#include <map>
#include <sstream>

#include "util/Text.h"

namespace sockstream::core {

namespace fs = std::filesystem;

namespace {
/// Never the web app, even when nothing answers there. Media paths are not
/// listed: they look like files (a playlist, a segment) and get the 404 of a
/// missing file; which paths a playback plugin serves is its own business.
bool isApiPath(const std::string& path) {
    for (const char* prefix : {"/api/", "/socket.io/"})
        if (path.rfind(prefix, 0) == 0) return true;
    return false;
}

/// What the web app needs and no more: its own scripts and styles (Vite
/// emits no inline ones; React sets styles through the CSSOM, which CSP
/// allows), hls.js's transmuxer worker and MediaSource URLs from blob:,
/// socket.io and fetch to the site itself ('self' covers ws:/wss: to the same
/// host), thumbnails from the site or data: URLs. No page may frame it.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self'; font-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/// Every HTML answer: the app's pages and the not-built-yet page.
void addDocumentSecurityHeaders(HttpResponse& response) {
    response.setHeader("Content-Security-Policy", kContentSecurityPolicy);
    response.setHeader("X-Frame-Options", "DENY");  // for browsers without frame-ancestors
    response.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
}

bool looksLikeFile(const std::string& path) {
    auto slash = path.rfind('/');
    return path.find('.', slash == std::string::npos ? 0 : slash) != std::string::npos;
}
}  // namespace

StaticFiles::StaticFiles(fs::path root) {
    std::error_code error;
    _root = fs::weakly_canonical(fs::absolute(root), error);
    if (error) _root = fs::absolute(root);
}

std::string StaticFiles::mimeType(const fs::path& file) {
    static const std::map<std::string, std::string> types{
        {".html", "text/html; charset=utf-8"},   {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},           {".map", "application/json"},
        {".svg", "image/svg+xml"},                {".png", "image/png"},
        {".jpg", "image/jpeg"},                   {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},                    {".webp", "image/webp"},
        {".ico", "image/x-icon"},                 {".woff", "font/woff"},
        {".woff2", "font/woff2"},                 {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"}, {".wasm", "application/wasm"},
    };
    auto it = types.find(toLower(file.extension().string()));
    return it == types.end() ? "application/octet-stream" : it->second;
}

HttpResponse StaticFiles::fileResponse(const fs::path& file, bool immutable) const {
    std::ifstream in(file, std::ios::binary);
    if (!in) return HttpResponse::error(404, "not_found", "There is no such file.");
    std::ostringstream content;
    content << in.rdbuf();
    std::error_code error;
    auto modified = fs::last_write_time(file, error).time_since_epoch().count();
    auto size = fs::file_size(file, error);

    HttpResponse response(200);
    response.setBody(content.str(), mimeType(file));
    std::ostringstream etag;
    etag << '"' << std::hex << size << '-' << modified << '"';
    response.setHeader("ETag", etag.str());
    // Vite puts content hashes in asset names: they never change, everything else must be revalidated.
    response.setHeader("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.allowRanges();
    if (mimeType(file).rfind("text/html", 0) == 0) addDocumentSecurityHeaders(response);
    return response;
}

HttpResponse StaticFiles::serve(const HttpRequest& request) const {
    const std::string& path = request.path;
    fs::path index = _root / "index.html";
    if (path != "/" && !isApiPath(path)) {
        fs::path candidate = (_root / fs::path(path).relative_path()).lexically_normal();
        std::error_code error;
        fs::path resolved = fs::weakly_canonical(candidate, error);
        bool inside = !error && resolved.string().rfind(_root.string() + "/", 0) == 0;
        if (inside && fs::is_regular_file(resolved, error))
            return fileResponse(resolved, path.rfind("/assets/", 0) == 0);
    }
    if (isApiPath(path) || looksLikeFile(path))
        return HttpResponse::error(404, "not_found", "There is nothing at " + path + ".");
    if (!fs::is_regular_file(index)) {
        HttpResponse response(503);
        response.setBody("<!doctype html><title>SockStream</title><h1>SockStream is running</h1>"
                         "<p>The web app has not been built yet: run <code>npm ci &amp;&amp; npm run build</code> in "
                         "<code>web/</code> (the set-up script does this).</p>",
                         "text/html; charset=utf-8");
        addDocumentSecurityHeaders(response);
        return response;
    }
    return fileResponse(index, false);
}

}  // namespace sockstream::core
