//! A test-side S3 client: requests signed with `aws-sigv4` (an implementation independent of
//! the emulator's verifier), answers as status, headers and text.

use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    sign, PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest, SigningSettings,
    UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use reqwest::header::HeaderMap;
use sovereign_emulator::defaults;

/// One answer.
pub struct S3Answer {
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// The body as text.
    pub body: String,
}

impl S3Answer {
    /// The `<Code>` of an error body.
    pub fn code(&self) -> &str {
        self.body
            .split_once("<Code>")
            .and_then(|(_, rest)| rest.split_once("</Code>"))
            .map(|(code, _)| code)
            .unwrap_or("")
    }
}

/// Who signs, for which region, against which endpoint.
pub struct S3Client {
    /// `http://127.0.0.1:PORT/ionos/s3` and the like.
    pub endpoint: String,
    /// Access key id.
    pub access_key: String,
    /// Secret key.
    pub secret_key: String,
    /// The region in the credential scope.
    pub region: String,
}

impl S3Client {
    /// A client with the default keys and region of `cloud` (`ionos`, `otc`, `plusserver`).
    pub fn for_cloud(base: &str, cloud: &str) -> S3Client {
        let (prefix, access, secret, region) = match cloud {
            "ionos" => (
                "/ionos/s3",
                defaults::IONOS_S3_ACCESS_KEY,
                defaults::IONOS_S3_SECRET_KEY,
                "eu-central-3",
            ),
            "otc" => (
                "/otc/obs",
                defaults::OTC_ACCESS_KEY,
                defaults::OTC_SECRET_KEY,
                "eu-de",
            ),
            _ => (
                "/plusserver/s3",
                defaults::PLUSSERVER_EC2_ACCESS_KEY,
                defaults::PLUSSERVER_EC2_SECRET_KEY,
                "us-east-1",
            ),
        };
        S3Client {
            endpoint: format!("{base}{prefix}"),
            access_key: access.to_string(),
            secret_key: secret.to_string(),
            region: region.to_string(),
        }
    }

    /// Sends a signed request; `path_and_query` is appended to the endpoint (already encoded).
    pub async fn send(
        &self,
        method: &str,
        path_and_query: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> S3Answer {
        let url = format!("{}{path_and_query}", self.endpoint);
        let identity = Credentials::new(
            &self.access_key,
            &self.secret_key,
            None,
            None,
            "emulator-tests",
        )
        .into();
        let mut settings = SigningSettings::default();
        settings.percent_encoding_mode = PercentEncodingMode::Single;
        settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.region)
            .name("s3")
            .time(SystemTime::now())
            .settings(settings)
            .build()
            .expect("signing params")
            .into();
        let signable = SignableRequest::new(
            method,
            url.as_str(),
            headers.iter().copied(),
            SignableBody::Bytes(body),
        )
        .expect("signable request");
        let (instructions, _) = sign(signable, &params).expect("sign").into_parts();
        let client = reqwest::Client::new();
        let mut request = client.request(method.parse().expect("method"), &url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        for (name, value) in instructions.headers() {
            request = request.header(name, value);
        }
        let response = request.body(body.to_vec()).send().await.expect("send");
        S3Answer {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.text().await.expect("body"),
        }
    }

    /// A request with no extra headers.
    pub async fn call(&self, method: &str, path_and_query: &str, body: &[u8]) -> S3Answer {
        self.send(method, path_and_query, &[], body).await
    }
}

/// `Content-MD5` of a body.
pub fn content_md5(body: &[u8]) -> String {
    use base64::Engine;
    let digest = md5_digest(body);
    base64::engine::general_purpose::STANDARD.encode(digest)
}

fn md5_digest(body: &[u8]) -> [u8; 16] {
    use md5::{Digest, Md5};
    Md5::digest(body).into()
}
