//! The rule table: loading (built-in TOML compiled into the binary, plus user files),
//! validation, and matching a rule's conditions against facts.
//!
//! Rules are data. Code computes facts (`facts.rs`); a rule only names them, matches values
//! (ports, errors, process names by regex) and fills message templates.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::cli::ports::{PortSpec, parse_port_spec};

/// The built-in rules, compiled into the binary.
pub const BUILTIN_RULES: &str = include_str!("rules.toml");

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// This is why the bind fails.
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    rule: Vec<RawRule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: String,
    severity: Severity,
    detects: String,
    summary: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    fixes: Vec<String>,
    #[serde(default)]
    supersedes: Vec<String>,
    when: Vec<RawWhen>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWhen {
    #[serde(default)]
    ports: Vec<String>,
    protocol: Option<String>,
    #[serde(default)]
    status: Vec<String>,
    #[serde(default)]
    error: Vec<String>,
    source: Option<String>,
    program: Option<String>,
    #[serde(default)]
    facts: Vec<String>,
    #[serde(default)]
    not_facts: Vec<String>,
    name: Option<String>,
    cmdline: Option<String>,
    exe: Option<String>,
    unit: Option<String>,
    container_runtime: Option<String>,
    #[serde(default)]
    holder_facts: Vec<String>,
    platform: Option<String>,
    #[serde(default)]
    needs: Vec<String>,
    severity: Option<Severity>,
    summary: Option<String>,
    detail: Option<String>,
    fixes: Option<Vec<String>>,
}

/// A validated rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub severity: Severity,
    pub detects: String,
    pub summary: String,
    pub detail: String,
    pub fixes: Vec<String>,
    pub supersedes: Vec<String>,
    pub when: Vec<When>,
    /// Where the rule came from: `built-in` or a file path.
    pub origin: String,
}

/// One block of conditions; all must hold.
#[derive(Debug, Clone, Default)]
pub struct When {
    pub ports: Vec<PortSpec>,
    pub protocol: Option<String>,
    pub status: Vec<String>,
    pub error: Vec<String>,
    pub source: Option<String>,
    pub program: Option<Regex>,
    pub facts: Vec<String>,
    pub not_facts: Vec<String>,
    pub name: Option<Regex>,
    /// Regex source; may contain `{port}`, substituted before compiling.
    pub cmdline: Option<String>,
    pub exe: Option<Regex>,
    pub unit: Option<Regex>,
    pub container_runtime: Option<Regex>,
    pub holder_facts: Vec<String>,
    /// `linux`, `macos` or `windows`: the platform a pasted line comes from.
    pub platform: Option<String>,
    /// `linux`: the block reads Linux facts (sysctls, cgroups, namespaces) and is skipped,
    /// with a note, where the source cannot provide them.
    pub needs_linux: bool,
    pub severity: Option<Severity>,
    pub summary: Option<String>,
    pub detail: Option<String>,
    pub fixes: Option<Vec<String>>,
}

impl When {
    /// A block with holder conditions is checked against each holder group.
    pub fn is_per_holder(&self) -> bool {
        self.name.is_some()
            || self.cmdline.is_some()
            || self.exe.is_some()
            || self.unit.is_some()
            || self.container_runtime.is_some()
            || !self.holder_facts.is_empty()
    }
}

/// Facts about a port that rules can name in `facts` / `not_facts`.
pub const PORT_FACTS: &[&str] = &[
    "from_log",
    "no_port",
    "in_use",
    "free",
    "time_wait_only",
    "time_wait_blocks_all",
    "time_wait_blocks_plain",
    "nothing_holds",
    "privileged",
    "can_bind_privileged",
    "ephemeral",
    "ephemeral_collision",
    "owner_hidden",
    "dual_stack_holder",
    "ipv4_blocks_dual_stack",
    "wildcard_free",
    "accepted_connections_hold",
    "cause_unknown",
    "permission_denied",
    "address_unavailable",
    "nodeport_range",
    "foreign_platform",
    "other_netns",
    "kubernetes_node",
    "is_root",
    "too_many_open_files",
    "file_table_full",
    "fd_holder_known",
    "connect_failure",
    "ephemeral_exhausted",
    "conntrack_full",
    "conntrack_full_now",
    "file_table_full_now",
    "conntrack_unavailable",
    "time_wait_pile",
    "time_wait_pile_client_side",
    "time_wait_pile_server_side",
];

/// Facts about a holder group that rules can name in `holder_facts`.
pub const HOLDER_FACTS: &[&str] = &[
    "loopback_only",
    "accept_queue_full",
    "bound_not_listening",
    "inherited_socket",
    "systemd_socket",
    "kubernetes_pod",
    "in_container",
    "blocks_bind",
];

/// Placeholders every template may use.
pub const PORT_PLACEHOLDERS: &[&str] = &[
    "port",
    "protocol",
    "address",
    "error",
    "program",
    "status",
    "line",
    "suggested_port",
    "unprivileged_port_start",
    "ephemeral_range",
    "reserved_ports_with_port",
    "host_addresses",
    "time_wait_count",
    "time_wait_left",
    "holders",
    "owner_uid",
    "owner_user",
    "rerun",
    "dual_socket",
    "socket_unit",
    "listen_overflows",
    "netns",
    "netns_pid",
    "endpoint",
    "fd_holder",
    "open_fds",
    "fd_limit",
    "fd_raise_now",
    "fd_unit_dropin",
    "file_nr",
    "file_max",
    "ephemeral_size",
    "ephemeral_in_use",
    "ephemeral_time_wait",
    "destination",
    "destination_connections",
    "destination_time_wait",
    "tw_reuse",
    "conntrack_count",
    "conntrack_max",
    "conntrack_max_doubled",
    "conntrack_hashsize",
    "time_wait_server_side",
    "time_wait_client_side",
];

/// Placeholders for blocks checked per holder.
pub const HOLDER_PLACEHOLDERS: &[&str] = &[
    "pid",
    "pids",
    "ppid",
    "name",
    "cmdline",
    "user",
    "uid",
    "unit",
    "container",
    "container_id",
    "container_runtime",
    "pod_uid",
    "since",
    "holder",
    "endpoints",
    "stop_command",
    "reload_command",
    "command_on_port",
    "pod",
    "pod_lookup",
    "docker_target",
    "queue",
    "backlog",
];

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{([a-z_]+)\}").unwrap());

const STATUSES: &[&str] = &[
    "free",
    "time-wait",
    "in-use",
    "permission-denied",
    "address-unavailable",
];
const ERRORS: &[&str] = &[
    "EADDRINUSE",
    "EACCES",
    "EADDRNOTAVAIL",
    "EAFNOSUPPORT",
    "PORT_ALLOCATED",
    "NO_FREE_PORTS",
    "EMFILE",
    "ENFILE",
    "CONNTRACK_FULL",
];

/// Parses and validates a rule file; `origin` names it in errors.
pub fn parse_rules(text: &str, origin: &str) -> anyhow::Result<Vec<Rule>> {
    let file: RuleFile = toml::from_str(text)
        .map_err(|error| anyhow::anyhow!("{origin}: {}", one_line(&error.to_string())))?;
    file.rule
        .into_iter()
        .map(|raw| {
            let id = raw.id.clone();
            validate(raw, origin).map_err(|error| anyhow::anyhow!("{origin}: rule '{id}': {error}"))
        })
        .collect()
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn validate(raw: RawRule, origin: &str) -> Result<Rule, String> {
    if raw.id.is_empty()
        || !raw
            .id
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
    {
        return Err("ids are lowercase words joined by '-'".into());
    }
    if raw.when.is_empty() {
        return Err("needs at least one [[rule.when]] block".into());
    }
    let mut when = Vec::with_capacity(raw.when.len());
    for block in raw.when {
        let block = validate_when(block)?;
        let placeholders: Vec<&str> = if block.is_per_holder() {
            PORT_PLACEHOLDERS
                .iter()
                .chain(HOLDER_PLACEHOLDERS)
                .copied()
                .collect()
        } else {
            PORT_PLACEHOLDERS.to_vec()
        };
        let summary = block.summary.as_deref().unwrap_or(&raw.summary);
        let detail = block.detail.as_deref().unwrap_or(&raw.detail);
        let fixes = block.fixes.as_ref().unwrap_or(&raw.fixes);
        for template in [summary, detail]
            .into_iter()
            .chain(fixes.iter().map(String::as_str))
        {
            check_placeholders(template, &placeholders)?;
        }
        when.push(block);
    }
    Ok(Rule {
        id: raw.id,
        severity: raw.severity,
        detects: raw.detects,
        summary: raw.summary,
        detail: raw.detail,
        fixes: raw.fixes,
        supersedes: raw.supersedes,
        when,
        origin: origin.to_string(),
    })
}

fn check_placeholders(template: &str, allowed: &[&str]) -> Result<(), String> {
    for captures in PLACEHOLDER.captures_iter(template) {
        let name = &captures[1];
        if !allowed.contains(&name) {
            let scope = if HOLDER_PLACEHOLDERS.contains(&name) {
                " (it names a holder: the block needs a holder condition)"
            } else {
                ""
            };
            return Err(format!("unknown placeholder {{{name}}}{scope}"));
        }
    }
    Ok(())
}

fn validate_when(raw: RawWhen) -> Result<When, String> {
    let regex = |pattern: &Option<String>| -> Result<Option<Regex>, String> {
        pattern
            .as_deref()
            .map(|pattern| {
                Regex::new(pattern).map_err(|error| {
                    format!("bad regex '{pattern}': {}", one_line(&error.to_string()))
                })
            })
            .transpose()
    };
    let known = |names: &[String], list: &[&str], what: &str| -> Result<(), String> {
        match names.iter().find(|name| !list.contains(&name.as_str())) {
            Some(name) => Err(format!(
                "unknown {what} '{name}' (known: {})",
                list.join(", ")
            )),
            None => Ok(()),
        }
    };
    known(&raw.facts, PORT_FACTS, "fact")?;
    known(&raw.not_facts, PORT_FACTS, "fact")?;
    known(&raw.holder_facts, HOLDER_FACTS, "holder fact")?;
    known(&raw.status, STATUSES, "status")?;
    known(&raw.error, ERRORS, "error")?;
    if let Some(protocol) = &raw.protocol
        && !matches!(protocol.as_str(), "tcp" | "udp")
    {
        return Err(format!("protocol '{protocol}' is not tcp or udp"));
    }
    if let Some(source) = &raw.source
        && !matches!(source.as_str(), "port" | "log")
    {
        return Err(format!("source '{source}' is not port or log"));
    }
    if let Some(platform) = &raw.platform
        && !matches!(platform.as_str(), "linux" | "macos" | "windows")
    {
        return Err(format!(
            "platform '{platform}' is not linux, macos or windows"
        ));
    }
    known(&raw.needs, &["linux"], "need")?;
    if let Some(cmdline) = &raw.cmdline {
        Regex::new(&cmdline.replace("{port}", "1"))
            .map_err(|error| format!("bad regex '{cmdline}': {}", one_line(&error.to_string())))?;
    }
    let ports = raw
        .ports
        .iter()
        .map(|text| parse_port_spec(text))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(When {
        ports,
        protocol: raw.protocol,
        status: raw.status,
        error: raw.error,
        source: raw.source,
        program: regex(&raw.program)?,
        facts: raw.facts,
        not_facts: raw.not_facts,
        name: regex(&raw.name)?,
        cmdline: raw.cmdline,
        exe: regex(&raw.exe)?,
        unit: regex(&raw.unit)?,
        container_runtime: regex(&raw.container_runtime)?,
        holder_facts: raw.holder_facts,
        platform: raw.platform,
        needs_linux: raw.needs.iter().any(|need| need == "linux"),
        severity: raw.severity,
        summary: raw.summary,
        detail: raw.detail,
        fixes: raw.fixes,
    })
}

/// The rule set in force: built-in rules, then user files in order; a user rule with a
/// built-in id replaces it.
pub fn load(user_files: &[PathBuf]) -> anyhow::Result<Vec<Rule>> {
    let mut rules = parse_rules(BUILTIN_RULES, "built-in")?;
    for path in user_files {
        let text = read_rule_file(path)?;
        for rule in parse_rules(&text, &path.display().to_string())? {
            match rules.iter_mut().find(|existing| existing.id == rule.id) {
                Some(existing) => *existing = rule,
                None => rules.push(rule),
            }
        }
    }
    let mut seen = HashSet::new();
    rules.retain(|rule| seen.insert(rule.id.clone()));
    Ok(rules)
}

/// The largest rule file read: rule files are small, a bigger one is a mistake (`/dev/zero`).
pub const RULE_FILE_LIMIT: u64 = 1024 * 1024;

/// A rule file's text: a regular file of at most [`RULE_FILE_LIMIT`] bytes (a FIFO or a device
/// would block or never end).
fn read_rule_file(path: &Path) -> anyhow::Result<String> {
    let cannot = |why: String| anyhow::anyhow!("cannot read rules file {}: {why}", path.display());
    let metadata = std::fs::metadata(path).map_err(|error| cannot(error.to_string()))?;
    if !metadata.is_file() {
        return Err(cannot("not a regular file".into()));
    }
    if metadata.len() > RULE_FILE_LIMIT {
        return Err(cannot(format!(
            "{} bytes, more than the 1 MiB a rules file may have",
            metadata.len()
        )));
    }
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(
            std::fs::File::open(path).map_err(|error| cannot(error.to_string()))?,
            RULE_FILE_LIMIT + 1,
        ),
        &mut bytes,
    )
    .map_err(|error| cannot(error.to_string()))?;
    if bytes.len() as u64 > RULE_FILE_LIMIT {
        return Err(cannot("more than the 1 MiB a rules file may have".into()));
    }
    String::from_utf8(bytes).map_err(|_| cannot("not UTF-8 text".into()))
}

/// User rule files found on this machine: `/etc/portdoc/rules.d/*.toml` (sorted), then
/// `$XDG_CONFIG_HOME/portdoc/rules.toml` (default `~/.config`), then the `--rules` files.
pub fn user_rule_files(explicit: &[PathBuf]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir("/etc/portdoc/rules.d") {
        let mut system: Vec<PathBuf> = entries
            .filter_map(|entry| entry.ok().map(|entry| entry.path()))
            .filter(|path| {
                path.extension()
                    .is_some_and(|extension| extension == "toml")
            })
            .collect();
        system.sort();
        files.extend(system);
    }
    let config_home = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".config")));
    if let Some(config_home) = config_home {
        let personal = config_home.join("portdoc").join("rules.toml");
        if personal.is_file() {
            files.push(personal);
        }
    }
    files.extend(explicit.iter().cloned());
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_rule_ever_advises_tcp_tw_recycle() {
        // Removed in Linux 4.12, and it broke clients behind NAT before that.
        for line in BUILTIN_RULES.lines() {
            assert!(
                !line.contains("tcp_tw_recycle"),
                "rules.toml mentions tcp_tw_recycle: {line}"
            );
        }
    }

    #[test]
    fn the_built_in_rules_load_and_include_every_required_id() {
        let rules = parse_rules(BUILTIN_RULES, "built-in").unwrap();
        for id in [
            "held-by-process",
            "time-wait",
            "privileged-port",
            "address-not-available",
            "dual-stack",
            "loopback-only",
            "ephemeral-range",
            "accept-queue-full",
            "owner-hidden",
            "bound-not-listening",
            "inherited-socket",
            "nothing-listening",
            "docker-proxy",
            "kubernetes-hostport",
            "systemd-socket",
            "keycloak-management",
            "fluvio-spu",
            "uvicorn-app",
            "dev-server-leftover",
            "lb-port",
        ] {
            assert!(rules.iter().any(|rule| rule.id == id), "missing rule {id}");
        }
    }

    #[test]
    fn user_rules_are_validated_with_a_message_naming_the_problem() {
        let cases = [
            (
                "[[rule]]\nid = \"x\"\nseverity = \"fatal\"\ndetects = \"d\"\nsummary = \"s\"\n[[rule.when]]\nports = [\"1\"]\n",
                "fatal",
            ),
            (
                "[[rule]]\nid = \"x\"\nseverity = \"info\"\ndetects = \"d\"\nsummary = \"s\"\n",
                "when",
            ),
            (
                "[[rule]]\nid = \"x\"\nseverity = \"info\"\ndetects = \"d\"\nsummary = \"{nope}\"\n[[rule.when]]\nports = [\"1\"]\n",
                "unknown placeholder {nope}",
            ),
            (
                "[[rule]]\nid = \"x\"\nseverity = \"info\"\ndetects = \"d\"\nsummary = \"{pid}\"\n[[rule.when]]\nports = [\"1\"]\n",
                "needs a holder condition",
            ),
            (
                "[[rule]]\nid = \"x\"\nseverity = \"info\"\ndetects = \"d\"\nsummary = \"s\"\n[[rule.when]]\nfacts = [\"sunny\"]\n",
                "unknown fact 'sunny'",
            ),
            (
                "[[rule]]\nid = \"x\"\nseverity = \"info\"\ndetects = \"d\"\nsummary = \"s\"\n[[rule.when]]\nname = \"(\"\n",
                "bad regex",
            ),
            (
                "[[rule]]\nid = \"x\"\nseverity = \"info\"\ndetects = \"d\"\nsummary = \"s\"\n[[rule.when]]\nports = [\"99999\"]\n",
                "out of range",
            ),
            (
                "[[rule]]\nid = \"x\"\nseverity = \"info\"\ndetects = \"d\"\nsummary = \"s\"\ncolour = 1\n[[rule.when]]\nports = [\"1\"]\n",
                "colour",
            ),
            ("not toml at all [", "user.toml"),
        ];
        for (text, expected) in cases {
            let error = parse_rules(text, "user.toml").unwrap_err().to_string();
            assert!(error.contains(expected), "{expected}: {error}");
            assert!(!error.contains('\n'), "{error}");
        }
    }
}
