# syntax=docker/dockerfile:1
#
# The server image: a static binary on distroless, running as nonroot.
#   docker build --build-arg VERSION=1.2.3 -t passwordless .
# The go build line is the one scripts/build.sh runs in CI (deploy_test.go
# keeps them identical).

FROM golang:1.26-bookworm AS build
WORKDIR /src
# Modules first, so source edits do not invalidate the download layer.
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o /out/passwordless ./cmd/passwordless
# The data dir (SQLite file, generated secrets, mail outbox) must be
# writable by the nonroot user of the final image, which has no shell.
RUN mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/passwordless /usr/local/bin/passwordless
COPY --from=build --chown=65532:65532 /out/data /app/data
WORKDIR /app
ENV LISTEN_ADDR=:8080 \
    DATA_DIR=/app/data \
    DATABASE_URL=sqlite://./data/passwordless.db
USER 65532:65532
EXPOSE 8080
VOLUME ["/app/data"]
# distroless has no curl: the binary probes its own /health/http.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["/usr/local/bin/passwordless", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/passwordless"]
CMD ["serve"]
