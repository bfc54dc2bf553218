//! Reads a process's systemd unit and container from its `/proc/PID/cgroup` text.
//!
//! Pure parsing, so that real samples from every runtime and cgroup driver can be tested:
//! cgroup v2 (`0::/path`) and v1 (`N:controllers:/path`), systemd and cgroupfs drivers,
//! Docker, Podman, containerd and CRI-O under Kubernetes, LXC.

use crate::model::Container;

/// What a cgroup path says about a process.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct CgroupInfo {
    /// The innermost systemd unit, unless it is only a container's scope.
    pub systemd_unit: Option<String>,
    /// True when the unit belongs to a user's service manager (`systemctl --user`).
    pub user_unit: bool,
    pub container: Option<Container>,
    /// The Podman pod the process runs in (its containers and their conmon), by id.
    pub podman_pod: Option<String>,
}

/// Parses the contents of `/proc/PID/cgroup`.
pub fn parse(text: &str) -> CgroupInfo {
    let mut paths: Vec<(&str, &str)> = text
        .lines()
        .filter_map(|line| {
            let mut fields = line.splitn(3, ':');
            let _hierarchy = fields.next()?;
            let controllers = fields.next()?;
            let path = fields.next()?;
            Some((controllers, path))
        })
        .collect();
    // The unified hierarchy (v2) and systemd's own v1 hierarchy name units best.
    paths.sort_by_key(|(controllers, _)| match *controllers {
        "" => 0,
        "name=systemd" => 1,
        _ => 2,
    });
    let mut info = CgroupInfo::default();
    for (_, path) in &paths {
        let found = parse_path(path);
        if info.container.is_none() {
            info.container = found.container;
        }
        if info.podman_pod.is_none() {
            info.podman_pod = found.podman_pod;
        }
        if info.systemd_unit.is_none() && found.systemd_unit.is_some() {
            info.systemd_unit = found.systemd_unit;
            info.user_unit = found.user_unit;
        }
    }
    info
}

/// Parses one cgroup path such as `/system.slice/docker-<id>.scope`.
pub fn parse_path(path: &str) -> CgroupInfo {
    let components: Vec<&str> = path.split('/').filter(|part| !part.is_empty()).collect();
    let mut info = CgroupInfo::default();
    let mut pod_uid = None;
    let mut in_kubepods = false;
    for (index, component) in components.iter().enumerate() {
        if component.starts_with("kubepods") {
            in_kubepods = true;
        }
        if let Some(uid) = pod_uid_of(component) {
            pod_uid = Some(uid);
        }
        let parent = components.get(index.wrapping_sub(1));
        if let Some(pod) = podman_pod_of(component, parent, index + 1 < components.len()) {
            info.podman_pod = Some(pod);
            continue;
        }
        if let Some(container) = container_of(component, parent, in_kubepods) {
            info.container = Some(container);
        }
        if is_unit(component) && !is_container_scope(component) && !component.starts_with("user@") {
            info.systemd_unit = Some(component.to_string());
            info.user_unit = components[..index]
                .iter()
                .any(|parent| parent.starts_with("user@") && parent.ends_with(".service"));
        }
    }
    if let (Some(container), Some(pod)) = (info.container.as_mut(), &info.podman_pod) {
        container.pod_id = Some(pod.clone());
    }
    if let Some(uid) = pod_uid {
        match &mut info.container {
            Some(container) => container.pod_uid = Some(uid),
            None => {
                info.container = Some(Container {
                    runtime: "kubernetes".into(),
                    pod_uid: Some(uid),
                    ..Container::default()
                })
            }
        }
    }
    info
}

/// A systemd service or scope name, as systemd allows them (`systemd.unit(5)`: letters,
/// digits and `:-_.\@`, at most 255 bytes). Cgroup paths of a delegated subtree are named by
/// its user: a name that is not a valid unit name is no unit, never text for a command.
fn is_unit(component: &str) -> bool {
    (component.ends_with(".service") || component.ends_with(".scope"))
        && component.len() <= 255
        && component
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b":-_.\\@".contains(&byte))
}

fn is_container_scope(component: &str) -> bool {
    [
        "docker-",
        "libpod-",
        "cri-containerd-",
        "crio-",
        "containerd-",
    ]
    .iter()
    .any(|prefix| component.starts_with(prefix))
}

/// A Podman pod's cgroup: `machine-libpod_pod_<id>.slice` (systemd driver), or
/// `libpod_parent/<id>/...` (cgroupfs driver), where a bare id with children is the pod and
/// its containers are `libpod-<id>` below it.
fn podman_pod_of(component: &str, parent: Option<&&str>, has_children: bool) -> Option<String> {
    if let Some(id) = component
        .strip_prefix("machine-libpod_pod_")
        .and_then(|rest| rest.strip_suffix(".slice"))
        && is_container_id(id)
    {
        return Some(id.to_string());
    }
    (parent.copied() == Some("libpod_parent") && has_children && is_container_id(component))
        .then(|| component.to_string())
}

/// `kubepods-burstable-pod<uid with _>.slice` (systemd driver) or `pod<uid>` (cgroupfs).
fn pod_uid_of(component: &str) -> Option<String> {
    let uid = if let Some(slice) = component.strip_suffix(".slice") {
        slice.rsplit_once("-pod")?.1.replace('_', "-")
    } else {
        component.strip_prefix("pod")?.to_string()
    };
    is_uuid(&uid).then_some(uid)
}

fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.bytes().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

fn is_container_id(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|byte| byte.is_ascii_hexdigit())
}

fn container_of(component: &str, parent: Option<&&str>, in_kubepods: bool) -> Option<Container> {
    let scoped = [
        ("docker-", "docker"),
        ("libpod-", "podman"),
        ("cri-containerd-", "containerd"),
        ("crio-", "cri-o"),
    ];
    let unscoped = component.strip_suffix(".scope").unwrap_or(component);
    for (prefix, runtime) in scoped {
        if let Some(id) = unscoped.strip_prefix(prefix)
            && is_container_id(id)
        {
            return Some(container(runtime, id));
        }
    }
    if is_container_id(component) {
        let runtime = match parent.copied() {
            Some("docker") => "docker",
            Some(parent) if parent.starts_with("libpod") => "podman",
            _ if in_kubepods => "kubernetes",
            _ => return None,
        };
        return Some(container(runtime, component));
    }
    if let Some(name) = component.strip_prefix("lxc.payload.") {
        return Some(container("lxc", name));
    }
    if parent.copied() == Some("lxc") {
        return Some(container("lxc", component));
    }
    None
}

fn container(runtime: &str, id: &str) -> Container {
    Container {
        runtime: runtime.into(),
        id: Some(id.into()),
        ..Container::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "3f2a9c1e5b7d4f608a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071";
    const POD: &str = "8d4f1c2a-6b3e-4a5f-9c7d-1e2f3a4b5c6d";

    fn container(runtime: &str, id: Option<&str>, pod: Option<&str>) -> Option<Container> {
        Some(Container {
            runtime: runtime.into(),
            id: id.map(String::from),
            pod_uid: pod.map(String::from),
            ..Container::default()
        })
    }

    #[test]
    fn real_cgroup_samples_name_unit_and_container() {
        let pod_underscored = POD.replace('-', "_");
        let cases: Vec<(String, Option<&str>, bool, Option<Container>)> = vec![
            (
                "0::/system.slice/nginx.service\n".into(),
                Some("nginx.service"),
                false,
                None,
            ),
            ("0::/init.scope\n".into(), Some("init.scope"), false, None),
            (
                "0::/user.slice/user-1000.slice/session-3.scope\n".into(),
                Some("session-3.scope"),
                false,
                None,
            ),
            (
                "0::/user.slice/user-1000.slice/user@1000.service/app.slice/openui.service\n"
                    .into(),
                Some("openui.service"),
                true,
                None,
            ),
            // Docker, systemd driver, cgroup v2.
            (
                format!("0::/system.slice/docker-{ID}.scope\n"),
                None,
                false,
                container("docker", Some(ID), None),
            ),
            // Docker, cgroupfs driver, cgroup v1 with several hierarchies.
            (
                format!(
                    "12:pids:/docker/{ID}\n11:memory:/docker/{ID}\n1:name=systemd:/docker/{ID}\n0::/\n"
                ),
                None,
                false,
                container("docker", Some(ID), None),
            ),
            // Podman (rootful), systemd driver.
            (
                format!("0::/machine.slice/libpod-{ID}.scope/container\n"),
                None,
                false,
                container("podman", Some(ID), None),
            ),
            // Rootless Podman inside a user's service manager.
            (
                format!(
                    "0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-{ID}.scope\n"
                ),
                None,
                false,
                container("podman", Some(ID), None),
            ),
            // containerd under Kubernetes, systemd driver.
            (
                format!(
                    "0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod{pod_underscored}.slice/cri-containerd-{ID}.scope\n"
                ),
                None,
                false,
                container("containerd", Some(ID), Some(POD)),
            ),
            // Guaranteed QoS pods have no QoS slice.
            (
                format!(
                    "0::/kubepods.slice/kubepods-pod{pod_underscored}.slice/cri-containerd-{ID}.scope\n"
                ),
                None,
                false,
                container("containerd", Some(ID), Some(POD)),
            ),
            // CRI-O, systemd driver.
            (
                format!(
                    "0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod{pod_underscored}.slice/crio-{ID}.scope\n"
                ),
                None,
                false,
                container("cri-o", Some(ID), Some(POD)),
            ),
            // Kubernetes with the cgroupfs driver, cgroup v1.
            (
                format!(
                    "4:cpu,cpuacct:/kubepods/burstable/pod{POD}/{ID}\n1:name=systemd:/kubepods/burstable/pod{POD}/{ID}\n"
                ),
                None,
                false,
                container("kubernetes", Some(ID), Some(POD)),
            ),
            // A pod's cgroup without a container level (the pause process on some setups).
            (
                format!("0::/kubepods/besteffort/pod{POD}\n"),
                None,
                false,
                container("kubernetes", None, Some(POD)),
            ),
            (
                "0::/lxc.payload.web01/system.slice/nginx.service\n".into(),
                Some("nginx.service"),
                false,
                container("lxc", Some("web01"), None),
            ),
            ("0::/\n".into(), None, false, None),
            ("garbage without colons\n".into(), None, false, None),
            ("".into(), None, false, None),
        ];
        for (text, unit, user_unit, expected_container) in cases {
            let info = parse(&text);
            assert_eq!(info.systemd_unit.as_deref(), unit, "{text}");
            assert_eq!(info.user_unit, user_unit, "{text}");
            assert_eq!(info.container, expected_container, "{text}");
        }
    }

    #[test]
    fn podman_pods_are_read_from_both_cgroup_drivers() {
        const POD_ID: &str = "3e634f0767d33f769a30ea8cfa5e0bd3ddbd4a79d897e328bfcc4b1642427620";
        // cgroupfs driver, cgroup v1, as `podman kube play` made it on this kind of host.
        let member = parse(&format!(
            "9:name=systemd:/libpod_parent/{POD_ID}/libpod-{ID}\n8:pids:/libpod_parent/{POD_ID}/libpod-{ID}\n"
        ));
        let container = member.container.unwrap();
        assert_eq!(container.id.as_deref(), Some(ID));
        assert_eq!(container.pod_id.as_deref(), Some(POD_ID));
        // The pod's conmon is in the pod, not in a container.
        let conmon = parse(&format!(
            "9:name=systemd:/\n8:pids:/libpod_parent/{POD_ID}/conmon\n"
        ));
        assert_eq!(conmon.container, None);
        assert_eq!(conmon.podman_pod.as_deref(), Some(POD_ID));
        // A standalone container with the cgroupfs driver.
        let alone = parse(&format!("8:pids:/libpod_parent/libpod-{ID}\n"));
        assert_eq!(alone.container.unwrap().pod_id, None);
        assert_eq!(alone.podman_pod, None);
        // systemd driver.
        let systemd = parse_path(&format!(
            "/machine.slice/machine-libpod_pod_{POD_ID}.slice/libpod-{ID}.scope/container"
        ));
        assert_eq!(systemd.container.unwrap().pod_id.as_deref(), Some(POD_ID));
        let systemd_conmon = parse_path(&format!(
            "/machine.slice/machine-libpod_pod_{POD_ID}.slice/libpod-conmon-{ID}.scope"
        ));
        assert_eq!(systemd_conmon.container, None);
        assert_eq!(systemd_conmon.podman_pod.as_deref(), Some(POD_ID));
    }

    #[test]
    fn short_or_non_hex_ids_are_not_containers() {
        assert_eq!(parse_path("/system.slice/docker-abc.scope").container, None);
        assert_eq!(parse_path("/docker/not-an-id").container, None);
        assert_eq!(
            parse_path("/system.slice/docker.service")
                .systemd_unit
                .as_deref(),
            Some("docker.service")
        );
    }

    #[test]
    fn a_cgroup_name_that_is_no_valid_unit_name_is_no_unit() {
        assert_eq!(
            parse("0::/system.slice/nginx.service\n")
                .systemd_unit
                .as_deref(),
            Some("nginx.service")
        );
        assert_eq!(
            parse("0::/user.slice/user-1000.slice/user@1000.service/app.slice/x;id>&2;.service\n")
                .systemd_unit,
            None
        );
        assert_eq!(parse("0::/system.slice/a b.service\n").systemd_unit, None);
    }
}
