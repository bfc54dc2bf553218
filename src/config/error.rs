//! A configuration portdoc cannot read: the file, the line and a typed problem with the
//! offending text. When a reader returns one, nothing else from that file is checked.

use std::path::{Path, PathBuf};

use serde::Serialize;

/// Why a configuration could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConfigErrorKind {
    /// The file could not be opened or read.
    Unreadable(#[serde(serialize_with = "io_kind_name")] std::io::ErrorKind),
    /// Larger than portdoc reads (see `MAX_FILE_BYTES`).
    TooLarge,
    /// Not text: bytes that are not UTF-8, or NUL bytes.
    Binary,
    /// No `--format` and nothing in the name or text says which format it is.
    UnknownFormat,
    /// A `{` (nginx) or `<Section>` (Apache) never closed.
    UnterminatedBlock,
    /// A `}` or `</Section>` with no open block.
    UnexpectedBlockEnd,
    /// A quote never closed.
    UnterminatedQuote,
    /// A directive not ended by `;` before the end of the file or block.
    UnterminatedDirective,
    /// Blocks or YAML collections nested deeper than portdoc follows.
    NestingTooDeep,
    /// An include that includes itself, directly or through other files.
    IncludeCycle,
    /// More files included than portdoc follows.
    TooManyIncludes,
    /// A port that is not a number from 1 to 65535.
    BadPort,
    /// A port range whose start is above its end, or whose sides differ in length.
    BadPortRange,
    /// An address that is neither an IP address, a wildcard nor a host name.
    BadAddress,
    /// A directive without the arguments it needs.
    MissingArgument,
    /// A value of the wrong type (a mapping where a port is expected, `yes` for a port...).
    BadValue,
    /// YAML the parser rejects; the text is the parser's description.
    YamlSyntax,
    /// A line that is neither `key=value`, a section header nor a comment.
    BadLine,
    /// More bindings than portdoc keeps from one configuration.
    TooManyBindings,
    /// TOML the parser rejects (the port register); the text is the parser's description.
    TomlSyntax,
    /// A register allocation names a purpose the register does not define.
    UnknownPurpose,
    /// Two register allocations give the same port and protocol to two services.
    OverlappingAllocation,
}

/// `std::io::ErrorKind` as the system names it (`permission denied`).
fn io_kind_name<S: serde::Serializer>(
    kind: &std::io::ErrorKind,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(kind)
}

impl ConfigErrorKind {
    /// The problem, for the one-line message.
    pub fn describe(self) -> &'static str {
        match self {
            ConfigErrorKind::Unreadable(_) => "cannot read the file",
            ConfigErrorKind::TooLarge => "file too large",
            ConfigErrorKind::Binary => "not a text file",
            ConfigErrorKind::UnknownFormat => "unknown configuration format (use --format)",
            ConfigErrorKind::UnterminatedBlock => "block never closed",
            ConfigErrorKind::UnexpectedBlockEnd => "block closed but never opened",
            ConfigErrorKind::UnterminatedQuote => "quote never closed",
            ConfigErrorKind::UnterminatedDirective => "directive not ended by \";\"",
            ConfigErrorKind::NestingTooDeep => "nested too deeply",
            ConfigErrorKind::IncludeCycle => "include cycle",
            ConfigErrorKind::TooManyIncludes => "too many included files",
            ConfigErrorKind::BadPort => "bad port",
            ConfigErrorKind::BadPortRange => "bad port range",
            ConfigErrorKind::BadAddress => "bad address",
            ConfigErrorKind::MissingArgument => "missing argument",
            ConfigErrorKind::BadValue => "bad value",
            ConfigErrorKind::YamlSyntax => "YAML syntax error",
            ConfigErrorKind::BadLine => "unreadable line",
            ConfigErrorKind::TooManyBindings => "too many bindings",
            ConfigErrorKind::TomlSyntax => "TOML syntax error",
            ConfigErrorKind::UnknownPurpose => "unknown purpose",
            ConfigErrorKind::OverlappingAllocation => "port allocated twice",
        }
    }
}

/// A configuration that could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ConfigError {
    pub file: PathBuf,
    /// 1-based; `None` when the problem is the whole file (unreadable, unknown format).
    pub line: Option<usize>,
    pub kind: ConfigErrorKind,
    /// The offending text (a directive, a value, the parser's description); may be empty.
    pub text: String,
}

impl ConfigError {
    pub fn new(
        file: &Path,
        line: Option<usize>,
        kind: ConfigErrorKind,
        text: impl Into<String>,
    ) -> ConfigError {
        ConfigError {
            file: file.to_path_buf(),
            line,
            kind,
            text: text.into(),
        }
    }

    pub fn at(file: &Path, line: usize, kind: ConfigErrorKind, text: impl Into<String>) -> Self {
        ConfigError::new(file, Some(line), kind, text)
    }
}

/// Longest offending text a message quotes.
const QUOTED_TEXT_LIMIT: usize = 120;

impl std::fmt::Display for ConfigError {
    /// `FILE:LINE: problem: text` on one line; control characters in the quoted text are
    /// escaped so a binary file cannot break the line or drive the terminal.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.kind.describe())?;
        if let ConfigErrorKind::Unreadable(io_kind) = self.kind {
            write!(f, " ({io_kind})")?;
        }
        let text = self.text.trim();
        if !text.is_empty() {
            f.write_str(": ")?;
            for (count, character) in text.chars().enumerate() {
                if count == QUOTED_TEXT_LIMIT {
                    f.write_str("…")?;
                    break;
                }
                if character.is_control() {
                    write!(f, "{}", character.escape_default())?;
                } else {
                    write!(f, "{character}")?;
                }
            }
        }
        Ok(())
    }
}

impl std::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_is_one_line_naming_file_line_and_problem() {
        let error = ConfigError::at(
            Path::new("/etc/nginx/nginx.conf"),
            12,
            ConfigErrorKind::BadPort,
            "listen 99999\n;",
        );
        assert_eq!(
            error.to_string(),
            "/etc/nginx/nginx.conf:12: bad port: listen 99999\\n;"
        );
    }

    #[test]
    fn an_error_without_a_line_names_the_file() {
        let error = ConfigError::new(Path::new("x.bin"), None, ConfigErrorKind::UnknownFormat, "");
        assert_eq!(
            error.to_string(),
            "x.bin: unknown configuration format (use --format)"
        );
    }
}
