//! The layers of `src/` only look down: config and model < input < analysis < report <
//! batch and synth < cli. A module that imports from a higher layer fails this test, which
//! names the file and the import — the compile-time check a workspace split would give,
//! without the split.
//!
//! Inside a layer the second-level modules (`batch::hash`, `report::sections`, …) must not
//! import each other in a cycle either: a cycle means neither module can be read, tested or
//! moved without the other, and a crate split would refuse it. The same holds one level
//! deeper, for the files inside a second-level module (`analysis::metrics::families`).

use std::collections::{BTreeMap, BTreeSet};
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

/// Every `.rs` file below `src/` with its path relative to `src/` (`batch/hash.rs`) and
/// its code; `tests.rs` files are test modules as a whole and are left out.
fn sources() -> Vec<(String, String)> {
    let mut files = Vec::new();
    rust_files(Path::new("src"), &mut files);
    files.sort();
    files
        .iter()
        .map(|file| {
            let rel = file.strip_prefix("src").unwrap().to_string_lossy();
            let source = std::fs::read_to_string(file).unwrap();
            (rel.replace('\\', "/"), code(&source))
        })
        .collect()
}

/// The code of a source file as the compiler sees it outside tests: comments and the
/// contents of string and character literals blanked, and everything from the first
/// `#[cfg(test)]` on cut off (test modules, and test-only module declarations, sit at the
/// end of a file).
fn code(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < chars.len() {
        let rest = &chars[i..];
        if rest.starts_with(&['/', '/']) {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if rest.starts_with(&['/', '*']) {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i..].starts_with(&['/', '*']) {
                    depth += 1;
                    i += 2;
                } else if chars[i..].starts_with(&['*', '/']) {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            out.push(' ');
        } else if rest[0] == '"' || (starts_raw_string(rest) && !after_word(&chars[..i])) {
            // A string; a raw one ends at `"` followed by as many `#` as it opened with.
            let raw = rest[0] == 'r';
            let hashes = rest.iter().skip(1).take_while(|&&c| c == '#').count();
            i += usize::from(raw) + hashes + 1;
            while i < chars.len() {
                if !raw && chars[i] == '\\' {
                    i += 2;
                } else if chars[i] == '"'
                    && chars[i + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&c| c == '#')
                        .count()
                        == hashes
                {
                    i += 1 + hashes;
                    break;
                } else {
                    i += 1;
                }
            }
            out.push_str("\"\"");
        } else if rest[0] == '\'' && (rest.get(1) == Some(&'\\') || rest.get(2) == Some(&'\'')) {
            // A character literal (`'"'`, `'\n'`); a lifetime (`'a`) is left alone.
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(rest[0]);
            i += 1;
        }
    }
    match out.find("#[cfg(test)]") {
        Some(end) => out[..end].to_string(),
        None => out,
    }
}

/// `r"…"` or `r#"…"#`.
fn starts_raw_string(rest: &[char]) -> bool {
    let hashes = rest.iter().skip(1).take_while(|&&c| c == '#').count();
    rest.first() == Some(&'r') && rest.get(1 + hashes) == Some(&'"')
}

/// Whether the code before ends in a word (`bar"` is no raw string; `br"…"` is one).
fn after_word(before: &[char]) -> bool {
    before
        .last()
        .is_some_and(|&c| (c.is_alphanumeric() || c == '_') && c != 'b')
}

/// The paths the code names from `crate::` or `super::`, each as its segments, with group
/// imports spelled out: `use super::{hash::Fingerprint, json};` names
/// `super::hash::Fingerprint` and `super::json`.
fn paths(code: &str) -> Vec<Vec<String>> {
    let mut tokens: Vec<String> = Vec::new();
    let mut chars = code.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() || c == '_' {
            let mut word = c.to_string();
            while let Some(&n) = chars.peek().filter(|n| n.is_alphanumeric() || **n == '_') {
                word.push(n);
                chars.next();
            }
            tokens.push(word);
        } else if c == ':' && chars.peek() == Some(&':') {
            chars.next();
            tokens.push("::".into());
        } else if !c.is_whitespace() {
            tokens.push(c.to_string());
        }
    }
    let mut found = Vec::new();
    for i in 0..tokens.len() {
        let starts_path = matches!(tokens[i].as_str(), "crate" | "super")
            && tokens.get(i + 1).is_some_and(|t| t == "::")
            && (i == 0 || tokens[i - 1] != "::");
        if starts_path {
            use_tree(&tokens, i, Vec::new(), &mut found);
        }
    }
    found
}

/// Reads one path or use tree from `tokens[i]` on, below `prefix`, into `found`; returns
/// the position after it.
fn use_tree(
    tokens: &[String],
    mut i: usize,
    mut prefix: Vec<String>,
    found: &mut Vec<Vec<String>>,
) -> usize {
    let is_word = |t: &str| t.chars().all(|c| c.is_alphanumeric() || c == '_');
    while let Some(word) = tokens.get(i).filter(|t| is_word(t)) {
        // `format::{self, ABSENT}` names `format` itself.
        if word != "self" {
            prefix.push(word.clone());
        }
        i += 1;
        if tokens.get(i).is_none_or(|t| t != "::") {
            break;
        }
        i += 1;
        if tokens.get(i).is_some_and(|t| t == "{") {
            i += 1;
            while tokens.get(i).is_some_and(|t| t != "}") {
                i = use_tree(tokens, i, prefix.clone(), found);
                // Past `as alias` (or anything else) to the next item of the group.
                while tokens.get(i).is_some_and(|t| t != "," && t != "}") {
                    i += 1;
                }
                if tokens.get(i).is_some_and(|t| t == ",") {
                    i += 1;
                }
            }
            return i + 1;
        }
    }
    found.push(prefix);
    i
}

/// The module a file is: `batch/hash.rs` is `batch::hash`, `report/render/mod.rs` is
/// `report::render`, `lib.rs` is the crate root.
fn module_of(rel: &str) -> Vec<String> {
    let rel = rel.trim_end_matches(".rs");
    let mut module: Vec<String> = rel.split('/').map(str::to_string).collect();
    if module
        .last()
        .is_some_and(|m| m == "mod" || m == "lib" || m == "main")
    {
        module.pop();
    }
    module
}

/// The absolute segments of a path written in `module`: `crate::` starts at the root,
/// `super::` steps up from `module`.
fn resolve(module: &[String], path: &[String]) -> Vec<String> {
    let mut at = module.to_vec();
    for segment in path {
        match segment.as_str() {
            "crate" => at.clear(),
            "super" => {
                at.pop();
            }
            _ => at.push(segment.clone()),
        }
    }
    at
}

/// Which module of one level uses which (`batch::hash` → `batch::json`), each edge with the
/// imports that make it (`batch/hash.rs: crate::batch::json::json_bytes`).
type Graph = BTreeMap<String, BTreeMap<String, BTreeSet<String>>>;

/// The graph of the modules `depth` levels down (2: `batch::hash`, 3:
/// `analysis::metrics::families`) of `sources` (path below `src/`, code). A file deeper down
/// counts as its module of that level (at depth 2 `batch/deliver/message.rs` as
/// `batch::deliver`); names that resolve into a `mod.rs` above that level
/// (`crate::config::Config`) and the imports of such `mod.rs` files and `lib.rs` themselves
/// belong to no module of the level.
fn module_graph(sources: &[(String, String)], depth: usize) -> Graph {
    let level = |module: &[String]| (module.len() >= depth).then(|| module[..depth].join("::"));
    let modules: BTreeSet<String> = sources
        .iter()
        .filter_map(|(rel, _)| level(&module_of(rel)))
        .collect();
    let mut graph = Graph::new();
    for (rel, code) in sources {
        let module = module_of(rel);
        let Some(from) = level(&module) else {
            continue;
        };
        for path in paths(code) {
            let target = level(&resolve(&module, &path)).filter(|m| modules.contains(m));
            if let Some(to) = target.filter(|to| *to != from) {
                let edge = graph
                    .entry(from.clone())
                    .or_default()
                    .entry(to)
                    .or_default();
                edge.insert(format!("{rel}: {}", path.join("::")));
            }
        }
    }
    graph
}

/// A cycle in the graph as the modules along it (`[a, b]` for a → b → a), or none.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    /// Depth-first from `node` with `path` the modules on the way to it; `done` holds
    /// modules from which no cycle can be reached.
    fn visit(
        graph: &Graph,
        node: &str,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|m| m == node) {
            return Some(path[start..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flat_map(BTreeMap::keys) {
            if let Some(cycle) = visit(graph, next, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(graph, node, &mut Vec::new(), &mut done))
}

/// The cycle with the imports along it, one edge a line.
fn describe(graph: &Graph, cycle: &[String]) -> String {
    let mut text = format!("{} -> {}", cycle.join(" -> "), cycle[0]);
    for (i, from) in cycle.iter().enumerate() {
        let to = &cycle[(i + 1) % cycle.len()];
        text += &format!("\n  {from} -> {to}:");
        for import in &graph[from][to] {
            text += &format!("\n    {import}");
        }
    }
    text
}

/// The top-level modules a file names with `crate::`.
fn imports(code: &str) -> BTreeSet<String> {
    paths(code)
        .into_iter()
        .filter(|path| path[0] == "crate" && path.len() > 1)
        .map(|path| path[1].clone())
        .collect()
}

#[test]
fn no_module_imports_from_a_higher_layer() {
    let mut upward = Vec::new();
    for (rel, code) in sources() {
        let Some(own) = rel
            .split('/')
            .next()
            .map(|m| m.trim_end_matches(".rs"))
            .and_then(rank)
        else {
            continue; // lib.rs and main.rs sit above every layer
        };
        for target in imports(&code) {
            if rank(&target).is_some_and(|r| r > own) {
                upward.push((format!("src/{rel}"), target));
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

/// Every cycle among the modules `depth` levels down, described with its imports.
fn cycles(depth: usize) -> Vec<String> {
    let mut graph = module_graph(&sources(), depth);
    let mut cycles = Vec::new();
    while let Some(cycle) = find_cycle(&graph) {
        cycles.push(describe(&graph, &cycle));
        // Cut the cycle's closing edge to find the next one.
        let last = graph.get_mut(cycle.last().unwrap()).unwrap();
        last.remove(&cycle[0]);
    }
    cycles
}

#[test]
fn no_second_level_modules_import_each_other_in_a_cycle() {
    let cycles = cycles(2);
    assert!(
        cycles.is_empty(),
        "modules that import each other in a cycle:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn no_third_level_modules_import_each_other_in_a_cycle() {
    let cycles = cycles(3);
    assert!(
        cycles.is_empty(),
        "files of one module that import each other in a cycle:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_import_scan_sees_crate_paths_but_not_test_modules() {
    let src = "use crate::config::Config;\nfn f() { crate::report::render::x(); }\n#[cfg(test)]\nmod tests { use crate::batch; }";
    let found: Vec<_> = imports(&code(src)).into_iter().collect();
    assert_eq!(found, ["config", "report"]);
}

#[test]
fn the_import_scan_skips_comments_and_literals_and_spells_out_groups() {
    let src = r##"
        //! Built from [`crate::report::sections`].
        use super::{hash::{self, Fingerprint}, json as j, Common};
        /* crate::cli::x */ fn f() -> &'static str { let c = '"'; "crate::cli::y" }
        fn g() -> &'static str { r#"crate::cli::z"# }
        pub(crate) fn h() { super::super::report::render::format::pct(); }
    "##;
    let found: Vec<String> = paths(&code(src)).iter().map(|p| p.join("::")).collect();
    assert_eq!(
        found,
        [
            "super::hash",
            "super::hash::Fingerprint",
            "super::json",
            "super::Common",
            "super::super::report::render::format::pct",
        ]
    );
}

/// A hand-made tree: `batch/hash.rs` uses `batch/publish.rs` by `super::`, the other way
/// round by `crate::`; `batch/mod.rs` (no second-level module) and the items of
/// `config/mod.rs` make no edge.
fn hand_made(publish: &str) -> Graph {
    let files = [
        (
            "batch/mod.rs",
            "pub mod hash; pub mod publish; use crate::batch::hash::x;",
        ),
        (
            "batch/hash.rs",
            "use super::publish::json_bytes; use crate::config::Config;",
        ),
        ("batch/publish.rs", publish),
        (
            "batch/deliver/mod.rs",
            "use super::super::batch::hash::Fingerprint;",
        ),
        ("config/mod.rs", ""),
        ("config/ids.rs", "use super::Config;"),
    ];
    let files: Vec<_> = files
        .iter()
        .map(|(rel, src)| (rel.to_string(), code(src)))
        .collect();
    module_graph(&files, 2)
}

#[test]
fn the_cycle_finder_names_the_cycle_and_its_imports() {
    let graph = hand_made("fn f() { crate::batch::hash::Fingerprint::of(); }");
    let cycle = find_cycle(&graph).expect("hash and publish use each other");
    assert_eq!(cycle, ["batch::hash", "batch::publish"]);
    assert_eq!(
        describe(&graph, &cycle),
        "batch::hash -> batch::publish -> batch::hash\n  \
         batch::hash -> batch::publish:\n    batch/hash.rs: super::publish::json_bytes\n  \
         batch::publish -> batch::hash:\n    batch/publish.rs: crate::batch::hash::Fingerprint::of"
    );
}

#[test]
fn the_cycle_finder_accepts_a_graph_without_one() {
    let graph = hand_made("use crate::batch::json::write;");
    assert_eq!(find_cycle(&graph), None);
    let edges: Vec<_> = graph
        .iter()
        .flat_map(|(from, to)| to.keys().map(move |to| format!("{from} -> {to}")))
        .collect();
    assert_eq!(
        edges,
        [
            "batch::deliver -> batch::hash",
            "batch::hash -> batch::publish"
        ]
    );
}

#[test]
fn one_level_deeper_the_files_of_a_module_are_the_nodes() {
    // `message` and `queue` use each other inside `batch::deliver`: a cycle at depth 3 that
    // depth 2 cannot see; the item of `deliver/mod.rs` (`super::Retry`) makes no edge.
    let files = [
        ("batch/deliver/mod.rs", "pub mod message; pub mod queue;"),
        (
            "batch/deliver/message.rs",
            "use super::queue::Queue; use super::Retry; use crate::batch::hash::x;",
        ),
        (
            "batch/deliver/queue.rs",
            "fn f() { crate::batch::deliver::message::Message::new(); }",
        ),
        ("batch/hash.rs", "use crate::config::Config;"),
    ];
    let files: Vec<_> = files
        .iter()
        .map(|(rel, src)| (rel.to_string(), code(src)))
        .collect();
    let shallow = module_graph(&files, 2);
    assert_eq!(find_cycle(&shallow), None);
    let deep = module_graph(&files, 3);
    let cycle = find_cycle(&deep).expect("message and queue use each other");
    assert_eq!(cycle, ["batch::deliver::message", "batch::deliver::queue"]);
    assert_eq!(
        describe(&deep, &cycle),
        "batch::deliver::message -> batch::deliver::queue -> batch::deliver::message\n  \
         batch::deliver::message -> batch::deliver::queue:\n    \
         batch/deliver/message.rs: super::queue::Queue\n  \
         batch::deliver::queue -> batch::deliver::message:\n    \
         batch/deliver/queue.rs: crate::batch::deliver::message::Message::new"
    );
}
