// actix-web 4 hello world: HttpServer::bind(..)? from #[actix_web::main]
use actix_web::{get, App, HttpServer, Responder};

#[get("/")]
async fn hello() -> impl Responder {
    "Hello world!"
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args().nth(1).unwrap();
    HttpServer::new(|| App::new().service(hello))
        .bind(addr)?
        .run()
        .await
}
