// std TcpListener::bind(..).unwrap()
use std::net::TcpListener;

fn main() {
    let addr = std::env::args().nth(1).unwrap();
    let listener = TcpListener::bind(&addr).unwrap();
    println!("listening on {}", listener.local_addr().unwrap());
    for s in listener.incoming() {
        drop(s);
    }
}
