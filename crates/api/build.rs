//! Records the git commit the binary is built from, for the `offreapi_build_info` metric.
//! Builds outside a git checkout (a source tarball, a container context) say `unknown`.

fn main() {
    let commit = std::env::var("OFFREAPI_GIT_COMMIT")
        .ok()
        .or_else(|| {
            std::process::Command::new("git")
                .args(["rev-parse", "--short=12", "HEAD"])
                .output()
                .ok()
                .filter(|out| out.status.success())
                .and_then(|out| String::from_utf8(out.stdout).ok())
                .map(|s| s.trim().to_owned())
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=OFFREAPI_GIT_COMMIT={commit}");
    println!("cargo:rerun-if-env-changed=OFFREAPI_GIT_COMMIT");
    println!("cargo:rerun-if-changed=../../.git/HEAD");
}
