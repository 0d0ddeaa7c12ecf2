//! The smallest Tauri 2 app: one 1280×800 window showing a static page.
//! The peer that scripts/bench-shell.mjs compares the Wardsafe shell against.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    tauri::Builder::default().run(tauri::generate_context!()).expect("the window could not start");
}
