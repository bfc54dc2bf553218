// negative: read a mode-000 file as an unprivileged user, expect()
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let s = std::fs::read_to_string(&path).expect("could not read config file");
    println!("{s}");
}
