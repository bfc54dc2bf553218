//! The reuseport probe: a TCP bind with SO_REUSEADDR and SO_REUSEPORT, made as the holder's
//! uid, since the kernel lets SO_REUSEPORT sockets share a port only within one uid
//! (`inet_bind_conflict`). As root, another uid's probe runs in a forked child that drops to
//! that uid; the child makes raw system calls only.
//!
//! The probe binds and never listens: a listening socket would join the holder's reuseport
//! group and could be handed one of its connections before it closes. A bound socket receives
//! nothing. UDP is never probed this way, since a bound UDP socket joins the group at once.

use std::io;
use std::mem::size_of;
use std::net::SocketAddr;

use crate::model::Protocol;

/// Exit codes of the child that are not errno values.
const SETUP_FAILED: i32 = 250;

/// Binds a TCP socket with SO_REUSEADDR and SO_REUSEPORT, in this process or as `as_uid`.
/// `None` when the probe cannot be made (UDP, another uid without root, or the child could
/// not start).
pub fn bind_with_reuse_port(
    protocol: Protocol,
    address: SocketAddr,
    as_uid: Option<u32>,
) -> Option<io::Result<()>> {
    if protocol != Protocol::Tcp {
        return None;
    }
    let request = Request::new(address);
    match as_uid {
        None => Some(errno_result(request.run())),
        Some(uid) if rustix::process::geteuid().is_root() => in_child(&request, uid),
        Some(_) => None,
    }
}

fn errno_result(code: i32) -> io::Result<()> {
    if code == 0 {
        Ok(())
    } else {
        Err(io::Error::from_raw_os_error(code))
    }
}

/// Everything the probe needs, prepared before any fork: the child allocates nothing.
struct Request {
    domain: libc::c_int,
    dual_stack: bool,
    address: libc::sockaddr_storage,
    length: libc::socklen_t,
}

impl Request {
    fn new(address: SocketAddr) -> Request {
        // SAFETY: sockaddr_storage is plain old data; all-zero is a valid value.
        let mut storage: libc::sockaddr_storage = unsafe { std::mem::zeroed() };
        let length = match address {
            SocketAddr::V4(v4) => {
                let raw = libc::sockaddr_in {
                    sin_family: libc::AF_INET as libc::sa_family_t,
                    sin_port: v4.port().to_be(),
                    sin_addr: libc::in_addr {
                        s_addr: u32::from_ne_bytes(v4.ip().octets()),
                    },
                    sin_zero: [0; 8],
                };
                // SAFETY: sockaddr_storage is larger than and aligned for sockaddr_in.
                unsafe { std::ptr::write((&raw mut storage).cast(), raw) };
                size_of::<libc::sockaddr_in>()
            }
            SocketAddr::V6(v6) => {
                let raw = libc::sockaddr_in6 {
                    sin6_family: libc::AF_INET6 as libc::sa_family_t,
                    sin6_port: v6.port().to_be(),
                    sin6_flowinfo: 0,
                    sin6_addr: libc::in6_addr {
                        s6_addr: v6.ip().octets(),
                    },
                    sin6_scope_id: v6.scope_id(),
                };
                // SAFETY: sockaddr_storage is larger than and aligned for sockaddr_in6.
                unsafe { std::ptr::write((&raw mut storage).cast(), raw) };
                size_of::<libc::sockaddr_in6>()
            }
        };
        Request {
            domain: if address.is_ipv4() {
                libc::AF_INET
            } else {
                libc::AF_INET6
            },
            dual_stack: address.is_ipv6() && address.ip().is_unspecified(),
            address: storage,
            length: length as libc::socklen_t,
        }
    }

    /// Makes the probe (bind, never listen); 0 or the errno. Only async-signal-safe calls, so that a forked child
    /// of a multithreaded process may run it.
    fn run(&self) -> i32 {
        // SAFETY: plain system calls on a descriptor this function owns and closes.
        unsafe {
            let fd = libc::socket(self.domain, libc::SOCK_STREAM | libc::SOCK_CLOEXEC, 0);
            if fd < 0 {
                return *libc::__errno_location();
            }
            let on: libc::c_int = 1;
            let off: libc::c_int = 0;
            let set = |level, name, value: &libc::c_int| {
                libc::setsockopt(
                    fd,
                    level,
                    name,
                    (value as *const libc::c_int).cast(),
                    size_of::<libc::c_int>() as libc::socklen_t,
                )
            };
            let mut failed = set(libc::SOL_SOCKET, libc::SO_REUSEPORT, &on) != 0
                || set(libc::SOL_SOCKET, libc::SO_REUSEADDR, &on) != 0
                || (self.dual_stack && set(libc::IPPROTO_IPV6, libc::IPV6_V6ONLY, &off) != 0);
            if !failed {
                failed = libc::bind(fd, (&raw const self.address).cast(), self.length) != 0;
            }
            let code = if failed { *libc::__errno_location() } else { 0 };
            libc::close(fd);
            code
        }
    }
}

/// Runs the probe in a child that switches to `uid` (its capabilities go with root).
fn in_child(request: &Request, uid: u32) -> Option<io::Result<()>> {
    // SAFETY: the child only makes async-signal-safe system calls and leaves with _exit.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return None;
    }
    if pid == 0 {
        // SAFETY: raw setresuid affects this (only) thread of the child, then the probe.
        unsafe {
            let switched = libc::syscall(
                libc::SYS_setresuid,
                uid as libc::c_long,
                uid as libc::c_long,
                uid as libc::c_long,
            ) == 0;
            let code = if switched {
                request.run()
            } else {
                SETUP_FAILED
            };
            libc::_exit(code.clamp(0, 255));
        }
    }
    let mut status: libc::c_int = 0;
    // SAFETY: waits for the child forked above.
    let waited = unsafe { libc::waitpid(pid, &mut status, 0) };
    if waited != pid || !libc::WIFEXITED(status) {
        return None;
    }
    match libc::WEXITSTATUS(status) {
        SETUP_FAILED => None,
        code => Some(errno_result(code)),
    }
}

/// The symbolic name of an errno value, for the errors a bind can return.
pub fn errno_name(code: i32) -> Option<&'static str> {
    Some(match code {
        libc::EADDRINUSE => "EADDRINUSE",
        libc::EACCES => "EACCES",
        libc::EPERM => "EPERM",
        libc::EADDRNOTAVAIL => "EADDRNOTAVAIL",
        libc::EAFNOSUPPORT => "EAFNOSUPPORT",
        libc::EINVAL => "EINVAL",
        libc::ENOBUFS => "ENOBUFS",
        libc::ENOMEM => "ENOMEM",
        libc::EMFILE => "EMFILE",
        libc::ENFILE => "ENFILE",
        libc::ENODEV => "ENODEV",
        libc::EPROTONOSUPPORT => "EPROTONOSUPPORT",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reuseport_listener_of_this_uid_shares_its_port_and_a_plain_one_does_not() {
        use socket2::{Domain, Socket, Type};
        let shared = Socket::new(Domain::IPV4, Type::STREAM, None).unwrap();
        shared.set_reuse_address(true).unwrap();
        // SAFETY: setsockopt on a socket this test owns.
        let on: libc::c_int = 1;
        let set = unsafe {
            libc::setsockopt(
                std::os::fd::AsRawFd::as_raw_fd(&shared),
                libc::SOL_SOCKET,
                libc::SO_REUSEPORT,
                (&raw const on).cast(),
                size_of::<libc::c_int>() as libc::socklen_t,
            )
        };
        assert_eq!(set, 0);
        shared
            .bind(&"127.0.0.1:0".parse::<SocketAddr>().unwrap().into())
            .unwrap();
        shared.listen(8).unwrap();
        let address = shared.local_addr().unwrap().as_socket().unwrap();
        assert!(matches!(
            bind_with_reuse_port(Protocol::Tcp, address, None),
            Some(Ok(()))
        ));
        let plain = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let refused = bind_with_reuse_port(Protocol::Tcp, plain.local_addr().unwrap(), None);
        assert_eq!(
            refused.unwrap().unwrap_err().raw_os_error(),
            Some(libc::EADDRINUSE)
        );
        assert_eq!(errno_name(libc::EADDRINUSE), Some("EADDRINUSE"));
    }
}
