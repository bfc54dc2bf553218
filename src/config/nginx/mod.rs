//! nginx: walks `http`, `stream` and `mail` server blocks through `include`s and hands
//! their `listen`s to `sockets`, which decides the sockets nginx opens.
//!
//! Relative includes resolve against the configuration prefix, the directory of the main
//! file, whatever file they sit in (verified with nginx 1.22: see docs/config.md).

mod lexer;
mod listen;
mod sockets;

use std::path::{Path, PathBuf};

use lexer::Directive;
use listen::Context;
use sockets::Site;

use super::error::{ConfigError, ConfigErrorKind};
use super::model::{ConfigIssueKind, Extraction, Origin};
use super::source::{self, IncludeStack};

/// Reads the main file's text and everything it includes.
pub fn read(text: &str, main: &Path) -> Result<Extraction, ConfigError> {
    let prefix = main
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut walker = Walker {
        prefix,
        files: vec![main.to_path_buf()],
        stack: IncludeStack::default(),
        servers: Vec::new(),
        sites: Vec::new(),
        extraction: Extraction::default(),
    };
    walker.stack.enter(main, None)?;
    let tree = lexer::parse(text, main, 0)?;
    walker.walk(&tree, Scope::Main, 0)?;
    walker.stack.leave();

    let Walker {
        servers,
        mut sites,
        mut extraction,
        stack,
        ..
    } = walker;
    for site in &mut sites {
        site.server_name = servers
            .get(site.server)
            .and_then(|server| server.name.clone());
    }
    let group = format!("nginx {}", main.display());
    sockets::resolve(&sites, &group, &mut extraction);
    extraction.files = stack.read;
    Ok(extraction)
}

/// Where a directive sits, as far as `listen` cares.
#[derive(Debug, Clone, Copy)]
enum Scope {
    Main,
    /// Directly inside `http`, `stream` or `mail`.
    Protocol(Context),
    /// Inside a `server` block of that protocol.
    Server(Context, usize),
    /// Anywhere else (`events`, `location`, `upstream`, ...): only includes matter.
    Elsewhere,
}

struct Server {
    name: Option<String>,
    listens: usize,
}

struct Walker {
    prefix: PathBuf,
    /// Files by the index their directives carry.
    files: Vec<PathBuf>,
    stack: IncludeStack,
    servers: Vec<Server>,
    sites: Vec<Site>,
    extraction: Extraction,
}

impl Walker {
    fn origin(&self, directive: &Directive) -> Origin {
        let file = self.files.get(directive.file).cloned().unwrap_or_default();
        Origin::new(file, directive.line)
    }

    fn walk(
        &mut self,
        directives: &[Directive],
        scope: Scope,
        depth: usize,
    ) -> Result<(), ConfigError> {
        if depth > lexer::MAX_BLOCK_DEPTH {
            let origin = match directives.first() {
                Some(directive) => self.origin(directive),
                None => Origin::new(self.files.first().cloned().unwrap_or_default(), 1),
            };
            return Err(ConfigError::at(
                &origin.file,
                origin.line,
                ConfigErrorKind::NestingTooDeep,
                "",
            ));
        }
        for directive in directives {
            match (directive.name.as_str(), &directive.block, scope) {
                ("include", None, _) => self.include(directive, scope, depth)?,
                ("http", Some(block), Scope::Main) => {
                    self.walk(block, Scope::Protocol(Context::Http), depth + 1)?
                }
                ("stream", Some(block), Scope::Main) => {
                    self.walk(block, Scope::Protocol(Context::Stream), depth + 1)?
                }
                ("mail", Some(block), Scope::Main) => {
                    self.walk(block, Scope::Protocol(Context::Mail), depth + 1)?
                }
                ("server", Some(block), Scope::Protocol(context)) => {
                    self.server(directive, block, context, depth)?
                }
                ("listen", None, Scope::Server(context, server)) => {
                    self.listen(directive, context, server)?
                }
                ("server_name", None, Scope::Server(_, server)) => {
                    if let Some(entry) = self.servers.get_mut(server)
                        && entry.name.is_none()
                    {
                        entry.name = directive.args.first().cloned();
                    }
                }
                (_, Some(block), _) => self.walk(block, Scope::Elsewhere, depth + 1)?,
                _ => {}
            }
        }
        Ok(())
    }

    fn server(
        &mut self,
        directive: &Directive,
        block: &[Directive],
        context: Context,
        depth: usize,
    ) -> Result<(), ConfigError> {
        let index = self.servers.len();
        self.servers.push(Server {
            name: None,
            listens: 0,
        });
        self.walk(block, Scope::Server(context, index), depth + 1)?;
        let listens = self.servers.get(index).map_or(0, |server| server.listens);
        if listens > 0 {
            return Ok(());
        }
        let origin = self.origin(directive);
        match context {
            Context::Http => self.sites.push(Site {
                context,
                server: index,
                server_name: None,
                listen: sockets::implicit_listen(),
                origin,
                text: directive.name.clone(),
                implicit: true,
            }),
            Context::Stream | Context::Mail => self.extraction.issue(
                origin,
                ConfigIssueKind::MissingListen,
                directive.name.clone(),
                None,
            ),
        }
        Ok(())
    }

    fn listen(
        &mut self,
        directive: &Directive,
        context: Context,
        server: usize,
    ) -> Result<(), ConfigError> {
        let origin = self.origin(directive);
        let listen = listen::parse(&directive.args, context).map_err(|(kind, _)| {
            ConfigError::at(&origin.file, origin.line, kind, directive.text())
        })?;
        if let Some(entry) = self.servers.get_mut(server) {
            entry.listens += 1;
        }
        self.sites.push(Site {
            context,
            server,
            server_name: None,
            listen,
            origin,
            text: directive.text(),
            implicit: false,
        });
        Ok(())
    }

    /// `include PATTERN`: a glob may match nothing; a plain path must exist.
    fn include(
        &mut self,
        directive: &Directive,
        scope: Scope,
        depth: usize,
    ) -> Result<(), ConfigError> {
        let origin = self.origin(directive);
        let Some(pattern) = directive.args.first() else {
            return Err(ConfigError::at(
                &origin.file,
                origin.line,
                ConfigErrorKind::MissingArgument,
                directive.text(),
            ));
        };
        let path = source::resolve(&self.prefix, pattern);
        let files = if source::is_glob(pattern) {
            source::expand_glob(&path)
        } else if path.is_file() {
            vec![path]
        } else {
            self.extraction.issue(
                origin,
                ConfigIssueKind::MissingInclude,
                directive.text(),
                None,
            );
            return Ok(());
        };
        for file in files {
            self.stack.enter(&file, Some((&origin.file, origin.line)))?;
            let text = source::read_text_file(&file)?;
            let index = self.files.len();
            self.files.push(file.clone());
            let tree = lexer::parse(&text, &file, index)?;
            self.walk(&tree, scope, depth + 1)?;
            self.stack.leave();
        }
        Ok(())
    }
}
