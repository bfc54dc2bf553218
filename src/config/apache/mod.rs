//! Apache httpd: `Listen` through `Include`/`IncludeOptional` (globs and directories,
//! relative to `ServerRoot`), with `<IfModule>` decided by the `LoadModule` lines read so
//! far. Socket rules as apache2 2.4 on Debian does them (verified: docs/config.md): `Listen
//! 80` is one dual-stack `[::]:80` socket, and `0.0.0.0:P` beside `[::]:P` is served by
//! the IPv6 socket instead of failing.

mod syntax;

use std::collections::HashSet;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use syntax::{logical_lines, words};

use crate::config::address::{ANY_V4, ANY_V6, Host, parse_port};
use crate::config::error::{ConfigError, ConfigErrorKind};
use crate::config::model::{
    Binding, BindingKind, ConfigIssueKind, Extraction, Format, Origin, SkipReason,
};
use crate::config::source::{self, IncludeStack};
use crate::model::Protocol;

/// Modules compiled into Debian's apache2 (`apache2 -l`): `<IfModule>` on them holds.
const STATIC_MODULES: [&str; 8] = [
    "core.c",
    "mod_so.c",
    "mod_watchdog.c",
    "http_core.c",
    "mod_log_config.c",
    "mod_logio.c",
    "mod_version.c",
    "mod_unixd.c",
];

/// Deepest directory walk for `Include DIRECTORY`.
const MAX_DIRECTORY_DEPTH: usize = 16;

pub fn read(text: &str, main: &Path) -> Result<Extraction, ConfigError> {
    let server_root = main
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut reader = Reader {
        server_root,
        modules: STATIC_MODULES.iter().map(|name| name.to_string()).collect(),
        stack: IncludeStack::default(),
        listens: Vec::new(),
        extraction: Extraction::default(),
    };
    reader.stack.enter(main, None)?;
    reader.file(text, main)?;
    reader.stack.leave();
    let Reader {
        listens,
        mut extraction,
        stack,
        ..
    } = reader;
    bind(&listens, main, &mut extraction);
    extraction.files = stack.read;
    Ok(extraction)
}

/// One `Listen` line: the host as written (`None` for no host or `*`) and the port.
struct Listen {
    written_host: Option<String>,
    host: Host,
    port: u16,
    origin: Origin,
    text: String,
}

struct Reader {
    server_root: PathBuf,
    /// Loaded modules by both names `<IfModule>` accepts (`ssl_module`, `mod_ssl.c`).
    modules: HashSet<String>,
    stack: IncludeStack,
    listens: Vec<Listen>,
    extraction: Extraction,
}

/// An open `<Section>`: its name, line and whether its content applies.
struct Section {
    name: String,
    line: usize,
    active: bool,
}

impl Reader {
    fn file(&mut self, text: &str, path: &Path) -> Result<(), ConfigError> {
        let mut sections: Vec<Section> = Vec::new();
        for (line, content) in logical_lines(text) {
            let active = sections.last().is_none_or(|section| section.active);
            let words = words(&content)
                .map_err(|kind| ConfigError::at(path, line, kind, content.clone()))?;
            let Some(first) = words.first() else {
                continue;
            };
            if let Some(closing) = first.strip_prefix("</") {
                let name = closing.trim_end_matches('>').to_ascii_lowercase();
                match sections.pop() {
                    Some(open) if open.name == name => continue,
                    _ => {
                        return Err(ConfigError::at(
                            path,
                            line,
                            ConfigErrorKind::UnexpectedBlockEnd,
                            content,
                        ));
                    }
                }
            }
            if let Some(opening) = first.strip_prefix('<') {
                let name = opening.trim_end_matches('>').to_ascii_lowercase();
                let argument = words
                    .get(1)
                    .map(|word| word.trim_end_matches('>'))
                    .unwrap_or_default();
                if sections.len() >= 64 {
                    return Err(ConfigError::at(
                        path,
                        line,
                        ConfigErrorKind::NestingTooDeep,
                        content,
                    ));
                }
                let holds = self.condition_holds(&name, argument);
                sections.push(Section {
                    name,
                    line,
                    active: active && holds,
                });
                continue;
            }
            if !active {
                continue;
            }
            let origin = Origin::new(path, line);
            let arguments = &words[1..];
            match first.to_ascii_lowercase().as_str() {
                "serverroot" => {
                    if let Some(root) = arguments.first() {
                        self.server_root = source::resolve(&self.server_root, root);
                    }
                }
                "loadmodule" => {
                    if let (Some(name), Some(file)) = (arguments.first(), arguments.get(1)) {
                        self.modules.insert(name.clone());
                        if let Some(stem) = Path::new(file).file_stem().and_then(|s| s.to_str()) {
                            self.modules.insert(format!("{stem}.c"));
                        }
                    }
                }
                "include" => self.include(arguments, &origin, &content, false)?,
                "includeoptional" => self.include(arguments, &origin, &content, true)?,
                "listen" => self.listen(arguments, origin, content)?,
                _ => {}
            }
        }
        if let Some(open) = sections.last() {
            return Err(ConfigError::at(
                path,
                open.line,
                ConfigErrorKind::UnterminatedBlock,
                format!("<{}>", open.name),
            ));
        }
        Ok(())
    }

    /// `<IfModule [!]name>` by the modules loaded so far; `<IfDefine [!]NAME>` as apache2
    /// started without `-D`; every other section applies.
    fn condition_holds(&self, section: &str, argument: &str) -> bool {
        let (negated, argument) = match argument.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, argument),
        };
        let holds = match section {
            "ifmodule" => self.modules.contains(argument),
            "ifdefine" => false,
            _ => return true,
        };
        holds != negated
    }

    fn listen(
        &mut self,
        arguments: &[String],
        origin: Origin,
        text: String,
    ) -> Result<(), ConfigError> {
        let refuse = |kind| ConfigError::at(&origin.file, origin.line, kind, text.clone());
        let Some(address) = arguments.first() else {
            return Err(refuse(ConfigErrorKind::MissingArgument));
        };
        let (host, port) = if address.starts_with('[') {
            let close = address
                .find(']')
                .ok_or_else(|| refuse(ConfigErrorKind::BadAddress))?;
            let port = address[close + 1..]
                .strip_prefix(':')
                .ok_or_else(|| refuse(ConfigErrorKind::BadPort))?;
            (Some(&address[..=close]), port)
        } else if let Some((host, port)) = address.rsplit_once(':') {
            (Some(host), port)
        } else {
            (None, address.as_str())
        };
        let port = parse_port(port).ok_or_else(|| refuse(ConfigErrorKind::BadPort))?;
        let written_host = host.filter(|host| *host != "*").map(str::to_string);
        let host = match &written_host {
            None => Host::Ip(ANY_V6),
            Some(host) => Host::parse(host).ok_or_else(|| refuse(ConfigErrorKind::BadAddress))?,
        };
        self.listens.push(Listen {
            written_host,
            host,
            port,
            origin,
            text,
        });
        Ok(())
    }

    fn include(
        &mut self,
        arguments: &[String],
        origin: &Origin,
        text: &str,
        optional: bool,
    ) -> Result<(), ConfigError> {
        let Some(pattern) = arguments.first() else {
            return Err(ConfigError::at(
                &origin.file,
                origin.line,
                ConfigErrorKind::MissingArgument,
                text,
            ));
        };
        let path = source::resolve(&self.server_root, pattern);
        let files = if source::is_glob(pattern) {
            let files = source::expand_glob(&path);
            if files.is_empty() && !optional {
                self.extraction.issue(
                    origin.clone(),
                    ConfigIssueKind::IncludeMatchedNothing,
                    text,
                    None,
                );
            }
            files
        } else if path.is_dir() {
            let mut files = Vec::new();
            files_under(&path, 0, &mut files);
            files
        } else if path.is_file() {
            vec![path]
        } else {
            if !optional {
                self.extraction
                    .issue(origin.clone(), ConfigIssueKind::MissingInclude, text, None);
            }
            Vec::new()
        };
        for file in files {
            self.stack.enter(&file, Some((&origin.file, origin.line)))?;
            let included = source::read_text_file(&file)?;
            self.file(&included, &file)?;
            self.stack.leave();
        }
        Ok(())
    }
}

/// Every file under a directory, sorted, as `Include DIRECTORY` reads them.
fn files_under(directory: &Path, depth: usize, files: &mut Vec<PathBuf>) {
    if depth > MAX_DIRECTORY_DEPTH {
        return;
    }
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| Some(entry.ok()?.path()))
        .collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files_under(&path, depth + 1, files);
        } else {
            files.push(path);
        }
    }
}

/// The sockets the `Listen` lines make, Apache's duplicate check, and the IPv4 wildcard
/// served by the IPv6 wildcard's dual-stack socket.
fn bind(listens: &[Listen], main: &Path, extraction: &mut Extraction) {
    for (index, listen) in listens.iter().enumerate() {
        let earlier = listens[..index]
            .iter()
            .find(|other| other.port == listen.port && other.written_host == listen.written_host);
        if let Some(earlier) = earlier {
            extraction.issue(
                listen.origin.clone(),
                ConfigIssueKind::DuplicateListener,
                listen.text.clone(),
                Some(earlier.origin.clone()),
            );
        }
    }
    let first_v6_wildcard = |port: u16| {
        listens
            .iter()
            .position(|listen| listen.port == port && listen.host == Host::Ip(ANY_V6))
    };
    for (index, listen) in listens.iter().enumerate() {
        let Some(addresses) = listen.host.addresses() else {
            extraction.skip(
                listen.origin.clone(),
                SkipReason::HostName,
                listen.text.clone(),
            );
            continue;
        };
        let shared_socket = first_v6_wildcard(listen.port);
        let group = format!("apache {} [::]:{}", main.display(), listen.port);
        for address in addresses {
            let folded = address == ANY_V4 && shared_socket.is_some();
            let address: IpAddr = if folded { ANY_V6 } else { address };
            let mut binding = Binding::new(
                address,
                listen.port,
                Protocol::Tcp,
                listen.origin.clone(),
                BindingKind::Listen,
                Format::Apache,
            );
            if address == ANY_V6 {
                binding.v6only = Some(false);
            }
            let folds_into_this = shared_socket == Some(index)
                && listens
                    .iter()
                    .any(|other| other.port == listen.port && other.host == Host::Ip(ANY_V4));
            if folded || folds_into_this {
                binding.socket_group = Some(group.clone());
            }
            extraction.bindings.push(binding);
        }
    }
}
