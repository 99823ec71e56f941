//! S3 error answers — `<Error><Code>NoSuchBucket</Code><Message>…</Message>…</Error>`, or a bare
//! status for HEAD — turned into the SDK's error kinds.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::error::{kind_for_status, Error, ErrorKind};
use crate::http::HttpResponse;

/// The `Code` and `Message` of an S3 `<Error>` body.
fn code_and_message(body: &[u8]) -> (Option<String>, Option<String>) {
    let mut reader = Reader::from_reader(body);
    let (mut code, mut message) = (String::new(), String::new());
    let mut current: Option<String> = None;
    let mut buf = Vec::new();
    loop {
        let text = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(start)) => {
                current = Some(start.local_name().as_ref().to_string());
                None
            }
            Ok(Event::Text(text)) => Some(text.xml10_content().into_owned()),
            Ok(Event::GeneralRef(entity)) => match entity.resolve_char_ref() {
                Ok(Some(c)) => Some(c.to_string()),
                _ => resolve_predefined_entity(&entity.into_inner()).map(str::to_string),
            },
            Ok(Event::End(_)) => {
                current = None;
                None
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => None,
        };
        if let Some(text) = text {
            match current.as_deref() {
                Some("Code") => code.push_str(&text),
                Some("Message") => message.push_str(&text),
                _ => {}
            }
        }
        buf.clear();
    }
    let code = Some(code.trim().to_string()).filter(|c| !c.is_empty());
    let message = Some(message.trim().to_string()).filter(|m| !m.is_empty());
    (code, message)
}

/// The SDK's kind for an S3 error code, else for the status.
fn kind_for(code: Option<&str>, status: u16) -> ErrorKind {
    match code {
        Some("NoSuchBucket" | "NoSuchKey" | "NoSuchTagSet" | "NoSuchVersion") => {
            ErrorKind::NotFound
        }
        Some(
            "BucketNotEmpty"
            | "BucketAlreadyExists"
            | "BucketAlreadyOwnedByYou"
            | "OperationAborted",
        ) => ErrorKind::Conflict,
        Some(
            "InvalidBucketName"
            | "InvalidArgument"
            | "InvalidRequest"
            | "MalformedXML"
            | "BadDigest"
            | "InvalidDigest"
            | "InvalidLocationConstraint"
            | "AuthorizationHeaderMalformed",
        ) => ErrorKind::InvalidInput,
        Some("SignatureDoesNotMatch" | "InvalidAccessKeyId" | "RequestTimeTooSkewed") => {
            ErrorKind::Unauthorized
        }
        Some("AccessDenied") => ErrorKind::Forbidden,
        Some("SlowDown") => ErrorKind::RateLimited,
        Some("TooManyBuckets") => ErrorKind::QuotaExceeded,
        // A bare 404 is a missing bucket only for HEAD (it has no body): the caller knows.
        _ if status == 404 => ErrorKind::Api,
        _ => kind_for_status(status),
    }
}

/// The SDK error an S3 answer means.
pub fn parse_error(response: &HttpResponse) -> Error {
    let (code, message) = code_and_message(&response.body);
    let kind = kind_for(code.as_deref(), response.status);
    let text = match (&code, message) {
        (Some(code), Some(message)) => format!("{message} ({code})"),
        (Some(code), None) => code.clone(),
        (None, _) if response.body.is_empty() => "S3 answered with an error and no body".into(),
        (None, _) => response.body_excerpt(),
    };
    let request = response
        .header("x-amz-request-id")
        .map(|id| format!(", request {id}"))
        .unwrap_or_default();
    Error::new(kind, format!("{text} (HTTP {}{request})", response.status))
        .with_retryable(crate::error::status_is_retryable(response.status))
}

/// Whether the answer says the bucket exists and belongs to the caller already.
pub fn is_already_owned(response: &HttpResponse) -> bool {
    code_and_message(&response.body).0.as_deref() == Some("BucketAlreadyOwnedByYou")
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
    fn s3_codes_become_kinds() {
        let gone = parse_error(&response(
            404,
            r#"<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchBucket</Code><Message>The bucket &quot;b&quot; does not exist</Message><BucketName>b</BucketName></Error>"#,
        ));
        assert!(gone.is_not_found());
        assert!(
            gone.message()
                .starts_with("The bucket \"b\" does not exist (NoSuchBucket)"),
            "{gone}"
        );
        let full = parse_error(&response(
            409,
            "<Error><Code>BucketNotEmpty</Code><Message>not empty</Message></Error>",
        ));
        assert_eq!(full.kind(), ErrorKind::Conflict);
        let forged = parse_error(&response(
            403,
            "<Error><Code>SignatureDoesNotMatch</Code><Message>no</Message></Error>",
        ));
        assert_eq!(forged.kind(), ErrorKind::Unauthorized);
        let bare = parse_error(&response(404, ""));
        assert!(
            !bare.is_not_found(),
            "a bare 404 is not a missing bucket by itself"
        );
        assert!(parse_error(&response(503, "<Error><Code>SlowDown</Code></Error>")).is_retryable());
    }
}
