//! NETLINK_SOCK_DIAG client: dumps TCP and UDP sockets with the port filter run in the kernel.
//!
//! This is what `ss` does (see `sock_diag(7)` and `include/uapi/linux/inet_diag.h`). Unlike
//! `/proc/net/tcp` it reports the TIME_WAIT timer, IPV6_V6ONLY, and (kernel >= 6.5) TCP
//! sockets that are bound but neither listening nor connected (`TCP_BOUND_INACTIVE`).

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::os::fd::OwnedFd;

use rustix::net::netlink::{self, SocketAddrNetlink};
use rustix::net::{AddressFamily, RecvFlags, SendFlags, SocketType};

use std::sync::Arc;

use crate::model::{Family, MatchedBy, Netns, Protocol, Socket, SocketState};
use crate::source::query::PortSet;

const SOCK_DIAG_BY_FAMILY: u16 = 20;
/// The original inet_diag request (`struct inet_diag_req`), TCP only. The kernel answers it
/// for both families from one walk of its tables, where two SOCK_DIAG_BY_FAMILY requests walk
/// them twice (inet_diag_dump_compat sets AF_UNSPEC).
const TCPDIAG_GETSOCK: u16 = 18;
const NLM_F_REQUEST: u16 = 0x1;
const NLM_F_DUMP: u16 = 0x300;
const NLMSG_ERROR: u16 = 2;
const NLMSG_DONE: u16 = 3;
const NLMSG_HEADER_LEN: usize = 16;
const INET_DIAG_REQ_BYTECODE: u16 = 1;
const INET_DIAG_SKV6ONLY: u16 = 11;
const INET_DIAG_MSG_LEN: usize = 72;
const TIME_WAIT: u8 = 6;

/// `idiag_states` bits for every TCP state a socket can be reported in (1 << TCP_ESTABLISHED
/// up to 1 << TCP_CLOSING) but TCP_CLOSE, which only bound-only sockets are in.
pub const TCP_ALL_STATES: u32 = 0b1111_0111_1110;
/// 1 << TCP_LISTEN.
pub const TCP_LISTEN: u32 = 1 << 10;
/// 1 << TCP_BOUND_INACTIVE (Linux 6.5): sockets that called bind() only; the kernel reports
/// them in state TCP_CLOSE. Asking for them makes the kernel walk its bind hash table.
pub const TCP_BOUND_INACTIVE: u32 = 1 << 13;
/// UDP sockets are either connected (TCP_ESTABLISHED) or not (TCP_CLOSE).
pub const UDP_ALL_STATES: u32 = (1 << 1) | (1 << 7);
pub const UDP_UNCONNECTED: u32 = 1 << 7;

/// One dump request: a family, a protocol, the states wanted and the ports.
#[derive(Debug, Clone)]
pub struct DumpRequest<'a> {
    /// `None`: both families in one dump (TCP only, through TCPDIAG_GETSOCK).
    pub family: Option<Family>,
    pub protocol: Protocol,
    pub states: u32,
    pub ports: &'a PortSet,
    /// Also match sockets whose remote port is in `ports`.
    pub include_remote: bool,
    /// The namespace the netlink socket was opened in, recorded on every socket.
    pub netns: &'a Arc<Netns>,
}

/// An open NETLINK_SOCK_DIAG socket, reused for several dumps.
pub struct SockDiag {
    fd: OwnedFd,
    buffer: Vec<u8>,
    sequence: u32,
}

impl SockDiag {
    pub fn open() -> io::Result<SockDiag> {
        let fd = rustix::net::socket_with(
            AddressFamily::NETLINK,
            SocketType::DGRAM,
            rustix::net::SocketFlags::CLOEXEC,
            Some(netlink::SOCK_DIAG),
        )?;
        Ok(SockDiag {
            fd,
            buffer: vec![0; 64 * 1024],
            sequence: 0,
        })
    }

    /// Runs one dump and returns the sockets it reported, in kernel order.
    pub fn dump(&mut self, request: &DumpRequest) -> io::Result<Vec<Socket>> {
        self.sequence += 1;
        let message = encode_request(request, self.sequence);
        rustix::net::sendto(
            &self.fd,
            &message,
            SendFlags::empty(),
            &SocketAddrNetlink::new(0, 0),
        )?;
        let mut sockets = Vec::new();
        loop {
            let (received, _) =
                rustix::net::recv(&self.fd, &mut self.buffer[..], RecvFlags::empty())?;
            if received == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "sock_diag closed the dump",
                ));
            }
            let datagram = &self.buffer[..received];
            if parse_datagram(datagram, request, &mut sockets)? == Parsed::Done {
                return Ok(sockets);
            }
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
enum Parsed {
    More,
    Done,
}

/// Builds `nlmsghdr` + `inet_diag_req_v2` (or, for both families at once, the original
/// `inet_diag_req`) + the bytecode attribute.
fn encode_request(request: &DumpRequest, sequence: u32) -> Vec<u8> {
    let bytecode = compile_filter(request.ports, request.include_remote);
    let attribute_len = bytecode.as_ref().map_or(0, |code| 4 + code.len());
    let header_len = if request.family.is_some() { 56 } else { 60 };
    let total = NLMSG_HEADER_LEN + header_len + attribute_len;
    let mut message = Vec::with_capacity(total);
    message.extend_from_slice(&(total as u32).to_ne_bytes());
    let kind = match request.family {
        Some(_) => SOCK_DIAG_BY_FAMILY,
        None => TCPDIAG_GETSOCK,
    };
    message.extend_from_slice(&kind.to_ne_bytes());
    message.extend_from_slice(&(NLM_F_REQUEST | NLM_F_DUMP).to_ne_bytes());
    message.extend_from_slice(&sequence.to_ne_bytes());
    message.extend_from_slice(&0u32.to_ne_bytes());
    // struct inet_diag_sockid: a single local port also narrows the kernel's listener walk.
    let single_port = match request.ports.ranges() {
        [(first, last)] if first == last && !request.include_remote => *first,
        _ => 0,
    };
    let mut sockid = Vec::with_capacity(48);
    sockid.extend_from_slice(&single_port.to_be_bytes());
    sockid.extend_from_slice(&[0; 46]);
    match request.family {
        Some(family) => {
            // struct inet_diag_req_v2
            message.push(match family {
                Family::Ipv4 => af_inet(),
                Family::Ipv6 => af_inet6(),
            });
            message.push(match request.protocol {
                Protocol::Tcp => 6,
                Protocol::Udp => 17,
            });
            message.push(0); // idiag_ext: no extensions; SKV6ONLY comes without asking
            message.push(0); // pad
            message.extend_from_slice(&request.states.to_ne_bytes());
            message.extend_from_slice(&sockid);
        }
        None => {
            // struct inet_diag_req: family (ignored), src_len, dst_len, ext, id, states, dbs
            message.extend_from_slice(&[0, 0, 0, 0]);
            message.extend_from_slice(&sockid);
            message.extend_from_slice(&request.states.to_ne_bytes());
            message.extend_from_slice(&0u32.to_ne_bytes());
        }
    }
    if let Some(code) = bytecode {
        message.extend_from_slice(&((4 + code.len()) as u16).to_ne_bytes());
        message.extend_from_slice(&INET_DIAG_REQ_BYTECODE.to_ne_bytes());
        message.extend_from_slice(&code);
    }
    debug_assert_eq!(message.len(), total);
    message
}

fn af_inet() -> u8 {
    AddressFamily::INET.as_raw() as u8
}

fn af_inet6() -> u8 {
    AddressFamily::INET6.as_raw() as u8
}

// inet_diag bytecode operations (include/uapi/linux/inet_diag.h).
const BC_JMP: u8 = 1;
const BC_S_GE: u8 = 2;
const BC_S_LE: u8 = 3;
const BC_D_GE: u8 = 4;
const BC_D_LE: u8 = 5;
const BC_S_EQ: u8 = 11;
const BC_D_EQ: u8 = 12;

/// Compiles "local port in ports, or (optionally) remote port in ports" to inet_diag bytecode.
///
/// Each range becomes a clause: conditions that jump to the next clause on failure, then a
/// JMP to the end of the program (accept). The last clause fails past the end (reject), as
/// `ss` does. Returns `None` when every port matches or the program would not fit the
/// 16-bit jump offsets; the caller then filters in user space.
pub fn compile_filter(ports: &PortSet, include_remote: bool) -> Option<Vec<u8>> {
    if ports.is_any() {
        return None;
    }
    let mut clauses: Vec<Vec<(u8, u16)>> = Vec::new();
    let sides: &[(u8, u8, u8)] = if include_remote {
        &[(BC_S_EQ, BC_S_GE, BC_S_LE), (BC_D_EQ, BC_D_GE, BC_D_LE)]
    } else {
        &[(BC_S_EQ, BC_S_GE, BC_S_LE)]
    };
    for &(equal, greater_equal, less_equal) in sides {
        for &(first, last) in ports.ranges() {
            if first == last {
                clauses.push(vec![(equal, first)]);
            } else {
                clauses.push(vec![(greater_equal, first), (less_equal, last)]);
            }
        }
    }
    let total: usize = clauses.iter().map(|clause| clause.len() * 8 + 4).sum();
    if total + 4 > usize::from(u16::MAX) {
        return None;
    }
    let mut code = Vec::with_capacity(total);
    let mut clause_start = 0usize;
    for clause in &clauses {
        let next_clause = clause_start + clause.len() * 8 + 4;
        // The last clause's failure jumps 4 bytes past the end: the kernel rejects the socket.
        let on_failure = if next_clause == total {
            total + 4
        } else {
            next_clause
        };
        for &(operation, port) in clause {
            let here = code.len();
            push_op(&mut code, operation, 8, (on_failure - here) as u16);
            push_op(&mut code, 0, 0, port);
        }
        let here = code.len();
        push_op(&mut code, BC_JMP, 4, (total - here) as u16);
        clause_start = next_clause;
    }
    Some(code)
}

fn push_op(code: &mut Vec<u8>, operation: u8, yes: u8, no: u16) {
    code.push(operation);
    code.push(yes);
    code.extend_from_slice(&no.to_ne_bytes());
}

/// Parses one datagram of netlink messages, appending sockets.
fn parse_datagram(
    datagram: &[u8],
    request: &DumpRequest,
    sockets: &mut Vec<Socket>,
) -> io::Result<Parsed> {
    let mut offset = 0;
    while offset + NLMSG_HEADER_LEN <= datagram.len() {
        let length = read_u32(datagram, offset) as usize;
        let kind = read_u16(datagram, offset + 4);
        if length < NLMSG_HEADER_LEN || offset + length > datagram.len() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "malformed netlink message from sock_diag",
            ));
        }
        let payload = &datagram[offset + NLMSG_HEADER_LEN..offset + length];
        match kind {
            NLMSG_DONE => return Ok(Parsed::Done),
            NLMSG_ERROR => {
                let errno = if payload.len() >= 4 {
                    -(read_u32(payload, 0) as i32)
                } else {
                    0
                };
                if errno == 0 {
                    return Ok(Parsed::Done);
                }
                return Err(io::Error::from_raw_os_error(errno));
            }
            SOCK_DIAG_BY_FAMILY | TCPDIAG_GETSOCK => {
                if let Some(socket) = parse_inet_diag_msg(payload, request.protocol, request.netns)
                {
                    sockets.push(socket);
                }
            }
            _ => {}
        }
        offset += align4(length);
    }
    Ok(Parsed::More)
}

/// Decodes `struct inet_diag_msg` and its attributes into a socket (without owners).
fn parse_inet_diag_msg(payload: &[u8], protocol: Protocol, netns: &Arc<Netns>) -> Option<Socket> {
    if payload.len() < INET_DIAG_MSG_LEN {
        return None;
    }
    let family = match payload[0] {
        family if family == af_inet() => Family::Ipv4,
        family if family == af_inet6() => Family::Ipv6,
        _ => return None,
    };
    let kernel_state = payload[1];
    let state = SocketState::from_kernel(protocol, kernel_state)?;
    let local_port = u16::from_be_bytes([payload[4], payload[5]]);
    let remote_port = u16::from_be_bytes([payload[6], payload[7]]);
    let local_address = decode_address(family, &payload[8..24]);
    let remote_address = decode_address(family, &payload[24..40]);
    let expires = read_u32(payload, 52);
    let recv_queue = read_u32(payload, 56);
    let send_queue = read_u32(payload, 60);
    let uid = read_u32(payload, 64);
    let inode = read_u32(payload, 68);
    let v6only = find_attribute(&payload[INET_DIAG_MSG_LEN..], INET_DIAG_SKV6ONLY)
        .and_then(|value| value.first())
        .map(|&flag| flag != 0);
    let connected = remote_port != 0 || !remote_address.is_unspecified();
    // TIME_WAIT sockets and handshake requests are not full sockets: the kernel reports
    // uid 0 for them because it does not track an owner (inet_twsk_diag_fill,
    // inet_req_diag_fill).
    let owner_tracked = !matches!(state, SocketState::TimeWait | SocketState::SynRecv);
    Some(Socket {
        protocol,
        family,
        local_address,
        local_port,
        remote_address: connected.then_some(remote_address),
        remote_port: connected.then_some(remote_port),
        state,
        inode: u64::from(inode),
        uid: owner_tracked.then_some(uid),
        user: None,
        expires_in_ms: (kernel_state == TIME_WAIT).then_some(u64::from(expires)),
        recv_queue: Some(recv_queue),
        send_queue: Some(send_queue),
        v6only,
        matched_by: MatchedBy::LocalPort,
        processes: Vec::new(),
        owner_visible: true,
        netns: Some(Arc::clone(netns)),
    })
}

fn decode_address(family: Family, bytes: &[u8]) -> IpAddr {
    match family {
        Family::Ipv4 => IpAddr::V4(Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3])),
        Family::Ipv6 => {
            let mut octets = [0u8; 16];
            octets.copy_from_slice(&bytes[..16]);
            IpAddr::V6(Ipv6Addr::from(octets))
        }
    }
}

/// Finds a netlink attribute (`struct rtattr`) by type.
fn find_attribute(mut attributes: &[u8], wanted: u16) -> Option<&[u8]> {
    while attributes.len() >= 4 {
        let length = usize::from(read_u16(attributes, 0));
        let kind = read_u16(attributes, 2);
        if length < 4 || length > attributes.len() {
            return None;
        }
        if kind == wanted {
            return Some(&attributes[4..length]);
        }
        attributes = &attributes[align4(length).min(attributes.len())..];
    }
    None
}

fn align4(length: usize) -> usize {
    (length + 3) & !3
}

fn read_u16(bytes: &[u8], offset: usize) -> u16 {
    u16::from_ne_bytes([bytes[offset], bytes[offset + 1]])
}

fn read_u32(bytes: &[u8], offset: usize) -> u32 {
    u32::from_ne_bytes([
        bytes[offset],
        bytes[offset + 1],
        bytes[offset + 2],
        bytes[offset + 3],
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The kernel's `inet_diag_bc_audit` followed by `inet_diag_bc_run` for port operations,
    /// transcribed from net/ipv4/inet_diag.c, so the compiler is checked against its semantics.
    fn kernel_accepts(code: &[u8], local_port: u16, remote_port: u16) -> bool {
        audit(code);
        let mut offset = 0usize;
        let mut remaining = code.len() as isize;
        while remaining > 0 {
            let operation = code[offset];
            let yes = usize::from(code[offset + 1]);
            let no = usize::from(read_u16(code, offset + 2));
            let argument = || read_u16(code, offset + 6);
            let matched = match operation {
                BC_JMP => false,
                BC_S_EQ => local_port == argument(),
                BC_S_GE => local_port >= argument(),
                BC_S_LE => local_port <= argument(),
                BC_D_EQ => remote_port == argument(),
                BC_D_GE => remote_port >= argument(),
                BC_D_LE => remote_port <= argument(),
                other => panic!("unexpected operation {other}"),
            };
            let jump = if matched { yes } else { no };
            remaining -= jump as isize;
            offset += jump;
        }
        remaining == 0
    }

    fn audit(code: &[u8]) {
        let length = code.len() as isize;
        let mut offset = 0usize;
        let mut remaining = length;
        while remaining > 0 {
            let operation = code[offset];
            let yes = isize::from(code[offset + 1]);
            let no = read_u16(code, offset + 2) as isize;
            let minimum = if operation == BC_JMP { 4 } else { 8 };
            assert!(
                no >= minimum && no <= remaining + 4 && no % 4 == 0,
                "bad no at {offset}"
            );
            if no < remaining {
                assert!(
                    valid_target(code, length - remaining + no),
                    "no lands mid-op at {offset}"
                );
            }
            assert!(
                yes >= minimum && yes <= remaining + 4 && yes % 4 == 0,
                "bad yes at {offset}"
            );
            offset += yes as usize;
            remaining -= yes;
        }
    }

    fn valid_target(code: &[u8], target: isize) -> bool {
        let mut offset = 0isize;
        while offset < code.len() as isize {
            if offset == target {
                return true;
            }
            offset += isize::from(code[offset as usize + 1]);
        }
        offset == target
    }

    #[test]
    fn no_filter_for_every_port() {
        assert_eq!(compile_filter(&PortSet::any(), false), None);
    }

    #[test]
    fn a_single_port_matches_only_that_local_port() {
        let code = compile_filter(&PortSet::from_ranges([(8080, 8080)]), false).unwrap();
        assert!(kernel_accepts(&code, 8080, 0));
        assert!(!kernel_accepts(&code, 8081, 8080));
        assert!(!kernel_accepts(&code, 80, 0));
    }

    #[test]
    fn lists_and_ranges_match_exactly_their_ports() {
        let ports = PortSet::from_ranges([(22, 22), (80, 80), (9000, 9100), (65535, 65535)]);
        let code = compile_filter(&ports, false).unwrap();
        for port in 1..=65535u16 {
            assert_eq!(
                kernel_accepts(&code, port, 0),
                ports.contains(port),
                "port {port}"
            );
        }
    }

    #[test]
    fn remote_matching_adds_the_remote_side() {
        let ports = PortSet::from_ranges([(5432, 5432), (6000, 6010)]);
        let code = compile_filter(&ports, true).unwrap();
        assert!(kernel_accepts(&code, 5432, 40000));
        assert!(kernel_accepts(&code, 40000, 5432));
        assert!(kernel_accepts(&code, 40000, 6005));
        assert!(!kernel_accepts(&code, 40000, 6011));
        assert!(!kernel_accepts(&code, 5433, 5431));
    }

    #[test]
    fn too_many_ranges_fall_back_to_user_space_filtering() {
        let ports = PortSet::from_ranges((1..=30000u16).step_by(3).map(|port| (port, port)));
        assert_eq!(compile_filter(&ports, false), None);
    }

    fn tcp_request<'a>(ports: &'a PortSet, netns: &'a Arc<Netns>) -> DumpRequest<'a> {
        DumpRequest {
            family: Some(Family::Ipv6),
            protocol: Protocol::Tcp,
            states: TCP_ALL_STATES,
            ports,
            include_remote: false,
            netns,
        }
    }

    #[test]
    fn request_layout_matches_inet_diag_req_v2() {
        let ports = PortSet::from_ranges([(9010, 9010)]);
        let netns = Arc::new(Netns::default());
        let request = tcp_request(&ports, &netns);
        let message = encode_request(&request, 7);
        assert_eq!(read_u32(&message, 0) as usize, message.len());
        assert_eq!(read_u16(&message, 4), SOCK_DIAG_BY_FAMILY);
        assert_eq!(read_u32(&message, 8), 7);
        assert_eq!(message[16], 10); // AF_INET6
        assert_eq!(message[17], 6); // IPPROTO_TCP
        assert_eq!(read_u32(&message, 20), TCP_ALL_STATES);
        assert_eq!(&message[24..26], &9010u16.to_be_bytes());
        assert_eq!(read_u16(&message, 72 + 2), INET_DIAG_REQ_BYTECODE);
    }

    #[test]
    fn a_request_for_both_families_has_the_layout_of_inet_diag_req() {
        let ports = PortSet::from_ranges([(9010, 9010)]);
        let netns = Arc::new(Netns::default());
        let request = DumpRequest {
            family: None,
            ..tcp_request(&ports, &netns)
        };
        let message = encode_request(&request, 7);
        assert_eq!(read_u32(&message, 0) as usize, message.len());
        assert_eq!(read_u16(&message, 4), TCPDIAG_GETSOCK);
        assert_eq!(message[16], 0); // AF_UNSPEC: the kernel ignores it and dumps both
        assert_eq!(&message[20..22], &9010u16.to_be_bytes()); // id.idiag_sport
        assert_eq!(read_u32(&message, 16 + 4 + 48), TCP_ALL_STATES);
        assert_eq!(read_u32(&message, 16 + 4 + 48 + 4), 0); // idiag_dbs
        assert_eq!(read_u16(&message, 76 + 2), INET_DIAG_REQ_BYTECODE);
    }

    fn diag_message(state: u8, expires: u32, attributes: &[u8]) -> Vec<u8> {
        let mut message = vec![0u8; INET_DIAG_MSG_LEN];
        message[0] = 10;
        message[1] = state;
        message[4..6].copy_from_slice(&8080u16.to_be_bytes());
        message[6..8].copy_from_slice(&51234u16.to_be_bytes());
        message[23] = 1; // ::1
        message[39] = 1;
        message[52..56].copy_from_slice(&expires.to_ne_bytes());
        message[64..68].copy_from_slice(&1000u32.to_ne_bytes());
        message[68..72].copy_from_slice(&4242u32.to_ne_bytes());
        message.extend_from_slice(attributes);
        message
    }

    #[test]
    fn decodes_a_time_wait_socket_with_its_timer() {
        let socket =
            parse_inet_diag_msg(&diag_message(6, 41230, &[]), Protocol::Tcp, &Arc::default())
                .unwrap();
        assert_eq!(socket.state, SocketState::TimeWait);
        assert_eq!(socket.local_address, "::1".parse::<IpAddr>().unwrap());
        assert_eq!(socket.local_port, 8080);
        assert_eq!(socket.remote_port, Some(51234));
        assert_eq!(socket.expires_in_ms, Some(41230));
        assert_eq!(
            (socket.uid, socket.inode),
            (None, 4242),
            "the kernel tracks no owner for TIME_WAIT sockets"
        );
    }

    #[test]
    fn decodes_v6only_and_leaves_remote_empty_for_a_listener() {
        let mut message = diag_message(10, 0, &[5, 0, 11, 0, 1, 0, 0, 0]);
        message[6..8].copy_from_slice(&[0, 0]);
        message[24..40].fill(0);
        let socket = parse_inet_diag_msg(&message, Protocol::Tcp, &Arc::default()).unwrap();
        assert_eq!(socket.state, SocketState::Listen);
        assert_eq!(socket.v6only, Some(true));
        assert_eq!((socket.remote_address, socket.remote_port), (None, None));
        assert_eq!(socket.expires_in_ms, None);
    }

    #[test]
    fn reports_kernel_errors_and_stops_at_done() {
        let mut sockets = Vec::new();
        let ports = PortSet::any();
        let netns = Arc::new(Netns::default());
        let request = tcp_request(&ports, &netns);
        let mut error = vec![0u8; 20];
        error[0..4].copy_from_slice(&20u32.to_ne_bytes());
        error[4..6].copy_from_slice(&NLMSG_ERROR.to_ne_bytes());
        error[16..20].copy_from_slice(&(-22i32).to_ne_bytes());
        let failure = parse_datagram(&error, &request, &mut sockets).unwrap_err();
        assert_eq!(failure.raw_os_error(), Some(22));
        let mut done = vec![0u8; 20];
        done[0..4].copy_from_slice(&20u32.to_ne_bytes());
        done[4..6].copy_from_slice(&NLMSG_DONE.to_ne_bytes());
        assert_eq!(
            parse_datagram(&done, &request, &mut sockets).unwrap(),
            Parsed::Done
        );
        assert!(
            parse_datagram(
                &[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                &request,
                &mut sockets
            )
            .is_err()
        );
    }
}
