//! Gives the shared library the SONAME it is installed under
//! (`libclerk_backend.so.<major>`, see scripts/stage.sh), so programs linked
//! against it load the ABI-compatible version, as with any native library.
fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" || os == "freebsd" || os == "netbsd" || os == "openbsd" {
        let major = std::env::var("CARGO_PKG_VERSION_MAJOR").unwrap_or_else(|_| "0".into());
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,libclerk_backend.so.{major}");
    }
}
