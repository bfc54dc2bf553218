//! Pre-flight readers for `portdoc check --from FILE`: turn server and deployment
//! configuration into the (address, port, protocol) bindings it will make, each with the
//! file and line it comes from, before anything is deployed.
//!
//! Pure apart from reading the configuration files themselves: no sockets, no name
//! resolution, no environment. One file per format; `source` is the only file I/O,
//! `register` reads the port register. What each reader verified against the real program
//! is in docs/config.md.

mod address;
mod apache;
mod compose;
mod detect;
mod error;
mod fluvio;
mod haproxy;
mod interpolate;
mod keycloak;
mod kubernetes;
mod model;
mod nginx;
pub mod register;
mod source;
mod systemd;
mod yaml;

use std::path::Path;

pub use error::{ConfigError, ConfigErrorKind};
pub use model::{
    Binder, Binding, BindingKind, ConfigIssue, ConfigIssueKind, Extraction, Format, Origin,
    SkipReason, Skipped,
};
pub use source::MAX_FILE_BYTES;

/// Most bindings kept from one configuration (port ranges can multiply a line by 65535).
pub const MAX_BINDINGS: usize = 262_144;

/// Reads `path` (and what it includes) as `format`, or as the format its name or text
/// shows when `format` is `None`.
pub fn read_file(path: &Path, format: Option<Format>) -> Result<Extraction, ConfigError> {
    let text = source::read_text_file(path)?;
    read(&text, path, format)
}

/// Reads configuration text that did not come from a file (stdin); `origin` names it in
/// origins and errors, and relative includes resolve against its directory.
pub fn read_text(
    text: &str,
    origin: &Path,
    format: Option<Format>,
) -> Result<Extraction, ConfigError> {
    source::check_text(origin, text)?;
    read(text, origin, format)
}

/// Reads configuration bytes that did not come from a file (stdin), refusing binary input
/// at the line it starts, as for files.
pub fn read_bytes(
    bytes: Vec<u8>,
    origin: &Path,
    format: Option<Format>,
) -> Result<Extraction, ConfigError> {
    let text = source::text_of(origin, bytes)?;
    read(&text, origin, format)
}

fn read(text: &str, path: &Path, format: Option<Format>) -> Result<Extraction, ConfigError> {
    let format = match format {
        Some(format) => format,
        None => Format::detect(path, text)
            .ok_or_else(|| ConfigError::new(path, None, ConfigErrorKind::UnknownFormat, ""))?,
    };
    let mut extraction = match format {
        Format::Nginx => nginx::read(text, path)?,
        Format::Apache => apache::read(text, path)?,
        Format::Haproxy => haproxy::read(text, path)?,
        Format::Compose => compose::read(text, path)?,
        Format::Kubernetes => kubernetes::read(text, path)?,
        Format::SystemdSocket => systemd::read(text, path)?,
        Format::Keycloak => keycloak::read(text, path)?,
        Format::FluvioSpu => fluvio::read(text, path)?,
    };
    if extraction.files.is_empty() {
        extraction.files.push(path.to_path_buf());
    }
    Ok(extraction)
}

/// Refuses to grow a configuration's bindings to `count`, past [`MAX_BINDINGS`].
pub(crate) fn check_binding_count(
    count: usize,
    origin: &Origin,
    text: &str,
) -> Result<(), ConfigError> {
    if count > MAX_BINDINGS {
        return Err(ConfigError::at(
            &origin.file,
            origin.line,
            ConfigErrorKind::TooManyBindings,
            text,
        ));
    }
    Ok(())
}
