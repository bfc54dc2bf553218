# A minimal image for `kubectl debug node/<name> --image=...`: a static portdoc on scratch.
#   docker build -t portdoc .
#   kubectl debug node/<name> -it --profile=sysadmin --image=<registry>/portdoc -- portdoc who 443 --all-netns
FROM rust:1-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends musl-tools \
    && rustup target add x86_64-unknown-linux-musl
WORKDIR /src
COPY . .
RUN cargo build --locked --release --target x86_64-unknown-linux-musl

FROM scratch
COPY --from=build /src/target/x86_64-unknown-linux-musl/release/portdoc /portdoc
ENTRYPOINT ["/portdoc"]
CMD ["who"]
