// negative: connect to a closed loopback port, unwrap
use std::net::TcpStream;

fn main() {
    let port = std::env::args().nth(1).unwrap();
    TcpStream::connect(format!("127.0.0.1:{port}")).unwrap();
}
