fn main() {
    // Declare our own commands to the capability ACL, so that `allow-call`
    // `allow-close-app` and `allow-notify` must be granted explicitly (DESIGN.md §1: pitfalls).
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(&[
        "call",
        "close_app",
        "notify",
    ])))
    .expect("failed to run the Tauri build script");
}
