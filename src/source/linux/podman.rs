//! Podman's own files, read without asking Podman: container names from containers/storage's
//! `containers.json`, pod names from Podman's event log, and the ports a container publishes
//! with its address from CNI's result cache (what CNI's portmap plugin turned into DNAT
//! rules). Rootful Podman's default paths; a rootless user's storage is not looked at.

use std::path::{Path, PathBuf};

use crate::model::PublishedPort;

/// Rootful containers/storage (`graphroot` in storage.conf).
const STORAGE_ROOT: &str = "/var/lib/containers/storage";
/// CNI's cache of what each plugin was asked and answered, one file per container interface.
const CNI_RESULTS: &str = "/var/lib/cni/results";
/// Podman's event log with `events_logger = "file"` (the default without journald).
const EVENTS_LOG: &str = "/run/libpod/events/events.log";

/// What conmon's command line says about the container it monitors.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ConmonArgs {
    /// `-c`/`--cid`: the container id.
    pub id: Option<String>,
    /// `-n`/`--name`: the container name.
    pub name: Option<String>,
    /// `-b`/`--bundle`: `<storage>/<driver>-containers/<id>/userdata`.
    pub bundle: Option<String>,
    /// The runtime that started it: `podman` (its exit command) or `cri-o` (its exit dir).
    pub runtime: Option<&'static str>,
}

/// Parses conmon's arguments (short and long forms, `--name=X` too).
pub fn conmon_args(cmdline: &str) -> ConmonArgs {
    let words: Vec<&str> = cmdline.split_whitespace().collect();
    let value = |short: &str, long: &str| -> Option<String> {
        words.iter().enumerate().find_map(|(index, word)| {
            if *word == short || *word == long {
                return words.get(index + 1).map(|value| value.to_string());
            }
            word.strip_prefix(long)?
                .strip_prefix('=')
                .map(str::to_string)
        })
    };
    let runtime = if words.iter().any(|word| word.ends_with("/podman")) {
        Some("podman")
    } else if words.iter().any(|word| word.contains("/crio/")) {
        Some("cri-o")
    } else {
        None
    };
    ConmonArgs {
        id: value("-c", "--cid"),
        name: value("-n", "--name"),
        bundle: value("-b", "--bundle"),
        runtime,
    }
}

/// The `containers.json` beside a conmon bundle directory, else the rootful one of each
/// storage driver.
fn containers_files(bundle: Option<&str>) -> Vec<PathBuf> {
    if let Some(list) = bundle
        .map(Path::new)
        .and_then(Path::parent)
        .and_then(Path::parent)
        .map(|drivers| drivers.join("containers.json"))
        .filter(|path| path.exists())
    {
        return vec![list];
    }
    glob::glob(&format!("{STORAGE_ROOT}/*-containers/containers.json"))
        .map(|paths| paths.flatten().collect())
        .unwrap_or_default()
}

/// The container's name from containers/storage (`"names": ["web"]`).
pub fn container_name(id: &str, bundle: Option<&str>) -> Option<String> {
    containers_files(bundle).iter().find_map(|path| {
        let text = std::fs::read_to_string(path).ok()?;
        name_in_containers_json(&text, id)
    })
}

fn name_in_containers_json(text: &str, id: &str) -> Option<String> {
    let list: serde_json::Value = serde_json::from_str(text).ok()?;
    list.as_array()?
        .iter()
        .find(|entry| entry.get("id").and_then(|value| value.as_str()) == Some(id))?
        .get("names")?
        .get(0)?
        .as_str()
        .map(str::to_string)
}

/// The pod's name from the last event Podman logged for it (every pod event names it).
pub fn pod_name(pod_id: &str) -> Option<String> {
    let text = std::fs::read_to_string(EVENTS_LOG).ok()?;
    pod_name_in_events(&text, pod_id)
}

fn pod_name_in_events(text: &str, pod_id: &str) -> Option<String> {
    text.lines()
        .rev()
        .filter(|line| line.contains(pod_id))
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|event| {
            event.get("Type").and_then(|value| value.as_str()) == Some("pod")
                && event.get("ID").and_then(|value| value.as_str()) == Some(pod_id)
        })
        .find_map(|event| event.get("Name")?.as_str().map(str::to_string))
}

/// What CNI's cache says about a container: its ports and the pod name it was given.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CniRecord {
    /// Every published port with the container address it goes to.
    pub published: Vec<PublishedPort>,
    /// `K8S_POD_NAME`: the pod's name for a pod's infra container, else the container's.
    pub pod_name: Option<String>,
}

/// The container's CNI records (`<network>-<id>-<interface>`), merged.
pub fn cni_record(id: &str) -> Option<CniRecord> {
    let mut merged: Option<CniRecord> = None;
    for entry in std::fs::read_dir(CNI_RESULTS).ok()?.flatten() {
        if !entry.file_name().to_string_lossy().contains(id) {
            continue;
        }
        let Some(record) = std::fs::read_to_string(entry.path())
            .ok()
            .and_then(|text| parse_cni_record(&text, id))
        else {
            continue;
        };
        let found = merged.get_or_insert_with(CniRecord::default);
        found.pod_name = found.pod_name.take().or(record.pod_name);
        for port in record.published {
            if !found.published.contains(&port) {
                found.published.push(port);
            }
        }
    }
    merged
}

fn parse_cni_record(text: &str, id: &str) -> Option<CniRecord> {
    let cache: serde_json::Value = serde_json::from_str(text).ok()?;
    if cache.get("containerId")?.as_str()? != id {
        return None;
    }
    let pod_name = cache
        .get("cniArgs")
        .and_then(|args| args.as_array())
        .into_iter()
        .flatten()
        .find_map(|pair| match pair.as_array()?.as_slice() {
            [key, value] if key.as_str() == Some("K8S_POD_NAME") => {
                value.as_str().map(str::to_string)
            }
            _ => None,
        });
    let addresses: Vec<std::net::IpAddr> = cache
        .pointer("/result/ips")
        .and_then(|ips| ips.as_array())
        .into_iter()
        .flatten()
        .filter_map(|ip| ip.get("address")?.as_str()?.split('/').next()?.parse().ok())
        .collect();
    let published = cache
        .pointer("/capabilityArgs/portMappings")
        .and_then(|mappings| mappings.as_array())
        .into_iter()
        .flatten()
        .filter_map(|mapping| {
            let host_port = u16::try_from(mapping.get("hostPort")?.as_u64()?).ok()?;
            let container_port = u16::try_from(mapping.get("containerPort")?.as_u64()?).ok()?;
            let host_address = mapping
                .get("hostIP")
                .and_then(|value| value.as_str())
                .filter(|address| !address.is_empty())
                .map(str::to_string);
            // The container's address of the host address's family (IPv4 when unsaid).
            let wants_v6 = host_address
                .as_deref()
                .is_some_and(|text| text.contains(':'));
            let target = addresses
                .iter()
                .find(|address| address.is_ipv6() == wants_v6)
                .map(|address| crate::model::endpoint(address, container_port));
            Some(PublishedPort {
                protocol: mapping
                    .get("protocol")
                    .and_then(|value| value.as_str())
                    .unwrap_or("tcp")
                    .to_ascii_lowercase(),
                host_address,
                host_port,
                target,
            })
        })
        .collect();
    Some(CniRecord {
        published,
        pod_name,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "aba68c1af92df636783464ee349b600d0aa83863ad2b35a930d830d9bd906dd4";

    #[test]
    fn conmon_arguments_name_the_container() {
        let cmdline = format!(
            "/usr/bin/conmon --api-version 1 -c {ID} -u {ID} -r /usr/bin/runc -b /var/lib/containers/storage/overlay-containers/{ID}/userdata -n web --exit-dir /run/libpod/exits --exit-command /usr/bin/podman --exit-command-arg --root"
        );
        let args = conmon_args(&cmdline);
        assert_eq!(args.id.as_deref(), Some(ID));
        assert_eq!(args.name.as_deref(), Some("web"));
        assert_eq!(args.runtime, Some("podman"));
        assert!(args.bundle.unwrap().ends_with("/userdata"));
        let long = conmon_args("conmon --cid=abc --name=db --exit-dir /var/run/crio/exits");
        assert_eq!(long.id.as_deref(), Some("abc"));
        assert_eq!(long.name.as_deref(), Some("db"));
        assert_eq!(long.runtime, Some("cri-o"));
        assert_eq!(conmon_args("conmon"), ConmonArgs::default());
    }

    #[test]
    fn containers_json_names_a_container_by_id() {
        let text = format!(
            r#"[{{"id":"{ID}","names":["pd-try"],"image":"fff4"}},{{"id":"other","names":["x"]}}]"#
        );
        assert_eq!(
            name_in_containers_json(&text, ID).as_deref(),
            Some("pd-try")
        );
        assert_eq!(name_in_containers_json(&text, "missing"), None);
        assert_eq!(name_in_containers_json("not json", ID), None);
    }

    #[test]
    fn the_pod_s_events_name_it() {
        let pod = "3e634f0767d33f769a30ea8cfa5e0bd3ddbd4a79d897e328bfcc4b1642427620";
        let log = format!(
            "{{\"ID\":\"{pod}\",\"Name\":\"pdpod\",\"Status\":\"create\",\"Type\":\"pod\"}}\n\
             {{\"ID\":\"{ID}\",\"Name\":\"{pod}\",\"Status\":\"create\",\"Type\":\"container\"}}\n\
             not json {pod}\n"
        );
        assert_eq!(pod_name_in_events(&log, pod).as_deref(), Some("pdpod"));
        assert_eq!(pod_name_in_events(&log, "0000"), None);
    }

    #[test]
    fn the_cni_cache_gives_published_ports_and_the_container_address() {
        // Shortened from a real /var/lib/cni/results file of `podman run -p 127.0.0.1:18081:8080`.
        let text = format!(
            r#"{{"kind":"cniCacheV1","containerId":"{ID}","ifName":"eth0","networkName":"podman",
            "cniArgs":[["IgnoreUnknown","1"],["K8S_POD_NAME","pd-try"]],
            "capabilityArgs":{{"portMappings":[{{"hostPort":18081,"containerPort":8080,"protocol":"tcp","hostIP":"127.0.0.1"}},
                                              {{"hostPort":5353,"containerPort":53,"protocol":"udp","hostIP":""}}]}},
            "result":{{"cniVersion":"0.4.0","ips":[{{"version":"4","address":"10.88.0.2/16","gateway":"10.88.0.1"}}]}}}}"#
        );
        let record = parse_cni_record(&text, ID).unwrap();
        assert_eq!(record.pod_name.as_deref(), Some("pd-try"));
        assert_eq!(
            record.published,
            vec![
                PublishedPort {
                    protocol: "tcp".into(),
                    host_address: Some("127.0.0.1".into()),
                    host_port: 18081,
                    target: Some("10.88.0.2:8080".into()),
                },
                PublishedPort {
                    protocol: "udp".into(),
                    host_address: None,
                    host_port: 5353,
                    target: Some("10.88.0.2:53".into()),
                },
            ]
        );
        assert_eq!(parse_cni_record(&text, "another"), None);
    }
}
