//! The server's one error type: what a request is refused for, which turns itself into a
//! response (its status and the message as text).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

/// Why a request is refused; the message says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refused {
    /// What it names is not there (404).
    NotFound(String),
    /// It clashes with what is there: a name taken, a file in the way (409).
    Conflict(String),
    /// What it sends is wrong: a bad name, a bad scenario (422).
    Unprocessable(String),
    /// The server could not do it: a file that cannot be written (500).
    Failed(String),
}

impl Refused {
    /// The status it answers with.
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            Refused::NotFound(_) => StatusCode::NOT_FOUND,
            Refused::Conflict(_) => StatusCode::CONFLICT,
            Refused::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Refused::Failed(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What it says.
    pub(crate) fn message(&self) -> &str {
        match self {
            Refused::NotFound(m)
            | Refused::Conflict(m)
            | Refused::Unprocessable(m)
            | Refused::Failed(m) => m,
        }
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

impl IntoResponse for Refused {
    fn into_response(self) -> Response {
        (self.status(), format!("{}\n", self.message())).into_response()
    }
}
