//! The committed TypeScript types must match the Rust command types.

use std::path::PathBuf;

#[test]
fn typescript_bindings_are_up_to_date() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/generated/bindings.ts");
    let want = wardsafe_commands::typescript_bindings();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "ui/src/generated/bindings.ts is out of date with the Rust types: run `UPDATE_BINDINGS=1 cargo test -p wardsafe-commands --test bindings`"
    );
}
