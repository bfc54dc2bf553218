//! Real Podman containers for the container tests: an image imported from the static busybox
//! that scripts/test installs (no registry is reached), containers publishing on 127.0.0.1
//! only, and guards that remove what a test made even when it fails: containers, pods, the
//! image tag, the pause image and kube network, and the nftables tables, bridge links and
//! `ip_forward` that Podman and CNI leave behind.

use std::collections::BTreeSet;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Container tests share the host's nat table, the `podman` bridge and `ip_forward`: they
/// run one at a time so that each can put back what it found.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The static busybox of Debian's busybox-static (the image's only file).
const BUSYBOX: &str = "/bin/busybox";

/// Runs podman with the test's configuration; panics with its output when it fails.
pub fn podman(session: &Session, args: &[&str]) -> String {
    let output = podman_output(session, args);
    assert!(
        output.status.success(),
        "podman {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

fn podman_output(session: &Session, args: &[&str]) -> Output {
    Command::new("podman")
        .args(args)
        .env("CONTAINERS_CONF", &session.config)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|error| {
            panic!("podman cannot run ({error}): scripts/test installs podman, runc, slirp4netns, catatonit and busybox-static")
        })
}

/// One test's Podman world: its image tag, the containers and pods it starts, and the host
/// state to put back. Dropping it removes them all.
pub struct Session {
    _serial: MutexGuard<'static, ()>,
    directory: tempfile::TempDir,
    config: PathBuf,
    pub image: String,
    containers: Vec<String>,
    pods: Vec<String>,
    before: HostState,
}

impl Session {
    /// Imports a busybox image under a tag of this test's own.
    pub fn new(test: &str) -> Session {
        let serial = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(|poison| poison.into_inner());
        assert!(
            Path::new(BUSYBOX).exists(),
            "{BUSYBOX} is missing: scripts/test installs busybox-static"
        );
        let before = HostState::now();
        let directory = tempfile::tempdir().unwrap();
        let config = directory.path().join("containers.conf");
        // crun cannot run on this host's hybrid cgroup layout, and raising rlimits above the
        // current hard limits is refused: runc, and limits below them.
        let nofile = hard_limit(libc::RLIMIT_NOFILE).min(1024);
        let nproc = hard_limit(libc::RLIMIT_NPROC).min(1024);
        std::fs::write(
            &config,
            format!(
                "[containers]\ndefault_ulimits = [\"nofile={nofile}:{nofile}\", \"nproc={nproc}:{nproc}\"]\n[engine]\nruntime = \"runc\"\n"
            ),
        )
        .unwrap();
        let rootfs = directory.path().join("rootfs");
        std::fs::create_dir_all(rootfs.join("bin")).unwrap();
        std::fs::copy(BUSYBOX, rootfs.join("bin/busybox")).unwrap();
        let archive = directory.path().join("rootfs.tar");
        let tar = Command::new("tar")
            .args([
                "-C",
                &rootfs.to_string_lossy(),
                "-cf",
                &archive.to_string_lossy(),
                ".",
            ])
            .status()
            .unwrap();
        assert!(tar.success());
        let session = Session {
            _serial: serial,
            directory,
            config,
            image: format!("localhost/portdoc-test/bb:{}-{test}", std::process::id()),
            containers: Vec::new(),
            pods: Vec::new(),
            before,
        };
        let archive = archive.to_string_lossy().into_owned();
        let image = session.image.clone();
        podman(&session, &["import", &archive, &image]);
        session
    }

    /// A unique container name for this test.
    pub fn name(&self, what: &str) -> String {
        format!("portdoc-test-{}-{what}", std::process::id())
    }

    /// `podman run -d --name NAME ARGS IMAGE COMMAND...`; returns the full id once the
    /// container's port is held on the host (`ready_on`), or at once.
    pub fn run(
        &mut self,
        name: &str,
        args: &[&str],
        command: &[&str],
        ready_on: Option<u16>,
    ) -> String {
        self.containers.push(name.to_string());
        let image = self.image.clone();
        let mut full = vec!["run", "-d", "--pull=never", "--name", name];
        full.extend_from_slice(args);
        full.push(&image);
        full.extend_from_slice(command);
        let id = podman(self, &full);
        if let Some(port) = ready_on {
            wait_until_held(port);
        }
        id
    }

    /// `podman kube play` of a Pod that publishes 127.0.0.1:`host_port` → 8080.
    pub fn play_pod(&mut self, pod: &str, host_port: u16) -> PathBuf {
        let yaml = self.directory.path().join("pod.yaml");
        std::fs::write(
            &yaml,
            format!(
                "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {pod}\nspec:\n  containers:\n  - name: web\n    image: {image}\n    imagePullPolicy: Never\n    command: [\"/bin/busybox\", \"httpd\", \"-f\", \"-p\", \"8080\"]\n    ports:\n    - containerPort: 8080\n      hostPort: {host_port}\n      hostIP: 127.0.0.1\n",
                image = self.image
            ),
        )
        .unwrap();
        self.pods.push(pod.to_string());
        podman(self, &["kube", "play", &yaml.to_string_lossy()]);
        wait_until_held(host_port);
        yaml
    }

    /// `podman inspect -f FORMAT NAME`.
    pub fn inspect(&self, name: &str, format: &str) -> String {
        podman(self, &["inspect", "-f", format, name])
    }

    /// Whether the container is running.
    pub fn running(&self, name: &str) -> bool {
        self.inspect(name, "{{.State.Running}}") == "true"
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        for pod in &self.pods {
            let _ = podman_output(self, &["pod", "rm", "-f", "-t", "0", pod]);
        }
        for container in &self.containers {
            let _ = podman_output(self, &["rm", "-f", "-t", "0", container]);
        }
        let _ = podman_output(self, &["rmi", "-f", &self.image]);
        self.before.restore(self);
    }
}

/// The network `podman kube play` creates when it needs one.
const KUBE_NETWORK: &str = "podman-default-kube-network";

/// The nftables tables that iptables-nft (for CNI's rules) and netavark create.
const RUNTIME_TABLES: &[&str] = &["filter", "nat", "mangle", "raw", "netavark"];

/// What Podman and CNI change on the host and leave behind.
struct HostState {
    images: BTreeSet<String>,
    networks: BTreeSet<String>,
    nft_tables: BTreeSet<String>,
    links: BTreeSet<String>,
    ip_forward: String,
}

impl HostState {
    fn now() -> HostState {
        HostState {
            images: lines(
                "podman",
                &["images", "--format", "{{.Repository}}:{{.Tag}}"],
            ),
            networks: lines("podman", &["network", "ls", "--format", "{{.Name}}"]),
            nft_tables: lines("nft", &["list", "tables"])
                .into_iter()
                .filter(|table| {
                    table
                        .split_whitespace()
                        .last()
                        .is_some_and(|name| RUNTIME_TABLES.contains(&name))
                })
                .collect(),
            // Bridges that CNI makes for Podman's networks (other tests' links are not ours).
            links: std::fs::read_dir("/sys/class/net")
                .unwrap()
                .flatten()
                .map(|entry| entry.file_name().to_string_lossy().into_owned())
                .filter(|link| link.starts_with("cni-podman") || link.starts_with("podman"))
                .collect(),
            ip_forward: std::fs::read_to_string("/proc/sys/net/ipv4/ip_forward").unwrap(),
        }
    }

    /// Removes the pod's pause image and the kube network if they appeared since; then, once
    /// no container runs on the host (other people's tests may use Podman too), the nftables
    /// tables and bridges that appeared since, and puts `ip_forward` back.
    fn restore(&self, session: &Session) {
        let after = HostState::now();
        for image in after.images.difference(&self.images) {
            if image.starts_with("localhost/podman-pause:") {
                let _ = podman_output(session, &["rmi", image]);
            }
        }
        for network in after.networks.difference(&self.networks) {
            if network == KUBE_NETWORK {
                let _ = podman_output(session, &["network", "rm", network]);
                // CNI's address allocations for it (host-local IPAM).
                let _ = std::fs::remove_dir_all(Path::new("/var/lib/cni/networks").join(network));
            }
        }
        if !lines("podman", &["ps", "-q"]).is_empty() {
            return;
        }
        for table in after.nft_tables.difference(&self.nft_tables) {
            // `table ip nat` → `nft delete table ip nat`.
            let words: Vec<&str> = table.split_whitespace().skip(1).collect();
            let _ = Command::new("nft")
                .arg("delete")
                .arg("table")
                .args(&words)
                .status();
        }
        for link in after.links.difference(&self.links) {
            let _ = Command::new("ip")
                .args(["link", "delete", link])
                .stderr(Stdio::null())
                .status();
        }
        let _ = std::fs::write("/proc/sys/net/ipv4/ip_forward", &self.ip_forward);
    }
}

fn lines(program: &str, args: &[&str]) -> BTreeSet<String> {
    let output = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|error| panic!("{program} cannot run: {error}"));
    assert!(output.status.success(), "{program} {args:?} failed");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

fn hard_limit(resource: libc::__rlimit_resource_t) -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit writes into the struct it is given.
    assert_eq!(unsafe { libc::getrlimit(resource, &mut limit) }, 0);
    limit.rlim_max
}

/// Waits until something on the host holds 127.0.0.1:`port` (a bind there fails), without
/// sending traffic.
fn wait_until_held(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpListener::bind(("127.0.0.1", port)).is_ok() {
        assert!(
            Instant::now() < deadline,
            "nothing came to hold 127.0.0.1:{port}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}
