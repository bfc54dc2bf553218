// std UdpSocket::bind(..).unwrap()
use std::net::UdpSocket;

fn main() {
    let addr = std::env::args().nth(1).unwrap();
    let sock = UdpSocket::bind(&addr).unwrap();
    println!("udp listening on {}", sock.local_addr().unwrap());
    let mut buf = [0u8; 2048];
    loop {
        let (n, from) = sock.recv_from(&mut buf).unwrap();
        println!("got {n} bytes from {from}");
    }
}
