//! Server profiles: the ways real servers open a port, which the bind probes reproduce.

use serde::Serialize;

use crate::model::Protocol;

/// How a server opens its port.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "fuzzing", derive(arbitrary::Arbitrary))]
pub enum Profile {
    /// TCP `bind()` + `listen()` with SO_REUSEADDR, as nginx, Node, Go, Java, Rust std,
    /// uvicorn and most servers do: the typical server.
    #[serde(rename = "reuseaddr")]
    ReuseAddress,
    /// TCP `bind()` + `listen()` without SO_REUSEADDR, as Python's socketserver and a plain
    /// `socket.bind` do.
    #[serde(rename = "plain")]
    Plain,
    /// UDP `bind()` without SO_REUSEADDR (Go, Node's dgram, Python, most DNS/NTP/syslog servers).
    #[serde(rename = "udp")]
    Datagram,
    /// TCP with SO_REUSEADDR and SO_REUSEPORT, or UDP with SO_REUSEPORT, under the holder's
    /// uid: tells whether the holder set SO_REUSEPORT, so that a second server would share
    /// the port (and its traffic) instead of failing.
    #[serde(rename = "reuseport")]
    ReusePort,
}

impl Profile {
    /// The profiles that decide a port's status, for a protocol.
    pub fn deciding(protocol: Protocol) -> &'static [Profile] {
        match protocol {
            Protocol::Tcp => &[Profile::ReuseAddress, Profile::Plain],
            Protocol::Udp => &[Profile::Datagram],
        }
    }

    /// The profile of a typical server, whose result decides the exit status without
    /// `--strict`.
    pub fn typical(protocol: Protocol) -> Profile {
        match protocol {
            Protocol::Tcp => Profile::ReuseAddress,
            Protocol::Udp => Profile::Datagram,
        }
    }

    /// Whether the server sets SO_REUSEADDR for this protocol (a UDP reuseport server sets
    /// only SO_REUSEPORT).
    pub fn sets_reuse_address(self, protocol: Protocol) -> bool {
        match self {
            Profile::ReuseAddress => true,
            Profile::ReusePort => protocol == Protocol::Tcp,
            Profile::Plain | Profile::Datagram => false,
        }
    }

    pub fn sets_reuse_port(self) -> bool {
        self == Profile::ReusePort
    }

    pub fn name(self) -> &'static str {
        match self {
            Profile::ReuseAddress => "reuseaddr",
            Profile::Plain => "plain",
            Profile::Datagram => "udp",
            Profile::ReusePort => "reuseport",
        }
    }
}
