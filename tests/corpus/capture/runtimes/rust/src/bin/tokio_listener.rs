// tokio::net::TcpListener::bind(..).await? from #[tokio::main]
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let addr = std::env::args().nth(1).unwrap();
    let listener = TcpListener::bind(&addr).await?;
    println!("listening on {}", listener.local_addr()?);
    loop {
        let (s, _) = listener.accept().await?;
        drop(s);
    }
}
