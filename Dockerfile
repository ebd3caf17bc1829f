# spotray's container image: the queue worker (`spotray work`, the default command) and the
# renderer, on a FROM scratch base holding only what the binary needs (about 20 MB).
#
#   docker build -t spotray .
#   docker run --rm spotray render /scenes/spheres -o /tmp/spheres.png
#   docker run --rm -e SQS_QUEUE_URL=... -e AWS_REGION=... spotray          # = spotray work
#
# Stages:
#   build    compiles spotray with a pinned Rust toolchain and assembles the runtime file
#            tree in /out/rootfs (deploy/assemble-rootfs.sh: the binary, the loader and the
#            libraries ldd lists, CA certificates, passwd/group, /tmp, /scratch, /scenes,
#            POV-Ray's include folder from Debian's povray-includes).
#   runtime  FROM scratch + that tree, run as user 10001.
# scripts/container-test.sh builds this whole file with podman (where no registry can be
# reached, FROM a local stand-in for the rust image: scripts/rust-image-standin.sh), then
# renders in the image and runs its worker against moto.

# The toolchain is pinned to an exact release (rust-version in Cargo.toml is the minimum;
# this is what is tested). To also pin the image's content, append its digest where you
# can pull it:
#   docker pull rust:1.95.0-bookworm
#   docker inspect --format '{{index .RepoDigests 0}}' rust:1.95.0-bookworm
#   -> rust@sha256:<digest>; then use rust:1.95.0-bookworm@sha256:<digest> here.
# The runtime libraries come from this image too (Debian bookworm's glibc), so the binary
# and its libraries always match.
ARG RUST_IMAGE=rust:1.95.0-bookworm

FROM ${RUST_IMAGE} AS build
WORKDIR /src

# Dependencies first, in their own layer: with only the manifests and empty targets, this
# layer is rebuilt only when Cargo.toml or Cargo.lock change, not on every source edit.
COPY Cargo.toml Cargo.lock ./
RUN mkdir src \
 && echo 'fn main() {}' > src/main.rs \
 && touch src/lib.rs \
 && cargo build --release --locked \
 && rm -rf src

# Then the crate itself. COPY keeps the files' old modification times, which can be older
# than the dummy build above: touch them so cargo rebuilds spotray from the real sources.
COPY src ./src
RUN find src -type f -exec touch {} + \
 && cargo build --release --locked

# POV-Ray's standard include files, fonts and their images (CC-BY-SA-3.0), used as they
# are from Debian's package: scenes that say #include "woods.inc" render as with POV-Ray.
RUN apt-get update \
 && apt-get install -y --no-install-recommends povray-includes \
 && rm -rf /var/lib/apt/lists/*

COPY scenes ./scenes
COPY deploy/assemble-rootfs.sh ./deploy/assemble-rootfs.sh
RUN deploy/assemble-rootfs.sh target/release/spotray /out/rootfs

FROM scratch AS runtime
COPY --from=build /out/rootfs/ /

LABEL org.opencontainers.image.title="spotray" \
      org.opencontainers.image.description="POV-Ray scene renderer and SQS/S3 queue worker" \
      org.opencontainers.image.licenses="Apache-2.0"

# There is no shell in the image: PATH only serves `docker exec CONTAINER spotray ...`.
# SSL_CERT_FILE names the CA bundle explicitly (rustls' native roots also find it there).
ENV PATH=/usr/local/bin \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt

# Jobs unpack and render under $TMPDIR (default /tmp). The ECS task definition makes the
# root file system read-only, sets TMPDIR=/scratch and mounts a volume there; declaring it
# here makes ECS (and docker/podman) give that volume this folder's permissions (1777),
# so the unprivileged user can write to it.
VOLUME ["/scratch"]
WORKDIR /tmp

USER 10001:10001
ENTRYPOINT ["/usr/local/bin/spotray"]
CMD ["work"]
