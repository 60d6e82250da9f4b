//! The layers of `src/` only look down: config and model < input < analysis < report <
//! batch and synth < cli. A module that imports from a higher layer fails this test, which
//! names the file and the import — the compile-time check a workspace split would give,
//! without the split.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The rank of each top-level module; a module may use ranks at or below its own.
fn rank(module: &str) -> Option<u8> {
    Some(match module {
        "error" => 0,
        "config" | "model" => 1,
        "input" => 2,
        "analysis" => 3,
        "report" => 4,
        "batch" | "synth" => 5,
        "cli" => 6,
        _ => return None,
    })
}

/// Imports that still go up a layer, each to be removed — never to be added to.
const KNOWN: &[(&str, &str)] = &[];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs")
            && path.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(path);
        }
    }
}

/// `crate::<module>` references outside the file's test module (`tests.rs` files are test
/// modules as a whole and are skipped).
fn imports(source: &str) -> BTreeSet<String> {
    let code = source.split("#[cfg(test)]").next().unwrap_or("");
    let mut found = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        if code[..i].ends_with(char::is_alphanumeric) || code[..i].ends_with('_') {
            continue; // `spiegel_crate::` and the like
        }
        let rest = &code[i + "crate::".len()..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if !name.is_empty() {
            found.insert(name);
        }
    }
    found
}

#[test]
fn no_module_imports_from_a_higher_layer() {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    files.sort();
    let mut upward = Vec::new();
    for file in &files {
        let rel = file.to_string_lossy().replace('\\', "/");
        let Some(own) = rel
            .strip_prefix("src/")
            .and_then(|r| r.split('/').next())
            .map(|m| m.trim_end_matches(".rs"))
            .and_then(rank)
        else {
            continue; // lib.rs and main.rs sit above every layer
        };
        for target in imports(&std::fs::read_to_string(file).unwrap()) {
            if rank(&target).is_some_and(|r| r > own) {
                upward.push((rel.clone(), target));
            }
        }
    }
    let unexpected: Vec<_> = upward
        .iter()
        .filter(|(f, t)| !KNOWN.contains(&(f.as_str(), t.as_str())))
        .collect();
    assert!(
        unexpected.is_empty(),
        "imports from a higher layer: {unexpected:#?}"
    );
    let stale: Vec<_> = KNOWN
        .iter()
        .filter(|(f, t)| !upward.iter().any(|(uf, ut)| uf == f && ut == t))
        .collect();
    assert!(stale.is_empty(), "fixed, remove from KNOWN: {stale:#?}");
}

#[test]
fn the_import_scan_sees_crate_paths_but_not_test_modules() {
    let src = "use crate::config::Config;\nfn f() { crate::report::render::x(); }\n#[cfg(test)]\nmod tests { use crate::batch; }";
    let found: Vec<_> = imports(src).into_iter().collect();
    assert_eq!(found, ["config", "report"]);
}
