// eprintln!("...: {e}") with Display of io::Error, then exit(1)
use std::net::TcpListener;

fn main() {
    let addr = std::env::args().nth(1).unwrap();
    match TcpListener::bind(&addr) {
        Ok(l) => {
            println!("listening on {}", l.local_addr().unwrap());
            for s in l.incoming() {
                drop(s);
            }
        }
        Err(e) => {
            eprintln!("error: could not bind to {addr}: {e}");
            std::process::exit(1);
        }
    }
}
