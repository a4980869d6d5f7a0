//! Detects a nightly compiler: the tests here need `#![feature(coroutines)]`.

use std::env;
use std::process::Command;

fn main() {
    println!("cargo::rustc-check-cfg=cfg(nightly)");
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = Command::new(rustc)
        .arg("--version")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
        .unwrap_or_default();
    if version.contains("nightly") || version.contains("-dev") {
        println!("cargo::rustc-cfg=nightly");
    }
}
