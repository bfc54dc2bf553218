//! Helpers for integration tests: run the built binary, open real sockets, start real
//! processes that hold them, and read the JSON contract by type.

#![allow(dead_code)]

pub mod contract;
pub mod netns;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use socket2::{Domain, Protocol as SocketProtocol, SockAddr, Socket, Type};

pub use contract::*;

/// The uid and gid tests use as "another user".
pub const NOBODY: u32 = 65534;

/// The binary under test: the one cargo built, or the artifact named by `PORTDOC_BIN`
/// (`scripts/cross` runs these tests against the static musl build that way).
pub fn binary() -> PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY
        .get_or_init(|| match std::env::var_os("PORTDOC_BIN") {
            Some(path) => {
                let path = PathBuf::from(path);
                assert!(
                    path.is_file(),
                    "PORTDOC_BIN={} is not a file",
                    path.display()
                );
                path
            }
            None => PathBuf::from(env!("CARGO_BIN_EXE_portdoc")),
        })
        .clone()
}

/// `portdoc ARGS...` as this user, with colors off.
pub fn portdoc(args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("run portdoc")
}

/// `portdoc ARGS...` as uid/gid 65534 (nobody), through `setpriv`. The binary is copied to a
/// directory every user can read, since the build directory may not be.
pub fn portdoc_as_nobody(args: &[&str]) -> Output {
    Command::new("setpriv")
        .args([
            "--reuid",
            "65534",
            "--regid",
            "65534",
            "--clear-groups",
            "--",
        ])
        .arg(public_binary())
        .args(args)
        .output()
        .expect("run portdoc through setpriv")
}

pub fn public_binary() -> &'static Path {
    static COPY: OnceLock<PathBuf> = OnceLock::new();
    COPY.get_or_init(|| {
        use std::os::unix::fs::PermissionsExt;
        let directory =
            std::env::temp_dir().join(format!("portdoc-test-bin-{}", std::process::id()));
        std::fs::create_dir_all(&directory).unwrap();
        std::fs::set_permissions(&directory, std::fs::Permissions::from_mode(0o755)).unwrap();
        let copy = directory.join("portdoc");
        // Copied by another process: a copy written here would leave its write descriptor in
        // every child another test forks meanwhile, and exec'ing the copy then fails with
        // ETXTBSY (setpriv exits 126) until those children exec.
        let copied = Command::new("install")
            .args(["-m", "0755"])
            .arg(binary())
            .arg(&copy)
            .status()
            .expect("run install (coreutils)");
        assert!(copied.success(), "install {}", copy.display());
        copy
    })
}

/// True when running as root; tests that need other users or privileges say why they skip.
pub fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// Fails the calling test unless it runs as root: it acts as other users, creates network
/// namespaces and cgroups. CI runs as root, and so must `scripts/test`; a test that cannot
/// run fails rather than passing without having run.
#[macro_export]
macro_rules! require_root {
    () => {
        assert!(
            common::is_root(),
            "this test needs root (it acts as other users, creates network namespaces and cgroups): run scripts/test as root, as CI does"
        );
    };
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn code(output: &Output) -> i32 {
    output.status.code().expect("portdoc exited by a signal")
}

/// Runs `who --json ARGS` and parses the document by its contract types.
pub fn who_json(args: &[&str]) -> (WhoDocument, i32) {
    let mut full = vec!["who", "--json"];
    full.extend_from_slice(args);
    let output = portdoc(&full);
    assert!(output.stderr.is_empty(), "stderr: {}", stderr(&output));
    (parse_json(&stdout(&output)), code(&output))
}

pub fn parse_json<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_else(|error| panic!("{error}: {text}"))
}

pub fn localhost() -> IpAddr {
    IpAddr::V4(Ipv4Addr::LOCALHOST)
}

pub fn any_v6() -> IpAddr {
    IpAddr::V6(Ipv6Addr::UNSPECIFIED)
}

/// A TCP socket bound to `address:0` or `address:port`, optionally listening.
pub fn tcp_socket(address: IpAddr, port: u16, listen: Option<i32>, v6only: Option<bool>) -> Socket {
    let domain = if address.is_ipv4() {
        Domain::IPV4
    } else {
        Domain::IPV6
    };
    let socket = Socket::new(domain, Type::STREAM, Some(SocketProtocol::TCP)).unwrap();
    if let Some(v6only) = v6only {
        socket.set_only_v6(v6only).unwrap();
    }
    socket.set_reuse_address(true).unwrap();
    socket
        .bind(&SockAddr::from(SocketAddr::new(address, port)))
        .unwrap_or_else(|error| panic!("bind {address}:{port}: {error}"));
    if let Some(backlog) = listen {
        socket.listen(backlog).unwrap();
    }
    socket
}

/// A listener on 127.0.0.1 on a fresh port.
pub fn local_listener() -> TcpListener {
    TcpListener::bind("127.0.0.1:0").unwrap()
}

pub fn port_of(socket: &Socket) -> u16 {
    socket.local_addr().unwrap().as_socket().unwrap().port()
}

/// A UDP socket bound to 127.0.0.1 on a fresh port.
pub fn udp_socket() -> std::net::UdpSocket {
    std::net::UdpSocket::bind("127.0.0.1:0").unwrap()
}

/// Leaves a server-side TIME_WAIT socket on the listener's port: the server closes first.
pub fn make_time_wait(listener: &TcpListener) {
    let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    let (server_side, _) = listener.accept().unwrap();
    drop(server_side);
    let mut byte = [0u8; 1];
    use std::io::Read;
    let _ = (&client).read(&mut byte);
    drop(client);
    std::thread::sleep(Duration::from_millis(50));
}

/// A process started for a test; killed and reaped when dropped.
pub struct Held {
    pub child: Child,
    _directory: Option<tempfile::TempDir>,
}

impl Held {
    /// Takes charge of a child started elsewhere.
    pub fn adopt(child: Child) -> Held {
        Held {
            child,
            _directory: None,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How to start a holder process.
#[derive(Default)]
pub struct HolderSpec<'a> {
    /// Command name the kernel will report (`comm`): the holder runs `sleep` through a
    /// symlink of this name. `None` keeps `sleep`.
    pub name: Option<&'a str>,
    /// argv[0] and further arguments shown in the command line (before sleep's duration).
    pub argv0: Option<&'a str>,
    /// Descriptors the holder inherits.
    pub fds: Vec<RawFd>,
    /// Run as this uid/gid through setpriv.
    pub as_user: Option<u32>,
}

/// Starts `sleep` holding the given descriptors, as a forked child that inherited them.
pub fn hold(spec: HolderSpec) -> Held {
    let sleep = which("sleep");
    let (program, directory) = match spec.name {
        Some(name) => {
            let directory = tempfile::tempdir().unwrap();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(directory.path(), std::fs::Permissions::from_mode(0o755))
                .unwrap();
            let link = directory.path().join(name);
            std::os::unix::fs::symlink(&sleep, &link).unwrap();
            (link, Some(directory))
        }
        None => (sleep, None),
    };
    let mut command = match spec.as_user {
        Some(uid) => {
            let mut command = Command::new("setpriv");
            command
                .args([
                    "--reuid",
                    &uid.to_string(),
                    "--regid",
                    &uid.to_string(),
                    "--clear-groups",
                    "--",
                ])
                .arg(&program);
            command
        }
        None => {
            let mut command = Command::new(&program);
            if let Some(argv0) = spec.argv0 {
                command.arg0(argv0);
            }
            command
        }
    };
    command
        .arg("300")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    inherit(&mut command, spec.fds.clone());
    let child = command.spawn().expect("start holder");
    let held = Held {
        child,
        _directory: directory,
    };
    wait_until_execed(held.pid(), spec.name.unwrap_or("sleep"));
    held
}

/// Waits until the child has exec'd the expected program (its comm changed).
fn wait_until_execed(pid: u32, name: &str) {
    let expected: String = name.chars().take(15).collect();
    let deadline = Instant::now() + Duration::from_secs(10);
    while Instant::now() < deadline {
        if let Ok(comm) = std::fs::read(format!("/proc/{pid}/comm")) {
            let comm = String::from_utf8_lossy(&comm);
            if comm.trim_end_matches('\n') == expected {
                return;
            }
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("holder {pid} did not become {name}");
}

pub fn which(program: &str) -> PathBuf {
    for directory in ["/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin"] {
        let candidate = Path::new(directory).join(program);
        if candidate.exists() {
            return candidate;
        }
    }
    panic!("{program} not found");
}

pub fn raw_fd<T: AsRawFd>(socket: &T) -> RawFd {
    socket.as_raw_fd()
}

/// Runs `check --json ARGS` as this user.
pub fn check_json(args: &[&str]) -> (CheckDocument, i32) {
    let mut full = vec!["check", "--json"];
    full.extend_from_slice(args);
    let output = portdoc(&full);
    assert!(output.stderr.is_empty(), "stderr: {}", stderr(&output));
    (parse_json(&stdout(&output)), code(&output))
}

/// A port that is free on every address right now (nothing bound, no TIME_WAIT).
pub fn free_port() -> u16 {
    loop {
        let probe = tcp_socket(any_v6(), 0, None, Some(false));
        let port = port_of(&probe);
        drop(probe);
        if std::net::UdpSocket::bind(("0.0.0.0", port)).is_ok() {
            return port;
        }
    }
}

/// `net.ipv4.ip_local_port_range` of this machine.
pub fn ephemeral_range() -> (u16, u16) {
    let text = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range").unwrap();
    let mut numbers = text
        .split_whitespace()
        .map(|number| number.parse().unwrap());
    (numbers.next().unwrap(), numbers.next().unwrap())
}

/// Runs `explain --json ARGS` and parses the single-subject document.
pub fn explain_json(args: &[&str]) -> (ExplainDocument, i32) {
    let mut full = vec!["explain", "--json"];
    full.extend_from_slice(args);
    let output = portdoc(&full);
    assert!(output.stderr.is_empty(), "stderr: {}", stderr(&output));
    let envelope: ExplainEnvelope = parse_json(&stdout(&output));
    (envelope.single(), code(&output))
}

/// Starts `sleep` through `sh`, which exits at once: the sleeper, holding the descriptors,
/// is orphaned (its parent exited), as when a server started a child and died. Returns its pid.
pub struct Orphan(pub u32);

impl Drop for Orphan {
    fn drop(&mut self) {
        // SAFETY: kill has no memory-safety preconditions.
        unsafe {
            libc::kill(self.0 as i32, libc::SIGKILL);
        }
    }
}

pub fn hold_orphaned(fds: Vec<RawFd>) -> Orphan {
    let mut command = Command::new("sh");
    command
        .args(["-c", "sleep 300 >/dev/null 2>&1 </dev/null & echo $!"])
        .stdout(Stdio::piped());
    inherit(&mut command, fds);
    let output = command.output().expect("start sh");
    let pid: u32 = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .expect("pid from sh");
    wait_until_execed(pid, "sleep");
    Orphan(pid)
}

/// A cgroup made for a test (v2, or the first writable v1 hierarchy); removed when dropped.
pub struct TestCgroup {
    root: PathBuf,
    created: Vec<PathBuf>,
}

impl TestCgroup {
    /// Creates `relative` (e.g. `kubepods/burstable/pod<uid>/<id>`) and moves `pid` into it.
    pub fn place(pid: u32, relative: &str) -> Option<TestCgroup> {
        let v2 = std::fs::read_to_string("/proc/self/mountinfo")
            .unwrap_or_default()
            .lines()
            .any(|line| line.contains(" /sys/fs/cgroup ") && line.contains(" - cgroup2 "));
        let mut roots = Vec::new();
        if v2 {
            roots.push(PathBuf::from("/sys/fs/cgroup"));
        }
        roots.extend(
            [
                "/sys/fs/cgroup/unified",
                "/sys/fs/cgroup/systemd",
                "/sys/fs/cgroup/pids",
            ]
            .map(PathBuf::from),
        );
        for root in roots {
            if !root.join("cgroup.procs").exists() {
                continue;
            }
            let mut created = Vec::new();
            let mut path = root.clone();
            let mut ok = true;
            for part in relative.split('/') {
                path = path.join(part);
                if !path.exists() {
                    if std::fs::create_dir(&path).is_err() {
                        ok = false;
                        break;
                    }
                    created.push(path.clone());
                }
            }
            let cgroup = TestCgroup {
                root: root.clone(),
                created,
            };
            if ok && std::fs::write(path.join("cgroup.procs"), pid.to_string()).is_ok() {
                return Some(cgroup);
            }
        }
        None
    }
}

impl Drop for TestCgroup {
    fn drop(&mut self) {
        if let Some(leaf) = self.created.last()
            && let Ok(pids) = std::fs::read_to_string(leaf.join("cgroup.procs"))
        {
            for pid in pids.lines() {
                let _ = std::fs::write(self.root.join("cgroup.procs"), pid);
            }
        }
        for directory in self.created.iter().rev() {
            let _ = std::fs::remove_dir(directory);
        }
    }
}

/// Lets the child inherit these descriptors: close-on-exec is cleared in the child only, so
/// processes that other tests start meanwhile do not inherit them.
pub fn inherit(command: &mut Command, fds: Vec<RawFd>) {
    // SAFETY: only async-signal-safe fcntl calls run between fork and exec.
    unsafe {
        command.pre_exec(move || {
            for &fd in &fds {
                if libc::fcntl(fd, libc::F_SETFD, 0) == -1 {
                    return Err(std::io::Error::last_os_error());
                }
            }
            Ok(())
        });
    }
}

/// `portdoc ARGS...` with `input` on stdin.
pub fn portdoc_with_stdin(args: &[&str], input: &str) -> Output {
    portdoc_with_stdin_bytes(args, input.as_bytes())
}

/// `portdoc ARGS...` with raw bytes on stdin.
pub fn portdoc_with_stdin_bytes(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(binary())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run portdoc");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().expect("portdoc output")
}

/// A listener held only by a `sleep` that the kernel names `name`, with `argv0` as its
/// command line: the test's own descriptor is closed.
pub fn held_listener(name: &str, argv0: &str) -> (u16, Held) {
    held_listener_with(name, |_| argv0.to_string())
}

/// Like `held_listener`, with a command line that names the port.
pub fn held_listener_with(name: &str, argv0: impl FnOnce(u16) -> String) -> (u16, Held) {
    let listener = local_listener();
    let port = listener.local_addr().unwrap().port();
    let holder = hold(HolderSpec {
        name: Some(name),
        argv0: Some(&argv0(port)),
        fds: vec![raw_fd(&listener)],
        ..HolderSpec::default()
    });
    (port, holder)
}

/// Real nginx started by a test: stopped with SIGTERM when dropped, so that the master
/// stops its workers (a SIGKILLed master leaves them running).
pub struct Nginx {
    pub master: Held,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SAFETY: a signal to the master this test started.
        unsafe { libc::kill(self.master.pid() as i32, libc::SIGTERM) };
        let _ = self.master.child.wait();
    }
}

/// Starts real nginx (a master and `workers` workers) listening on `port` (all addresses)
/// in this network namespace: the running master, or `None` when nginx exited (its bind
/// failed).
pub fn start_nginx(port: u16, workers: u32) -> Option<Nginx> {
    let directory = tempfile::tempdir().unwrap();
    let config = directory.path().join("nginx.conf");
    std::fs::write(
        &config,
        format!(
            "daemon off;\nmaster_process on;\nworker_processes {workers};\npid {}/nginx.pid;\nerror_log stderr notice;\nevents {{}}\nhttp {{ access_log off; server {{ listen {port}; }} }}\n",
            directory.path().display()
        ),
    )
    .unwrap();
    let child = Command::new(which("nginx"))
        .arg("-p")
        .arg(directory.path())
        .arg("-c")
        .arg(&config)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start nginx (scripts/test installs nginx-light)");
    let mut nginx = Held {
        child,
        _directory: Some(directory),
    };
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if nginx.child.try_wait().unwrap().is_some() {
            return None;
        }
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return Some(Nginx { master: nginx });
        }
        assert!(
            Instant::now() < deadline,
            "nginx neither started nor failed"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}
