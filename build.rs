//! Embeds the list of every file under `templates/` (`$OUT_DIR/template_files.rs`), so the
//! incremental build can hash the exact template bytes this binary renders with — including
//! templates added later — without anyone keeping a list up to date by hand.

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-changed=templates");
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("templates");
    let mut files = Vec::new();
    collect(&root, &mut files);
    files.sort();
    let mut code = String::from(
        "/// Every file under `templates/`: (path relative to `templates/`, its bytes).\n\
         pub const TEMPLATE_FILES: &[(&str, &[u8])] = &[\n",
    );
    for path in &files {
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        code.push_str(&format!("    ({rel:?}, include_bytes!({:?})),\n", path));
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("template_files.rs");
    std::fs::write(out, code).unwrap();
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
