fn main() {
    // Declare our own command to the capability ACL, so that `allow-call`
    // must be granted explicitly (DESIGN.md §1: pitfalls).
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(&["call"])),
    )
    .expect("failed to run the Tauri build script");
}
