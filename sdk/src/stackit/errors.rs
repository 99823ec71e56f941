//! STACKIT error bodies — IaaS `{"code": 404, "msg": "network not found"}`, the object storage
//! API's `{"detail": [{"key", "msg"}]}` and FastAPI's 422 `{"detail": [{"loc", "msg", "type"}]}`,
//! the token endpoint's `{"error": ..., "message": ...}` or `{"error": {"code", "message"}}` —
//! turned into the SDK's error, with the `X-Request-Id` to quote to STACKIT's support.

use serde_json::Value;

use crate::error::{kind_for_status, Error, ErrorKind};
use crate::http::HttpResponse;

/// The message of a STACKIT error body, whichever of its shapes it has.
fn message_of(body: &Value) -> Option<String> {
    let text = |v: &Value| v.as_str().filter(|s| !s.is_empty()).map(String::from);
    text(&body["msg"])
        .or_else(|| text(&body["detail"][0]["msg"]))
        .or_else(|| text(&body["message"]))
        .or_else(|| text(&body["error"]["message"]))
        .or_else(|| text(&body["error"]))
}

fn parse(response: &HttpResponse, cloud_body: bool) -> Error {
    let body: Option<Value> = serde_json::from_slice(&response.body).ok();
    let message = body.as_ref().and_then(message_of);
    let mut kind = kind_for_status(response.status);
    // Only a 404 in STACKIT's own shape means "gone": a bare one is a wrong URL or a proxy.
    if response.status == 404 && (message.is_none() || !cloud_body) {
        kind = ErrorKind::Api;
    }
    let text = message.unwrap_or_else(|| {
        let excerpt = response.body_excerpt();
        if excerpt.is_empty() {
            "STACKIT answered with an error and no body".to_string()
        } else {
            excerpt
        }
    });
    let request = response
        .header("X-Request-Id")
        .map(|id| format!(", request {id}"))
        .unwrap_or_default();
    Error::new(kind, format!("{text} (HTTP {}{request})", response.status))
        .with_retryable(crate::error::status_is_retryable(response.status))
}

/// The SDK error an IaaS answer means.
pub fn parse_error(response: &HttpResponse) -> Error {
    parse(response, true)
}

/// The SDK error the token endpoint's answer means (a 404 there is never "gone").
pub fn parse_token_error(response: &HttpResponse) -> Error {
    parse(response, false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::{HeaderMap, HeaderValue};

    fn response(status: u16, body: &str) -> HttpResponse {
        let mut headers = HeaderMap::new();
        headers.insert("x-request-id", HeaderValue::from_static("req-0123"));
        HttpResponse {
            status,
            headers,
            body: body.as_bytes().to_vec(),
            attempts: 1,
        }
    }

    #[test]
    fn iaas_bodies_become_errors_with_the_request_id() {
        let gone = parse_error(&response(404, r#"{"code":404,"msg":"network not found"}"#));
        assert!(gone.is_not_found());
        assert_eq!(
            gone.message(),
            "network not found (HTTP 404, request req-0123)"
        );
        let bare = parse_error(&response(404, "<html>nope</html>"));
        assert!(!bare.is_not_found());
        let invalid = parse_error(&response(400, r#"{"code":400,"msg":"bad prefix"}"#));
        assert_eq!(invalid.kind(), ErrorKind::InvalidInput);
        assert!(parse_error(&response(503, "{}")).is_retryable());
    }

    #[test]
    fn object_storage_bodies_give_their_first_detail() {
        let gone = parse_error(&response(
            404,
            r#"{"detail":[{"key":"project.not_found","msg":"Project not found"}]}"#,
        ));
        assert!(gone.is_not_found());
        assert!(gone.message().starts_with("Project not found (HTTP 404"));
        let invalid = parse_error(&response(
            422,
            r#"{"detail":[{"loc":["path","bucketName"],"msg":"String should have at least 3 characters","type":"string_too_short"}]}"#,
        ));
        assert_eq!(invalid.kind(), ErrorKind::InvalidInput);
        assert!(invalid
            .message()
            .starts_with("String should have at least 3"));
    }

    #[test]
    fn token_endpoint_bodies_keep_their_message() {
        let refused = parse_token_error(&response(
            400,
            r#"{"status":400,"error":"Bad Request","message":"Key with kid k was not found"}"#,
        ));
        assert!(refused.message().contains("Key with kid k was not found"));
        let forbidden = parse_token_error(&response(
            403,
            r#"{"error":{"code":403,"message":"assertion expired"}}"#,
        ));
        assert_eq!(forbidden.kind(), ErrorKind::Forbidden);
        assert!(forbidden.message().contains("assertion expired"));
    }
}
