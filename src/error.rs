//! Errors that carry an exit code and a hint, as SPEC section 2 lays out.

use std::fmt;

/// The documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Code {
    /// A valid request the data does not allow.
    Refused = 1,
    /// Invalid input: a malformed value, a bad file.
    Invalid = 2,
    /// An interactive prompt was cancelled.
    Cancelled = 130,
}

/// A failure to show the user as `error:` plus an optional `hint:`.
#[derive(Debug)]
pub struct Failure {
    pub code: Code,
    pub message: String,
    pub hint: Option<String>,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

impl Failure {
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// A refusal (exit 1).
pub fn refused(message: impl Into<String>) -> Failure {
    Failure {
        code: Code::Refused,
        message: message.into(),
        hint: None,
    }
}

/// Invalid input (exit 2).
pub fn invalid(message: impl Into<String>) -> Failure {
    Failure {
        code: Code::Invalid,
        message: message.into(),
        hint: None,
    }
}

/// A cancelled prompt (exit 130).
pub fn cancelled() -> Failure {
    Failure {
        code: Code::Cancelled,
        message: "cancelled".into(),
        hint: None,
    }
}

/// Shorthand for `Err(refused(..).into())` and friends.
pub type Result<T> = anyhow::Result<T>;
