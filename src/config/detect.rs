//! Which format a file is, from its name first and its text second, for `--from FILE`
//! without `--format`. Unsure means `None`: the caller asks for `--format`.

use std::path::Path;

use super::model::Format;

impl Format {
    /// The format of `path` with contents `text`, when the name or the text says it.
    pub fn detect(path: &Path, text: &str) -> Option<Format> {
        by_name(path).or_else(|| by_text(path, text))
    }
}

fn by_name(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let in_directory = |directory: &str| {
        path.components()
            .any(|component| component.as_os_str() == directory)
    };
    if name.ends_with(".socket") {
        return Some(Format::SystemdSocket);
    }
    if name == "keycloak.conf" {
        return Some(Format::Keycloak);
    }
    if name == "haproxy.cfg" {
        return Some(Format::Haproxy);
    }
    if name == "nginx.conf" || in_directory("nginx") {
        return Some(Format::Nginx);
    }
    if matches!(name.as_str(), "apache2.conf" | "httpd.conf")
        || in_directory("apache2")
        || in_directory("httpd")
    {
        return Some(Format::Apache);
    }
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    if yaml && (name.starts_with("compose") || name.starts_with("docker-compose")) {
        return Some(Format::Compose);
    }
    None
}

fn by_text(path: &Path, text: &str) -> Option<Format> {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.trim_start().starts_with('#') && !line.trim().is_empty())
        .collect();
    let starts = |prefix: &str| lines.iter().any(|line| line.starts_with(prefix));
    let trimmed_starts = |prefix: &str| {
        lines
            .iter()
            .any(|line| line.trim_start().to_ascii_lowercase().starts_with(prefix))
    };

    if mentions_fluvio_spu(text) {
        return Some(Format::FluvioSpu);
    }
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let yaml_name = name.ends_with(".yml") || name.ends_with(".yaml") || name.ends_with(".json");
    if yaml_name || starts("apiVersion:") || starts("services:") || starts("---") {
        if starts("apiVersion:") || starts("kind:") || trimmed_starts("- apiversion:") {
            return Some(Format::Kubernetes);
        }
        if starts("services:") {
            return Some(Format::Compose);
        }
        return None;
    }
    if starts("[Socket]") {
        return Some(Format::SystemdSocket);
    }
    const KEYCLOAK_KEYS: [&str; 8] = [
        "http-port",
        "https-port",
        "http-enabled",
        "http-management-port",
        "hostname",
        "db-url",
        "health-enabled",
        "metrics-enabled",
    ];
    if lines.iter().any(|line| {
        line.split_once('=')
            .is_some_and(|(key, _)| KEYCLOAK_KEYS.contains(&key.trim()))
    }) {
        return Some(Format::Keycloak);
    }
    let haproxy_section = ["frontend ", "backend ", "listen ", "defaults", "global"]
        .iter()
        .any(|section| starts(section));
    if haproxy_section && trimmed_starts("bind ") {
        return Some(Format::Haproxy);
    }
    let nginx = lines.iter().any(|line| {
        let line = line.trim();
        line.ends_with(';') && (line.starts_with("listen ") || line.starts_with("server_name "))
            || line == "http {"
            || line == "server {"
            || line == "events {"
    });
    if nginx {
        return Some(Format::Nginx);
    }
    if trimmed_starts("listen ") || trimmed_starts("<virtualhost") || trimmed_starts("serverroot") {
        return Some(Format::Apache);
    }
    None
}

/// A `fluvio-run spu` / `fluvio-spu` command line, or a Fluvio `Spu`/`SpuGroup` resource.
pub fn mentions_fluvio_spu(text: &str) -> bool {
    text.contains("fluvio.infinyon.com") || text.contains("fluvio-spu") || {
        text.lines().any(|line| {
            let mut words = line.split_whitespace();
            while let Some(word) = words.next() {
                if (word == "fluvio-run" || word.ends_with("/fluvio-run") || word == "run")
                    && words.clone().next() == Some("spu")
                {
                    return true;
                }
            }
            false
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(name: &str, text: &str) -> Option<Format> {
        Format::detect(Path::new(name), text)
    }

    #[test]
    fn names_decide_first() {
        assert_eq!(
            detect("/etc/nginx/sites-enabled/default", ""),
            Some(Format::Nginx)
        );
        assert_eq!(detect("web.socket", ""), Some(Format::SystemdSocket));
        assert_eq!(detect("conf/keycloak.conf", ""), Some(Format::Keycloak));
        assert_eq!(detect("docker-compose.prod.yml", ""), Some(Format::Compose));
        assert_eq!(
            detect("/etc/haproxy/haproxy.cfg", ""),
            Some(Format::Haproxy)
        );
        assert_eq!(detect("/etc/apache2/ports.conf", ""), Some(Format::Apache));
    }

    #[test]
    fn text_decides_otherwise() {
        assert_eq!(
            detect("app.yaml", "apiVersion: v1\nkind: Service\n"),
            Some(Format::Kubernetes)
        );
        assert_eq!(
            detect("stack.yml", "services:\n  web: {}\n"),
            Some(Format::Compose)
        );
        assert_eq!(
            detect(
                "spu.yaml",
                "apiVersion: fluvio.infinyon.com/v1\nkind: Spu\n"
            ),
            Some(Format::FluvioSpu)
        );
        assert_eq!(
            detect(
                "spu.service",
                "ExecStart=/usr/bin/fluvio-run spu -i 5001 -p 0.0.0.0:9010\n"
            ),
            Some(Format::FluvioSpu)
        );
        assert_eq!(
            detect("site.conf", "server {\n  listen 80;\n}\n"),
            Some(Format::Nginx)
        );
        assert_eq!(
            detect("lb.cfg", "frontend web\n  bind :80\n"),
            Some(Format::Haproxy)
        );
        assert_eq!(detect("x.conf", "Listen 8080\n"), Some(Format::Apache));
        assert_eq!(
            detect("kc.conf", "http-port=8080\n"),
            Some(Format::Keycloak)
        );
        assert_eq!(detect("notes.txt", "hello"), None);
    }
}
