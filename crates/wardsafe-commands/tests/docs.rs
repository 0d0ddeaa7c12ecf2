//! docs/commands.md lists every command as the registry has it.

#[test]
fn the_command_list_in_docs_is_up_to_date() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/commands.md");
    let want = wardsafe_commands::commands_markdown();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/commands.md is out of date: run `UPDATE_DOCS=1 cargo test -p wardsafe-commands --test docs`"
    );
}
