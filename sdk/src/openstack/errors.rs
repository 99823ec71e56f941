//! OpenStack's error bodies, turned into the SDK's error in one place: Neutron's
//! `{"NeutronError":{type,message}}`, Nova/Cinder's `{"itemNotFound":{code,message}}`,
//! Keystone's `{"error":{code,title,message}}`, and the shapes OTC's native APIs add: VPC's
//! top-level `{"code":"VPC.0003","message"}`, ECS's `{"error":{"code":"Ecs.0005","message"}}`
//! and the API gateway's `{"error_code","error_msg"}`.

use serde_json::Value;

use crate::error::{kind_for_status, Error, ErrorKind};
use crate::http::{retry_after, HttpResponse};

/// The SDK error an OpenStack service's failed answer means.
pub fn parse_error(response: &HttpResponse) -> Error {
    let body: Option<Value> = serde_json::from_slice(&response.body).ok();
    let (fault, message) = body
        .as_ref()
        .and_then(fault_and_message)
        .unwrap_or_else(|| (None, fallback_message(response)));
    let mut kind = kind_for_status(response.status);
    // Only a service that says what is missing means "gone": a bare 404 comes from a wrong
    // endpoint or a proxy, and reading it as "deleted" would drop objects from the state.
    if response.status == 404 && !names_a_missing_object(fault.as_deref()) {
        kind = ErrorKind::Api;
    }
    let quota_fault = matches!(
        fault.as_deref(),
        Some("OverQuota" | "overLimit" | "VPC.0114" | "Ecs.0001" | "Ecs.0013")
    );
    if quota_fault && retry_after(&response.headers).is_none() {
        kind = ErrorKind::QuotaExceeded;
    }
    if response.status == 413 && retry_after(&response.headers).is_some() {
        kind = ErrorKind::RateLimited;
    }
    let retryable =
        crate::error::status_is_retryable(response.status) || kind == ErrorKind::RateLimited;
    let text = match fault {
        Some(fault) => format!("{message} ({fault}, HTTP {})", response.status),
        None => format!("{message} (HTTP {})", response.status),
    };
    Error::new(kind, text).with_retryable(retryable)
}

/// Whether a 404's fault comes from the service that looked for the object, rather than from
/// a router in front of it: OTC's API gateway (`APIGW.0101`, "the API does not exist") and the
/// WSGI layer's `{"code":"404 Not Found"}` answer a wrong URL the same way.
fn names_a_missing_object(fault: Option<&str>) -> bool {
    match fault {
        None => false,
        Some(fault) => !fault.starts_with("APIGW.") && !fault.starts_with("404 "),
    }
}

fn fault_and_message(body: &Value) -> Option<(Option<String>, String)> {
    let object = body.as_object()?;
    if let Some(neutron) = object.get("NeutronError") {
        let kind = neutron
            .get("type")
            .and_then(Value::as_str)
            .map(String::from);
        let message = neutron.get("message").and_then(Value::as_str)?.to_string();
        return Some((kind, message));
    }
    // OTC's VPC (and Glance) answer with a flat object; the API gateway with error_code/msg.
    for (code, message) in [("code", "message"), ("error_code", "error_msg")] {
        if let (Some(code), Some(message)) = (
            object.get(code).and_then(Value::as_str),
            object.get(message).and_then(Value::as_str),
        ) {
            return Some((Some(code.to_string()), message.to_string()));
        }
    }
    // Keystone, Nova/Cinder and OTC's ECS wrap one object whose name is the fault.
    let (name, inner) = object.iter().next()?;
    let message = inner.get("message").and_then(Value::as_str)?.to_string();
    let fault = if name == "error" {
        ["title", "code"]
            .iter()
            .find_map(|key| inner.get(*key).and_then(Value::as_str))
            .map(String::from)
    } else {
        Some(name.clone())
    };
    Some((fault, message))
}

fn fallback_message(response: &HttpResponse) -> String {
    let excerpt = response.body_excerpt();
    if excerpt.is_empty() {
        "the service answered with an error and no body".to_string()
    } else {
        excerpt
    }
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
    fn neutron_errors() {
        let e = parse_error(&response(
            404,
            r#"{"NeutronError":{"type":"NetworkNotFound","message":"Network x could not be found.","detail":""}}"#,
        ));
        assert_eq!(e.kind(), ErrorKind::NotFound);
        assert!(e.message().contains("Network x could not be found"), "{e}");
        let quota = parse_error(&response(
            409,
            r#"{"NeutronError":{"type":"OverQuota","message":"Quota exceeded for resources: ['network'].","detail":""}}"#,
        ));
        assert_eq!(quota.kind(), ErrorKind::QuotaExceeded);
    }

    #[test]
    fn nova_and_keystone_errors() {
        let e = parse_error(&response(
            400,
            r#"{"badRequest":{"code":400,"message":"Invalid flavorRef"}}"#,
        ));
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert!(e.message().contains("badRequest"));
        let k = parse_error(&response(
            401,
            r#"{"error":{"code":401,"title":"Unauthorized","message":"The request you have made requires authentication."}}"#,
        ));
        assert_eq!(k.kind(), ErrorKind::Unauthorized);
    }

    #[test]
    fn otc_native_errors() {
        let vpc = parse_error(&response(
            404,
            r#"{"code":"VPC.0003","message":"VPC does not exist."}"#,
        ));
        assert_eq!(vpc.kind(), ErrorKind::NotFound, "{vpc}");
        assert!(vpc.message().contains("VPC.0003"), "{vpc}");
        let ecs = parse_error(&response(
            404,
            r#"{"error":{"code":"Ecs.0114","message":"Instance does not exist."}}"#,
        ));
        assert_eq!(ecs.kind(), ErrorKind::NotFound, "{ecs}");
        assert!(ecs.message().contains("Instance does not exist"), "{ecs}");
        let quota = parse_error(&response(
            400,
            r#"{"error":{"code":"Ecs.0001","message":"quota exceeded"}}"#,
        ));
        assert_eq!(quota.kind(), ErrorKind::QuotaExceeded);
        let gateway = parse_error(&response(
            401,
            r#"{"error_msg":"Incorrect IAM authentication information","error_code":"APIGW.0301"}"#,
        ));
        assert_eq!(gateway.kind(), ErrorKind::Unauthorized);
        assert!(gateway.message().contains("APIGW.0301"), "{gateway}");
    }

    #[test]
    fn a_bare_404_is_not_a_missing_object() {
        let gateway = parse_error(&response(
            404,
            r#"{"error_code":"APIGW.0101","error_msg":"The API does not exist or has not been published in the environment"}"#,
        ));
        assert_eq!(gateway.kind(), ErrorKind::Api, "{gateway}");
        let router = parse_error(&response(
            404,
            r#"{"code":"404 Not Found","title":"Not Found","message":"The resource could not be found."}"#,
        ));
        assert_eq!(router.kind(), ErrorKind::Api, "{router}");
        let e = parse_error(&response(404, "<html>Not Found</html>"));
        assert_eq!(e.kind(), ErrorKind::Api, "{e}");
        let e = parse_error(&response(404, ""));
        assert_eq!(e.kind(), ErrorKind::Api, "{e}");
    }

    #[test]
    fn unreadable_bodies_keep_their_text() {
        let e = parse_error(&response(502, "<html>Bad Gateway</html>"));
        assert_eq!(e.kind(), ErrorKind::Api);
        assert!(e.is_retryable());
        assert!(e.message().contains("Bad Gateway"));
    }
}
