#pragma once

#include <filesystem>

#include "sockstream/http/HttpRequest.h"
#include "sockstream/http/HttpResponse.h"

namespace sockstream::core {

/// Serves the built web app (web/dist): files with their MIME type, ETag and
/// caching headers, and index.html for client-side routes (SPA fallback).
class StaticFiles {
public:
    explicit StaticFiles(std::filesystem::path root);
    HttpResponse serve(const HttpRequest& request) const;
    static std::string mimeType(const std::filesystem::path& file);

private:
    HttpResponse fileResponse(const std::filesystem::path& file, bool immutable) const;
    std::filesystem::path _root;
};

}  // namespace sockstream::core
