//! Reading configuration text safely: size limit, binary detection, include globs and the
//! include stack that catches cycles. The only file I/O of the readers goes through here.

use std::path::{Path, PathBuf};

use super::error::{ConfigError, ConfigErrorKind};

/// Largest file a reader opens: configuration is small, a 32 MiB file is a mistake.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;
/// Most files one configuration may pull in through includes.
pub const MAX_INCLUDED_FILES: usize = 4096;
/// Deepest include chain followed (nginx has no limit; a chain this long is a cycle that
/// goes through different spellings of paths, or a generator gone wrong).
pub const MAX_INCLUDE_DEPTH: usize = 64;

/// Reads a file as text, or says why not.
pub fn read_text_file(path: &Path) -> Result<String, ConfigError> {
    let unreadable = |error: std::io::Error| {
        ConfigError::new(path, None, ConfigErrorKind::Unreadable(error.kind()), "")
    };
    let metadata = std::fs::metadata(path).map_err(unreadable)?;
    if metadata.is_dir() {
        return Err(ConfigError::new(
            path,
            None,
            ConfigErrorKind::Unreadable(std::io::ErrorKind::IsADirectory),
            "",
        ));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(ConfigError::new(
            path,
            None,
            ConfigErrorKind::TooLarge,
            metadata.len().to_string(),
        ));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    text_of(path, bytes)
}

/// The bytes as text, or a `Binary` error at the line of the first byte that is not text.
pub fn text_of(path: &Path, bytes: Vec<u8>) -> Result<String, ConfigError> {
    match String::from_utf8(bytes) {
        Ok(text) => {
            check_text(path, &text)?;
            Ok(text)
        }
        Err(error) => {
            let bytes = error.as_bytes();
            let valid = error.utf8_error().valid_up_to();
            let line = line_at(&bytes[..valid]);
            Err(ConfigError::at(path, line, ConfigErrorKind::Binary, ""))
        }
    }
}

/// Text with a NUL byte is binary too, and so is text over the size limit.
pub fn check_text(path: &Path, text: &str) -> Result<(), ConfigError> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(ConfigError::new(
            path,
            None,
            ConfigErrorKind::TooLarge,
            text.len().to_string(),
        ));
    }
    if let Some(position) = text.bytes().position(|byte| byte == 0) {
        let line = line_at(&text.as_bytes()[..position]);
        return Err(ConfigError::at(path, line, ConfigErrorKind::Binary, ""));
    }
    Ok(())
}

/// 1-based line number of the position just after `prefix`.
fn line_at(prefix: &[u8]) -> usize {
    1 + prefix.iter().filter(|&&byte| byte == b'\n').count()
}

/// Whether an include argument is a wildcard pattern (glob(3) syntax).
pub fn is_glob(pattern: &str) -> bool {
    pattern.contains(['*', '?', '['])
}

/// The files an include pattern names, sorted as glob(3) sorts them, hidden files only when
/// the pattern spells the dot. Directories are left out; unreadable entries are skipped.
pub fn expand_glob(pattern: &Path) -> Vec<PathBuf> {
    let options = glob::MatchOptions {
        case_sensitive: true,
        require_literal_separator: true,
        require_literal_leading_dot: true,
    };
    let Some(pattern) = pattern.to_str() else {
        return Vec::new();
    };
    let Ok(paths) = glob::glob_with(pattern, options) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = paths
        .filter_map(Result::ok)
        .filter(|path| !path.is_dir())
        .collect();
    files.sort();
    files
}

/// `path` if absolute, else `path` under `base`.
pub fn resolve(base: &Path, path: &str) -> PathBuf {
    let path = Path::new(path);
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}

/// The chain of files being read, innermost last, and every file read so far.
#[derive(Debug, Default)]
pub struct IncludeStack {
    open: Vec<PathBuf>,
    pub read: Vec<PathBuf>,
}

impl IncludeStack {
    /// Enters `file`, included at `from` (file, line); refuses a cycle, a chain too deep or
    /// too many files.
    pub fn enter(&mut self, file: &Path, from: Option<(&Path, usize)>) -> Result<(), ConfigError> {
        let identity = identity_of(file);
        let refuse = |kind: ConfigErrorKind| match from {
            Some((includer, line)) => {
                ConfigError::at(includer, line, kind, file.display().to_string())
            }
            None => ConfigError::new(file, None, kind, ""),
        };
        if self.open.contains(&identity) {
            return Err(refuse(ConfigErrorKind::IncludeCycle));
        }
        if self.open.len() >= MAX_INCLUDE_DEPTH {
            return Err(refuse(ConfigErrorKind::NestingTooDeep));
        }
        if self.read.len() >= MAX_INCLUDED_FILES {
            return Err(refuse(ConfigErrorKind::TooManyIncludes));
        }
        self.open.push(identity);
        self.read.push(file.to_path_buf());
        Ok(())
    }

    pub fn leave(&mut self) {
        self.open.pop();
    }
}

/// The canonical path when the file exists (so `a/../b.conf` and `b.conf` are one file).
fn identity_of(file: &Path) -> PathBuf {
    std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_is_binary_at_its_line() {
        let error = text_of(Path::new("f"), b"a\nb\n\xff\xfe".to_vec()).unwrap_err();
        assert_eq!(error.kind, ConfigErrorKind::Binary);
        assert_eq!(error.line, Some(3));
    }

    #[test]
    fn a_nul_byte_is_binary_at_its_line() {
        let error = text_of(Path::new("f"), b"listen 80;\n\0".to_vec()).unwrap_err();
        assert_eq!(error.kind, ConfigErrorKind::Binary);
        assert_eq!(error.line, Some(2));
    }

    #[test]
    fn a_file_that_includes_itself_is_a_cycle_at_the_include_line() {
        let mut stack = IncludeStack::default();
        stack.enter(Path::new("/x/a.conf"), None).unwrap();
        let error = stack
            .enter(Path::new("/x/a.conf"), Some((Path::new("/x/a.conf"), 7)))
            .unwrap_err();
        assert_eq!(error.kind, ConfigErrorKind::IncludeCycle);
        assert_eq!(error.line, Some(7));
    }
}
