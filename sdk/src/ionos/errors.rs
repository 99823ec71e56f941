//! IONOS error bodies, `{"httpStatus": 404, "messages": [{"errorCode": "309", "message": "..."}]}`,
//! turned into the SDK's error.

use serde::Deserialize;

use crate::error::{kind_for_status, Error, ErrorKind};
use crate::http::HttpResponse;

#[derive(Deserialize)]
struct Body {
    #[serde(default)]
    messages: Vec<Message>,
}

#[derive(Deserialize)]
struct Message {
    #[serde(default, rename = "errorCode")]
    error_code: Option<String>,
    #[serde(default)]
    message: String,
}

/// The SDK error an IONOS answer means. Only a 404 with IONOS's own error body means "gone":
/// a bare 404 comes from a wrong URL or a proxy.
pub fn parse_error(response: &HttpResponse) -> Error {
    let body: Option<Body> = serde_json::from_slice(&response.body).ok();
    let messages: Vec<String> = body
        .map(|b| b.messages)
        .unwrap_or_default()
        .into_iter()
        .filter(|m| !m.message.is_empty())
        .map(|m| match m.error_code {
            Some(code) => format!("{} (IONOS {code})", m.message),
            None => m.message,
        })
        .collect();
    let mut kind = kind_for_status(response.status);
    if response.status == 404 && messages.is_empty() {
        kind = ErrorKind::Api;
    }
    // IONOS answers validation errors with 422; a 422 is the caller's input, not a server fault.
    if response.status == 422 {
        kind = ErrorKind::InvalidInput;
    }
    let text = if messages.is_empty() {
        let excerpt = response.body_excerpt();
        if excerpt.is_empty() {
            "IONOS answered with an error and no body".to_string()
        } else {
            excerpt
        }
    } else {
        messages.join("; ")
    };
    Error::new(kind, format!("{text} (HTTP {})", response.status))
        .with_retryable(crate::error::status_is_retryable(response.status))
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderMap;

    fn response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            headers: HeaderMap::new(),
            body: body.as_bytes().to_vec(),
            attempts: 1,
        }
    }

    #[test]
    fn ionos_bodies() {
        let gone = parse_error(&response(
            404,
            r#"{"httpStatus":404,"messages":[{"errorCode":"309","message":"Resource does not exist"}]}"#,
        ));
        assert_eq!(gone.kind(), ErrorKind::NotFound);
        assert!(gone.message().contains("IONOS 309"), "{gone}");
        let invalid = parse_error(&response(
            422,
            r#"{"httpStatus":422,"messages":[{"errorCode":"100","message":"[(root).properties.ram] RAM must be a multiple of 256"}]}"#,
        ));
        assert_eq!(invalid.kind(), ErrorKind::InvalidInput);
        assert!(parse_error(&response(404, "")).kind() == ErrorKind::Api);
        assert!(parse_error(&response(429, "{}")).is_retryable());
    }
}
