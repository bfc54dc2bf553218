//! `kernel::overlap`, portdoc's one definition of which addresses conflict, against the
//! running kernel: every pair of addresses is bound for real (SO_REUSEADDR and listen, as
//! servers do) in a private network namespace, and the second bind's EADDRINUSE must be
//! exactly what `overlap` predicts.
#![cfg(target_os = "linux")]

mod common;

use std::net::{IpAddr, SocketAddr};

use common::netns::in_private_netns;
use portdoc::kernel::{Endpoint, overlap};
use socket2::{Domain, SockAddr, Socket, Type};

fn listen(address: IpAddr, v6only: bool, port: u16) -> std::io::Result<Socket> {
    let socket = Socket::new(
        Domain::for_address(SocketAddr::new(address, port)),
        Type::STREAM,
        None,
    )?;
    socket.set_reuse_address(true)?;
    if address.is_ipv6() {
        socket.set_only_v6(v6only)?;
    }
    socket.bind(&SockAddr::from(SocketAddr::new(address, port)))?;
    socket.listen(8)?;
    Ok(socket)
}

#[test]
fn overlap_predicts_every_real_conflict_between_two_addresses() {
    require_root!();
    let endpoints: Vec<(IpAddr, bool)> = [
        ("0.0.0.0", false),
        ("127.0.0.1", false),
        ("127.0.0.2", false),
        ("::", false),
        ("::", true),
        ("::1", false),
        ("::1", true),
        ("::ffff:127.0.0.1", false),
        ("::ffff:0.0.0.0", false),
    ]
    .iter()
    .map(|(text, v6only)| (text.parse().unwrap(), *v6only))
    .collect();
    in_private_netns(|| {
        let mut port = 20000;
        for &(first, first_v6only) in &endpoints {
            for &(second, second_v6only) in &endpoints {
                port += 1;
                let _held = listen(first, first_v6only, port).unwrap();
                let conflict = match listen(second, second_v6only, port) {
                    Ok(_) => false,
                    Err(error) if error.raw_os_error() == Some(libc::EADDRINUSE) => true,
                    Err(error) => panic!("{second}: {error}"),
                };
                let predicted = overlap(
                    Endpoint::new(first, first_v6only),
                    Endpoint::new(second, second_v6only),
                );
                assert_eq!(
                    predicted, conflict,
                    "{first} (v6only {first_v6only}) then {second} (v6only {second_v6only})"
                );
            }
        }
    });
}
