# A minimal image for `kubectl debug node/<name> --image=...`: the static musl portdoc that
# scripts/cross built and tested, on scratch.
#   scripts/cross musl && docker build -t portdoc .
#   kubectl debug node/<name> -it --profile=sysadmin --image=<registry>/portdoc -- portdoc who 443 --all-netns
FROM scratch
COPY target/x86_64-unknown-linux-musl/release/portdoc /usr/local/bin/portdoc
ENTRYPOINT ["/usr/local/bin/portdoc"]
CMD ["who"]
