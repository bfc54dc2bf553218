// std TcpListener::bind(..).expect("...")
use std::net::TcpListener;

fn main() {
    let addr = std::env::args().nth(1).unwrap();
    let listener = TcpListener::bind(&addr).expect("failed to bind listener");
    println!("listening on {}", listener.local_addr().unwrap());
    for s in listener.incoming() {
        drop(s);
    }
}
