//! A systemd service's restart policy, read from its unit file and drop-ins in the order
//! systemd layers them, without asking systemd: no D-Bus, and it works on a copy of the unit
//! tree in a private mount namespace.

use std::path::{Path, PathBuf};

/// What the unit files say about a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceFile {
    /// The main unit file, `None` when no directory of the search path has it.
    pub path: Option<PathBuf>,
    /// `Restart=` after every drop-in; `no` (systemd's default) when the files set none.
    /// `None` when no file was found.
    pub restart: Option<String>,
}

/// System units, highest priority first (systemd.unit(5), "Unit File Load Path").
const SYSTEM_PATH: &[&str] = &[
    "/etc/systemd/system.control",
    "/run/systemd/system.control",
    "/run/systemd/transient",
    "/run/systemd/generator.early",
    "/etc/systemd/system",
    "/etc/systemd/system.attached",
    "/run/systemd/system",
    "/run/systemd/system.attached",
    "/run/systemd/generator",
    "/usr/local/lib/systemd/system",
    "/usr/lib/systemd/system",
    "/lib/systemd/system",
    "/run/systemd/generator.late",
];

/// Reads the restart policy of `unit` (`nginx.service`, `app@1.service`); `user_home` and
/// `uid` select a user's service manager instead of the system's.
pub fn service_file(unit: &str, user: Option<(u32, &Path)>) -> ServiceFile {
    let directories = search_path(user);
    // `app@1.service` is loaded from `app@1.service` or else the template `app@.service`.
    let template = unit
        .split_once('@')
        .and_then(|(prefix, rest)| Some(format!("{prefix}@.{}", rest.rsplit_once('.')?.1)));
    let mut names = vec![unit.to_string()];
    names.extend(template);
    let main = names.iter().find_map(|name| {
        directories
            .iter()
            .map(|directory| directory.join(name))
            .find(|path| path.is_file())
    });
    let Some(main) = main else {
        return ServiceFile {
            path: None,
            restart: None,
        };
    };
    let mut texts = vec![std::fs::read_to_string(&main).unwrap_or_default()];
    texts.extend(drop_ins(&directories, &names));
    let restart = restart_policy(texts.iter().map(String::as_str)).unwrap_or_else(|| "no".into());
    ServiceFile {
        path: Some(main),
        restart: Some(restart),
    }
}

fn search_path(user: Option<(u32, &Path)>) -> Vec<PathBuf> {
    match user {
        None => SYSTEM_PATH.iter().map(PathBuf::from).collect(),
        Some((uid, home)) => vec![
            home.join(".config/systemd/user.control"),
            PathBuf::from(format!("/run/user/{uid}/systemd/user.control")),
            PathBuf::from(format!("/run/user/{uid}/systemd/transient")),
            home.join(".config/systemd/user"),
            PathBuf::from("/etc/systemd/user"),
            PathBuf::from(format!("/run/user/{uid}/systemd/user")),
            PathBuf::from("/run/systemd/user"),
            home.join(".local/share/systemd/user"),
            PathBuf::from("/usr/local/lib/systemd/user"),
            PathBuf::from("/usr/lib/systemd/user"),
            PathBuf::from("/lib/systemd/user"),
        ],
    }
}

/// The `.conf` files of `<name>.d/` and `service.d/` in every directory, ordered by file
/// name across directories as systemd does (a name in a higher-priority directory hides the
/// same name below it).
fn drop_ins(directories: &[PathBuf], names: &[String]) -> Vec<String> {
    let mut by_name: Vec<(String, PathBuf)> = Vec::new();
    let mut folders: Vec<String> = vec!["service.d".into()];
    folders.extend(names.iter().rev().map(|name| format!("{name}.d")));
    for directory in directories {
        for folder in &folders {
            let Ok(entries) = std::fs::read_dir(directory.join(folder)) else {
                continue;
            };
            for entry in entries.flatten() {
                let file_name = entry.file_name().to_string_lossy().into_owned();
                if file_name.ends_with(".conf")
                    && !by_name.iter().any(|(seen, _)| *seen == file_name)
                {
                    by_name.push((file_name, entry.path()));
                }
            }
        }
    }
    by_name.sort_by(|left, right| left.0.cmp(&right.0));
    by_name
        .iter()
        .filter_map(|(_, path)| std::fs::read_to_string(path).ok())
        .collect()
}

/// The last `Restart=` of the `[Service]` sections, in file order; an empty value resets it
/// to the default. `None` when no file sets it.
pub fn restart_policy<'a>(texts: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut restart: Option<String> = None;
    for text in texts {
        let mut in_service = false;
        for line in text.lines() {
            let line = line.trim();
            if line.starts_with('[') {
                in_service = line == "[Service]";
                continue;
            }
            if !in_service || line.starts_with('#') || line.starts_with(';') {
                continue;
            }
            if let Some((key, value)) = line.split_once('=')
                && key.trim() == "Restart"
            {
                let value = value.trim();
                restart = Some(if value.is_empty() { "no" } else { value }.to_string());
            }
        }
    }
    restart
}

/// `.socket` units whose `ListenStream=` or `ListenDatagram=` names the port, in the system's
/// unit path or, with `user`, that user's.
pub fn socket_units_for_port(port: u16, user: Option<(u32, &Path)>) -> Vec<String> {
    let mut units: Vec<String> = Vec::new();
    for directory in search_path(user) {
        let Ok(entries) = std::fs::read_dir(&directory) else {
            continue;
        };
        let mut found: Vec<String> = entries
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().to_str()?.to_string();
                (name.ends_with(".socket")
                    && !units.contains(&name)
                    && std::fs::read_to_string(entry.path())
                        .is_ok_and(|text| listens_on(&text, port)))
                .then_some(name)
            })
            .collect();
        found.sort();
        units.extend(found);
    }
    units
}

/// Whether a `.socket` unit's text listens on `port`.
fn listens_on(text: &str, port: u16) -> bool {
    text.lines().any(|line| {
        line.trim().split_once('=').is_some_and(|(key, value)| {
            matches!(key.trim(), "ListenStream" | "ListenDatagram")
                && listen_value_port(value.trim()) == Some(port)
        })
    })
}

/// `80`, `0.0.0.0:80`, `[::]:80` → 80; socket paths → none.
fn listen_value_port(value: &str) -> Option<u16> {
    if value.starts_with('/') || value.starts_with('@') {
        return None;
    }
    value.rsplit(':').next()?.parse().ok()
}

/// Home directory of `uid`, from `/etc/passwd`.
pub fn home_of(uid: u32) -> Option<PathBuf> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let fields: Vec<&str> = line.split(':').collect();
        (fields.len() >= 6 && fields[2].parse() == Ok(uid)).then(|| PathBuf::from(fields[5]))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_restart_of_a_service_section_wins_and_empty_resets() {
        let main = "[Unit]\nRestart=always\n[Service]\nExecStart=/bin/x\nRestart=on-failure\n";
        assert_eq!(restart_policy([main]), Some("on-failure".into()));
        let drop_in = "[Service]\nRestart=always\n";
        assert_eq!(restart_policy([main, drop_in]), Some("always".into()));
        let reset = "[Service]\nRestart=\n";
        assert_eq!(restart_policy([main, drop_in, reset]), Some("no".into()));
        assert_eq!(restart_policy(["[Service]\n# Restart=always\n"]), None);
    }

    #[test]
    fn socket_units_name_their_port_in_any_listen_form() {
        assert_eq!(listen_value_port("9090"), Some(9090));
        assert_eq!(listen_value_port("0.0.0.0:80"), Some(80));
        assert_eq!(listen_value_port("[::]:443"), Some(443));
        assert_eq!(listen_value_port("/run/foo.sock"), None);
        assert!(listens_on("[Socket]\nListenStream = [::]:9090\n", 9090));
        assert!(!listens_on("[Socket]\nListenStream=/run/x.sock\n", 9090));
    }

    #[test]
    fn unit_files_and_drop_ins_are_layered_by_priority_and_name() {
        let root = tempfile::tempdir().unwrap();
        let root = root.path();
        let high = root.join("etc");
        let low = root.join("lib");
        std::fs::create_dir_all(high.join("web@.service.d")).unwrap();
        std::fs::create_dir_all(low.join("web@.service.d")).unwrap();
        std::fs::write(low.join("web@.service"), "[Service]\nRestart=no\n").unwrap();
        std::fs::write(
            low.join("web@.service.d/10-restart.conf"),
            "[Service]\nRestart=always\n",
        )
        .unwrap();
        // Same name higher up hides the lower drop-in.
        std::fs::write(
            high.join("web@.service.d/10-restart.conf"),
            "[Service]\nRestart=on-abnormal\n",
        )
        .unwrap();
        let directories = vec![high.clone(), low.clone()];
        let names = vec!["web@1.service".to_string(), "web@.service".to_string()];
        let texts = drop_ins(&directories, &names);
        assert_eq!(texts, vec!["[Service]\nRestart=on-abnormal\n".to_string()]);
    }
}
