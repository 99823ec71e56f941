//! Writing S3 XML answers by hand, with escaping.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

/// The S3 namespace every answer's root element declares.
pub(crate) const NAMESPACE: &str = "http://s3.amazonaws.com/doc/2006-03-01/";

/// The XML declaration every answer starts with.
pub(crate) const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

/// A 200 answer with an XML body.
pub(crate) fn ok(body: String) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/xml")],
        body,
    )
        .into_response()
}

/// Escapes `& < > " '` for element content and attribute values.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// `<name>escaped text</name>`.
pub(crate) fn element(name: &str, text: &str) -> String {
    format!("<{name}>{}</{name}>", escape(text))
}

/// A whole document: the declaration and a root element in the S3 namespace around `inner`.
pub(crate) fn document(root: &str, inner: &str) -> String {
    format!("{DECLARATION}<{root} xmlns=\"{NAMESPACE}\">{inner}</{root}>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            element("Key", "a<b>&'\""),
            "<Key>a&lt;b&gt;&amp;&apos;&quot;</Key>"
        );
    }
}
