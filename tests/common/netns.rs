//! Private network namespaces for tests, and real binds to compare portdoc with.
//!
//! A network namespace belongs to a thread: [`in_private_netns`] runs a closure on a thread
//! that called `unshare(CLONE_NEWNET)` and brought `lo` up, so every socket it opens and
//! every process it starts (portdoc, python, nginx) lives there, apart from other tests.

use std::net::{IpAddr, SocketAddr};
use std::process::Command;

use socket2::{Domain, Protocol as SocketProtocol, SockAddr, Socket, Type};

/// Runs `work` in a new network namespace with loopback up (IPv4 and IPv6). Needs root.
pub fn in_private_netns<T: Send>(work: impl FnOnce() -> T + Send) -> T {
    std::thread::scope(|scope| {
        scope
            .spawn(|| {
                // SAFETY: unshare affects only this thread, which owns everything it opens.
                let unshared = unsafe { libc::unshare(libc::CLONE_NEWNET) };
                assert_eq!(
                    unshared,
                    0,
                    "unshare(CLONE_NEWNET): {} (the differential tests need root)",
                    std::io::Error::last_os_error()
                );
                let up = Command::new("ip")
                    .args(["link", "set", "lo", "up"])
                    .status()
                    .expect("run ip (iproute2; scripts/test installs it)");
                assert!(up.success(), "ip link set lo up");
                work()
            })
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// How a real server opens its port.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    /// TCP bind + listen with SO_REUSEADDR (nginx, Node, Go, Java, Rust std).
    ReuseAddress,
    /// TCP bind + listen without SO_REUSEADDR (Python's socketserver).
    Plain,
    /// UDP bind without SO_REUSEADDR.
    Udp,
}

/// What a real bind experienced: `Ok`, or the errno.
pub type Attempt = Result<(), i32>;

/// A real bind of `server` on `address:port` (an IPv6 wildcard dual-stack), closed at once.
pub fn real_bind(server: Server, address: IpAddr, port: u16) -> Attempt {
    let domain = Domain::for_address(SocketAddr::new(address, port));
    let (kind, protocol) = match server {
        Server::Udp => (Type::DGRAM, SocketProtocol::UDP),
        _ => (Type::STREAM, SocketProtocol::TCP),
    };
    let socket = Socket::new(domain, kind, Some(protocol)).map_err(|error| errno(&error))?;
    if server == Server::ReuseAddress {
        socket
            .set_reuse_address(true)
            .map_err(|error| errno(&error))?;
    }
    if address.is_ipv6() && address.is_unspecified() {
        socket.set_only_v6(false).map_err(|error| errno(&error))?;
    }
    socket
        .bind(&SockAddr::from(SocketAddr::new(address, port)))
        .map_err(|error| errno(&error))?;
    if server != Server::Udp {
        socket.listen(8).map_err(|error| errno(&error))?;
    }
    Ok(())
}

/// The same bind made by a process running as `uid`: a forked child drops to that uid (and
/// so loses root's capabilities) and makes raw system calls only.
pub fn real_bind_as(uid: u32, server: Server, address: IpAddr, port: u16) -> Attempt {
    let target = SockAddr::from(SocketAddr::new(address, port));
    let domain = if address.is_ipv4() {
        libc::AF_INET
    } else {
        libc::AF_INET6
    };
    let kind = if server == Server::Udp {
        libc::SOCK_DGRAM
    } else {
        libc::SOCK_STREAM
    };
    let dual_stack = address.is_ipv6() && address.is_unspecified();
    // SAFETY: the child makes async-signal-safe system calls only and leaves with _exit.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork");
    if pid == 0 {
        // SAFETY: raw system calls on memory prepared before the fork.
        unsafe {
            let fail = || libc::_exit((*libc::__errno_location()).clamp(1, 255));
            let id = uid as libc::c_long;
            if libc::syscall(libc::SYS_setresuid, id, id, id) != 0 {
                libc::_exit(254);
            }
            let fd = libc::socket(domain, kind, 0);
            if fd < 0 {
                fail();
            }
            let on: libc::c_int = 1;
            let off: libc::c_int = 0;
            let size = std::mem::size_of::<libc::c_int>() as libc::socklen_t;
            if server == Server::ReuseAddress {
                libc::setsockopt(
                    fd,
                    libc::SOL_SOCKET,
                    libc::SO_REUSEADDR,
                    (&raw const on).cast(),
                    size,
                );
            }
            if dual_stack {
                libc::setsockopt(
                    fd,
                    libc::IPPROTO_IPV6,
                    libc::IPV6_V6ONLY,
                    (&raw const off).cast(),
                    size,
                );
            }
            if libc::bind(fd, target.as_ptr().cast(), target.len()) != 0 {
                fail();
            }
            if server != Server::Udp && libc::listen(fd, 8) != 0 {
                fail();
            }
            libc::_exit(0);
        }
    }
    let mut status = 0;
    // SAFETY: waits for the child forked above.
    unsafe { libc::waitpid(pid, &mut status, 0) };
    assert!(libc::WIFEXITED(status), "the bind child was killed");
    match libc::WEXITSTATUS(status) {
        0 => Ok(()),
        254 => panic!("cannot switch to uid {uid}"),
        code => Err(code),
    }
}

fn errno(error: &std::io::Error) -> i32 {
    error.raw_os_error().unwrap_or(-1)
}

/// The exit status `check` promises for real attempts on the addresses a server binds:
/// 1 when one meets EADDRINUSE, otherwise 3 when one is refused (EACCES, EADDRNOTAVAIL),
/// otherwise 0.
pub fn promised_exit(attempts: &[Attempt]) -> i32 {
    if attempts.contains(&Err(libc::EADDRINUSE)) {
        1
    } else if attempts.iter().any(Result::is_err) {
        3
    } else {
        0
    }
}
