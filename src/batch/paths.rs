//! The output folder and the data folder are kept apart: spiegel writes only below the
//! output folder, so the output folder may not be the data folder, lie inside it, or contain
//! it. Checked on canonical paths (symlinks and `..` resolved) before anything is written.

use std::path::{Component, Path, PathBuf};

/// `Err` with a sentence when `out` and `data` overlap. `out` need not exist yet: its
/// nearest existing ancestor is resolved and the rest appended.
pub fn check_separate(data: &Path, out: &Path) -> Result<(), String> {
    let data_real =
        resolve(data).map_err(|e| format!("the data folder {}: {e}", data.display()))?;
    let out_real = resolve(out).map_err(|e| format!("the output folder {}: {e}", out.display()))?;
    let shown = |p: &Path, real: &Path| {
        if p == real {
            p.display().to_string()
        } else {
            format!("{} (= {})", p.display(), real.display())
        }
    };
    let (o, d) = (shown(out, &out_real), shown(data, &data_real));
    if out_real == data_real {
        return Err(format!(
            "the output folder {o} is the data folder: spiegel would replace the input files"
        ));
    }
    if out_real.starts_with(&data_real) {
        return Err(format!(
            "the output folder {o} lies inside the data folder {d}: spiegel never writes \
             into the data folder"
        ));
    }
    if data_real.starts_with(&out_real) {
        return Err(format!(
            "the data folder {d} lies inside the output folder {o}: spiegel manages the \
             output folder and must not touch the data"
        ));
    }
    Ok(())
}

/// The canonical form of `path`, which need not exist: the longest existing prefix is
/// canonicalized and the remaining components are appended (`..` in them is refused).
pub fn resolve(path: &Path) -> Result<PathBuf, String> {
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| format!("no working directory: {e}"))?
            .join(path)
    };
    let mut existing = absolute.as_path();
    let mut rest: Vec<&std::ffi::OsStr> = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(real) => {
                let mut out = real;
                for part in rest.iter().rev() {
                    out.push(part);
                }
                return Ok(out);
            }
            Err(_) => {
                let Some(parent) = existing.parent() else {
                    return Err("no part of the path exists".into());
                };
                match existing.components().next_back() {
                    Some(Component::Normal(name)) => rest.push(name),
                    Some(Component::CurDir) => {}
                    _ => return Err("'..' after a folder that does not exist".into()),
                }
                existing = parent;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_folders_are_refused_both_ways() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        std::fs::create_dir_all(data.join("acme")).unwrap();
        let err = |o: &Path| check_separate(&data, o).unwrap_err();
        assert!(err(&data).contains("is the data folder"));
        assert!(err(&data.join("out")).contains("inside the data folder"));
        assert!(err(&data.join("acme/../new/out")).contains("inside the data folder"));
        assert!(err(tmp.path()).contains("lies inside the output folder"));
        #[cfg(unix)]
        {
            let link = tmp.path().join("link");
            std::os::unix::fs::symlink(&data, &link).unwrap();
            assert!(err(&link).contains("is the data folder"));
            assert!(err(&link.join("out")).contains("inside the data folder"));
        }
        assert_eq!(check_separate(&data, &tmp.path().join("out")), Ok(()));
        assert_eq!(check_separate(&data, &tmp.path().join("a/b/out")), Ok(()));
    }
}
