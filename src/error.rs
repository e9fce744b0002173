//! The crate's error type: what stops a command, with the context needed to act on it.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::diagnostics::{self, Diagnostic};

/// Everything that can make a command fail.
#[derive(Debug)]
pub enum Error {
    /// Problems in the site's own files (config, content, templates): all of one run.
    Site(Vec<Diagnostic>),
    /// A file or folder could not be read or written.
    Io {
        /// What was being done, e.g. "reading".
        action: &'static str,
        /// The path involved.
        path: PathBuf,
        /// The underlying error.
        source: io::Error,
    },
    /// The output folder was refused, to protect the user's files.
    OutputRefused {
        /// The refused folder.
        path: PathBuf,
        /// Why it was refused.
        reason: String,
        /// What to do instead.
        hint: String,
    },
    /// Some inputs of `fihris import` failed (each is in its report); the
    /// others were imported.
    Inputs(usize),
}

/// Result with the crate's error.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// A single site diagnostic as an error.
    pub fn site(diagnostic: Diagnostic) -> Self {
        Error::Site(vec![diagnostic])
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Site(list) => {
                let mut list = list.clone();
                write!(f, "{}", diagnostics::report(&mut list).trim_end())
            }
            Error::Io { action, path, source } => write!(f, "error: {action} {}: {source}", path.display()),
            Error::OutputRefused { path, reason, hint } => write!(
                f,
                "error: refusing output folder {}: {reason}\n  hint: {hint}",
                path.display()
            ),
            Error::Inputs(n) => write!(f, "error: {n} text(s) not imported (see the report above)"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}
