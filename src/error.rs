//! Errors that point into a file: `path:line:column: message`.

use std::fmt;
use std::path::{Path, PathBuf};

/// A problem in an input file, located as precisely as we know it (0 = unknown).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct SourceError {
    /// The file.
    pub path: PathBuf,
    /// 1-based line, 0 when unknown.
    pub line: u64,
    /// 1-based column, 0 when unknown.
    pub column: u64,
    /// What is wrong, as a sentence for the user.
    pub message: String,
}

impl SourceError {
    /// An error at a position in a file.
    pub fn at(path: &Path, line: u64, column: u64, message: impl Into<String>) -> Self {
        SourceError {
            path: path.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }

    /// An error about a whole file (reading it, a missing file, ...).
    pub fn io(path: &Path, message: impl Into<String>) -> Self {
        SourceError::at(path, 0, 0, message)
    }
}

impl fmt::Display for SourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

/// An error with advice on what to do about it: printed as `error: …` then `hint: …`.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Hinted {
    /// What went wrong.
    pub message: String,
    /// What the user can do.
    pub hint: String,
}

impl Hinted {
    /// An error with a hint.
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Hinted {
        Hinted {
            message: message.into(),
            hint: hint.into(),
        }
    }
}
