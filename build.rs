//! Build facts for `portdoc --version`: the commit (when built from a git checkout), the
//! target triple, and the socket backends compiled in.

fn main() {
    let commit = std::process::Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_string())
        .filter(|commit| !commit.is_empty())
        .unwrap_or_else(|| "unknown (not built from a git checkout)".into());
    println!("cargo:rustc-env=PORTDOC_COMMIT={commit}");
    println!(
        "cargo:rustc-env=PORTDOC_TARGET={}",
        std::env::var("TARGET").unwrap_or_default()
    );
    let linux = std::env::var("CARGO_CFG_TARGET_OS").is_ok_and(|os| os == "linux");
    let portable = std::env::var_os("CARGO_FEATURE_PORTABLE").is_some();
    let backends = match (linux, portable) {
        (true, false) => "sock_diag netlink, /proc/net (fallback)",
        (true, true) => {
            "sock_diag netlink, /proc/net (fallback), portable netstat2+sysinfo (--backend portable)"
        }
        (false, _) => "portable netstat2+sysinfo",
    };
    println!("cargo:rustc-env=PORTDOC_BACKENDS={backends}");
    for path in [".git/HEAD", ".git/refs/heads", ".git/packed-refs"] {
        if std::path::Path::new(path).exists() {
            println!("cargo:rerun-if-changed={path}");
        }
    }
    println!("cargo:rerun-if-changed=build.rs");
}
