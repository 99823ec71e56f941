//! S3 error answers: `<Error><Code/><Message/>…</Error>` as `application/xml`.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::xml;

/// An S3 error with its status, code, message and optional details.
#[derive(Debug)]
pub(crate) struct S3Error {
    status: StatusCode,
    code: &'static str,
    message: String,
    details: Vec<(&'static str, String)>,
}

impl S3Error {
    /// Any status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> S3Error {
        S3Error {
            status,
            code,
            message: message.into(),
            details: Vec::new(),
        }
    }

    /// Adds a detail element (e.g. `BucketName`, `StringToSign`) to the body.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> S3Error {
        self.details.push((name, value.into()));
        self
    }

    /// 404 `NoSuchBucket`.
    pub fn no_such_bucket(bucket: &str) -> S3Error {
        S3Error::new(
            StatusCode::NOT_FOUND,
            "NoSuchBucket",
            "The specified bucket does not exist",
        )
        .with("BucketName", bucket)
    }

    /// 400 with `code`.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> S3Error {
        S3Error::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 400 `MalformedXML`.
    pub fn malformed_xml() -> S3Error {
        S3Error::bad_request(
            "MalformedXML",
            "The XML you provided was not well-formed or did not validate against our published schema",
        )
    }

    /// 403 with `code`.
    pub fn forbidden(code: &'static str, message: impl Into<String>) -> S3Error {
        S3Error::new(StatusCode::FORBIDDEN, code, message)
    }
}

/// A fresh request id: 16 upper-case hex digits, as AWS's look.
pub(crate) fn request_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..16].to_ascii_uppercase()
}

impl IntoResponse for S3Error {
    fn into_response(self) -> Response {
        let id = request_id();
        let mut inner = xml::element("Code", self.code) + &xml::element("Message", &self.message);
        for (name, value) in &self.details {
            inner += &xml::element(name, value);
        }
        inner += &xml::element("RequestId", &id);
        inner += &xml::element("HostId", "sovereign-emulator");
        let body = format!("{}<Error>{inner}</Error>", xml::DECLARATION);
        let mut response = (
            self.status,
            [(header::CONTENT_TYPE, "application/xml")],
            body,
        )
            .into_response();
        if let Ok(value) = HeaderValue::from_str(&id) {
            response.headers_mut().insert("x-amz-request-id", value);
        }
        response
    }
}
