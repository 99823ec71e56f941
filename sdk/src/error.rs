//! The one error type of the SDK: every backend turns its cloud's answers into it.

use std::fmt;

/// What went wrong, independent of the cloud that said it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The object does not exist (or no longer exists).
    NotFound,
    /// The request conflicts with the object's current state (in use, already exists, busy).
    Conflict,
    /// Credentials are missing, wrong or expired.
    Unauthorized,
    /// The credentials are valid but may not do this.
    Forbidden,
    /// A value given by the caller is not acceptable; `Error::field` names it where known.
    InvalidInput,
    /// The project's quota does not allow this.
    QuotaExceeded,
    /// The cloud asked us to slow down and the retry budget ran out.
    RateLimited,
    /// A deadline passed before the operation finished.
    Timeout,
    /// The process was interrupted (Ctrl-C) while the operation was waiting.
    Interrupted,
    /// The cloud, or this SDK for this cloud, cannot do this.
    Unsupported,
    /// Any other failure answered by the API or met on the way to it.
    Api,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            ErrorKind::NotFound => "not found",
            ErrorKind::Conflict => "conflict",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::InvalidInput => "invalid input",
            ErrorKind::QuotaExceeded => "quota exceeded",
            ErrorKind::RateLimited => "rate limited",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Interrupted => "interrupted",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Api => "API error",
        };
        f.write_str(text)
    }
}

/// An SDK error: a kind, a message meant for people, and whether trying again may help.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind}: {message}")]
pub struct Error {
    kind: ErrorKind,
    message: String,
    retryable: bool,
    status: Option<u16>,
    field: Option<String>,
    resource_id: Option<String>,
    outcome_unknown: bool,
}

/// The SDK's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error of `kind` with a message; retryable only for the kinds where waiting can help.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        let retryable = matches!(kind, ErrorKind::RateLimited | ErrorKind::Timeout);
        Error {
            kind,
            message: message.into(),
            retryable,
            status: None,
            field: None,
            resource_id: None,
            outcome_unknown: false,
        }
    }

    /// The same error, marked as one after which nobody knows whether the request took effect
    /// (its answer was lost after it was sent).
    pub fn with_outcome_unknown(mut self) -> Self {
        self.outcome_unknown = true;
        self
    }

    /// Whether the request may have taken effect although no answer came back.
    pub fn is_outcome_unknown(&self) -> bool {
        self.outcome_unknown
    }

    /// An `InvalidInput` error about the named input field (`cidr`, `name`, ...).
    pub fn invalid_field(field: impl Into<String>, message: impl Into<String>) -> Self {
        Error::new(ErrorKind::InvalidInput, message).with_field(field)
    }

    /// An `Unsupported` error for an operation a backend does not implement.
    pub fn unsupported(what: impl fmt::Display) -> Self {
        Error::new(ErrorKind::Unsupported, format!("{what} is not supported"))
    }

    /// The same error, marked as worth (or not worth) retrying.
    pub fn with_retryable(mut self, retryable: bool) -> Self {
        self.retryable = retryable;
        self
    }

    /// The same error, carrying the HTTP status that produced it.
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }

    /// The same error, naming the input field it is about.
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    /// The same error, naming an object that the failed operation left behind (a server that
    /// went to ERROR, say), so that a caller can record it instead of losing track of it.
    pub fn with_resource_id(mut self, id: impl Into<String>) -> Self {
        self.resource_id = Some(id.into());
        self
    }

    /// The same error without a resource id: what it named has been removed.
    pub fn without_resource_id(mut self) -> Self {
        self.resource_id = None;
        self
    }

    /// The id of what a failed create left in the cloud, if anything.
    pub fn resource_id(&self) -> Option<&str> {
        self.resource_id.as_deref()
    }

    /// The same error with more context in front of its message.
    pub fn context(mut self, context: impl fmt::Display) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The message, without the kind.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether the same call may succeed later.
    pub fn is_retryable(&self) -> bool {
        self.retryable
    }

    /// The HTTP status the cloud answered, when the error came from an answer.
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The input field the error is about, when known.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// Whether this is a `NotFound` error.
    pub fn is_not_found(&self) -> bool {
        self.kind == ErrorKind::NotFound
    }
}

/// The kind that an HTTP status means when the body says nothing more precise.
pub fn kind_for_status(status: u16) -> ErrorKind {
    match status {
        400 | 422 => ErrorKind::InvalidInput,
        401 => ErrorKind::Unauthorized,
        403 => ErrorKind::Forbidden,
        404 | 410 => ErrorKind::NotFound,
        409 | 412 => ErrorKind::Conflict,
        413 => ErrorKind::QuotaExceeded,
        429 => ErrorKind::RateLimited,
        501 => ErrorKind::Unsupported,
        _ => ErrorKind::Api,
    }
}

/// Whether an HTTP status is worth retrying for an idempotent request.
pub fn status_is_retryable(status: u16) -> bool {
    matches!(status, 429 | 500 | 502 | 503 | 504)
}

/// `Ok` for a `NotFound` error: the thing is gone either way.
pub(crate) fn ignore_not_found(result: Result<()>) -> Result<()> {
    match result {
        Err(e) if e.is_not_found() => Ok(()),
        other => other,
    }
}

/// The error of a failed step, with a note when removing what was made failed too.
pub(crate) fn with_cleanup_note(error: Error, cleanup: Result<()>, what: &str, id: &str) -> Error {
    match cleanup {
        // Everything made is gone: there is nothing for the caller to record.
        Ok(()) => error.without_resource_id(),
        // It still exists: name it, so the caller records it rather than losing track of it.
        Err(cleanup_error) => error
            .context(format!(
                "and removing the half-made {what} {id} failed too ({cleanup_error})"
            ))
            .with_resource_id(id),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_has_kind_and_message() {
        let e = Error::new(ErrorKind::NotFound, "network n-1");
        assert_eq!(e.to_string(), "not found: network n-1");
        assert!(!e.is_retryable());
    }

    #[test]
    fn rate_limited_is_retryable_by_default() {
        assert!(Error::new(ErrorKind::RateLimited, "slow down").is_retryable());
    }

    #[test]
    fn field_and_context() {
        let e = Error::invalid_field("cidr", "bad").context("creating network");
        assert_eq!(e.field(), Some("cidr"));
        assert_eq!(e.message(), "creating network: bad");
    }

    #[test]
    fn statuses_map_to_kinds() {
        assert_eq!(kind_for_status(404), ErrorKind::NotFound);
        assert_eq!(kind_for_status(409), ErrorKind::Conflict);
        assert_eq!(kind_for_status(503), ErrorKind::Api);
        assert!(status_is_retryable(503));
        assert!(!status_is_retryable(400));
    }
}
