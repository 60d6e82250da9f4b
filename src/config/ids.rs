//! The one rule for every id that becomes part of a path in the output folder: organization
//! and wave folder names, department ids of `org.yaml` (and so report folders, lock files,
//! manifest paths and portfolio links).
//!
//! An id is 1 to [`MAX_ID_LEN`] characters from `A–Z a–z 0–9 - _ .`, starting with a letter
//! or a digit. So an id is always exactly one path component: it can never be `.`, `..`, an
//! absolute path, contain a separator (`/` or `\`), a control character or a byte that is not
//! UTF-8. Two ids of the same kind that are equal ignoring case are a collision (they would
//! be one folder on a case-insensitive file system, e.g. macOS or Windows shares).

use std::collections::BTreeMap;

/// The longest id accepted, in characters.
pub const MAX_ID_LEN: usize = 64;

/// The rule in one sentence, for messages and documentation.
pub const ID_RULE: &str =
    "1 to 64 characters from A-Z a-z 0-9 - _ . starting with a letter or digit";

/// Check one id of `kind` (`organization`, `wave`, `department`). The message names the id
/// in a printable form and the rule.
pub fn check_id(kind: &str, id: &str) -> Result<(), String> {
    let valid = !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id.starts_with(|c: char| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if valid {
        return Ok(());
    }
    Err(format!(
        "{kind} id '{}' is not allowed: ids are {ID_RULE}",
        printable(id)
    ))
}

/// The form ids are compared in for collisions: ASCII lowercase.
pub fn normalized(id: &str) -> String {
    id.to_ascii_lowercase()
}

/// Ids of one kind that collide after normalization (or are equal), as pairs in order of
/// appearance: the first id with that form, then the other.
pub fn collisions<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<(&'a str, &'a str)> {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    let mut found = Vec::new();
    for id in ids {
        match seen.get(&normalized(id)) {
            Some(first) => found.push((*first, id)),
            None => {
                seen.insert(normalized(id), id);
            }
        }
    }
    found
}

/// `id` shortened to 80 characters with control characters shown as `\u{…}`, so a message
/// never carries a NUL byte, a terminal escape or a whole file.
pub fn printable(id: &str) -> String {
    let mut out = String::new();
    for (i, c) in id.chars().enumerate() {
        if i == 80 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_ids_pass() {
        for id in [
            "acme",
            "gemeente-zuiderveen",
            "2026-Q3",
            "kc_1",
            "v1.2",
            "A",
        ] {
            assert_eq!(check_id("wave", id), Ok(()), "{id}");
        }
    }

    #[test]
    fn anything_that_is_not_one_path_component_fails() {
        let long = "a".repeat(MAX_ID_LEN + 1);
        for id in [
            "",
            ".",
            "..",
            "../../../other-org/2026-Q3",
            "/etc",
            "a/b",
            "a\\b",
            ".hidden",
            "-x",
            "é",
            "a b",
            "a\0b",
            long.as_str(),
        ] {
            let err = check_id("department", id).unwrap_err();
            assert!(err.contains("department id"), "{err}");
            assert!(!err.contains('\0'), "{err:?}");
        }
        assert_eq!(check_id("x", &"a".repeat(MAX_ID_LEN)), Ok(()));
    }

    #[test]
    fn ids_equal_ignoring_case_collide() {
        assert_eq!(collisions(["acme", "beta", "ACME"]), [("acme", "ACME")]);
        assert_eq!(collisions(["kc", "kc"]), [("kc", "kc")]);
        assert!(collisions(["a", "b"]).is_empty());
    }
}
