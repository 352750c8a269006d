# A small image with only the kitgen binary and the CA certificates that
# kitgen deploy needs for HTTPS. Build it from a clone of this repository:
#
#   docker build --build-arg VERSION=v0.1.0 -t kitgen .
#   docker run --rm -v "$PWD:/site" -w /site kitgen build --strict
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=devel
ARG COMMIT=unknown
ARG DATE=unknown
RUN CGO_ENABLED=0 go build -trimpath \
    -ldflags "-s -w -X github.com/kitgen/kitgen/internal/cli.Version=${VERSION} -X github.com/kitgen/kitgen/internal/cli.Commit=${COMMIT} -X github.com/kitgen/kitgen/internal/cli.Date=${DATE}" \
    -o /out/kitgen ./cmd/kitgen

FROM scratch
COPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
COPY --from=build /out/kitgen /kitgen
# kitgen writes a staging folder next to the output and needs a temp dir.
ENV TMPDIR=/tmp
WORKDIR /site
ENTRYPOINT ["/kitgen"]
CMD ["build"]
