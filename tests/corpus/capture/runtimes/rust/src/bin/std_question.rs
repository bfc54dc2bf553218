// `?` from main: prints `Error: Os { .. }` (Debug of io::Error)
use std::net::TcpListener;

fn main() -> std::io::Result<()> {
    let addr = std::env::args().nth(1).unwrap();
    let listener = TcpListener::bind(&addr)?;
    println!("listening on {}", listener.local_addr()?);
    for s in listener.incoming() {
        drop(s?);
    }
    Ok(())
}
