# syntax=docker/dockerfile:1
# Multi-stage image: the build stage runs the same scripts/setup.sh as the README's
# quick start; the runtime stage keeps only the shared libraries the server loads.

FROM debian:12 AS build
WORKDIR /src
COPY . .
RUN scripts/setup.sh \
 && cmake --install build --prefix /opt/sockstream \
 && mkdir -p /opt/sockstream/share/sockstream \
 && cp -r web/dist /opt/sockstream/share/sockstream/web \
 && if [ -d plugins/auth-password/data ]; then cp -r plugins/auth-password/data /opt/sockstream/share/sockstream/auth-password; fi

FROM debian:12-slim AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ca-certificates curl libargon2-1 \
      libpocofoundation80 libpoconet80 libpoconetssl80 libpococrypto80 libpocojson80 libpocoutil80 \
      libpocodata80 libpocodatasqlite80 libpocodatapostgresql80 libpocoredis80 libpocojwt80 \
      libboost-filesystem1.74.0 libavformat59 libavcodec59 libavutil57 libswscale6 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --create-home --home-dir /var/lib/sockstream --shell /usr/sbin/nologin sockstream
COPY --from=build /opt/sockstream /opt/sockstream
COPY config/docker.json /etc/sockstream/sockstream.json
USER sockstream
WORKDIR /var/lib/sockstream
VOLUME ["/var/lib/sockstream"]
ENV SOCKSTREAM_DATA_DIR=/var/lib/sockstream
EXPOSE 8080 1935
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
ENTRYPOINT ["/opt/sockstream/bin/sockstream", "--config", "/etc/sockstream/sockstream.json"]
