# Piazza chat server in a container (documented in README, "Operating Piazza"; not built by the tests).
#
#   docker build -t piazza .
#   docker run -d --name piazza -p 5000:5000 -p 127.0.0.1:9464:9464 -v piazza-data:/var/lib/piazza piazza
#
# Configure with PIAZZA_* variables (docker run -e PIAZZA_MAX_ROOMS=500 ...) or mount a file at
# /etc/piazza/piazza.jsonc and add PIAZZA_CONFIG=/etc/piazza/piazza.jsonc.

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Piazza.Server/Piazza.Server.csproj -c Release -r linux-x64 --self-contained \
      -p:PublishSingleFile=true -o /out

FROM mcr.microsoft.com/dotnet/runtime-deps:10.0
RUN useradd --system --home-dir /var/lib/piazza --shell /usr/sbin/nologin piazza \
    && install -d -o piazza -g piazza -m 750 /var/lib/piazza
COPY --from=build /out/Piazza.Server /usr/local/bin/piazza-server
USER piazza
# Inside a container the server listens on every interface; the metrics port too, so that the
# publishing rule (-p 127.0.0.1:9464:9464 above) decides who may read it.
ENV PIAZZA_DATA_DIR=/var/lib/piazza \
    PIAZZA_HOST=0.0.0.0 \
    PIAZZA_METRICS_PORT=9464 \
    PIAZZA_METRICS_HOST=0.0.0.0 \
    PIAZZA_LOG_FORMAT=json
VOLUME /var/lib/piazza
EXPOSE 5000 9464
HEALTHCHECK --interval=30s --timeout=3s CMD ["/bin/bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9464 && printf 'GET /readyz HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '200 OK' <&3"]
ENTRYPOINT ["/usr/local/bin/piazza-server"]
