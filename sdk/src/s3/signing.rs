//! SigV4 header signing for S3 requests, through the `aws-sigv4` crate: single percent-encoding
//! and no path normalisation (what S3 expects), the payload's SHA-256 in
//! `x-amz-content-sha256`.

use std::time::SystemTime;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{
    sign as sign_request, PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest,
    SigningSettings, UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;

use crate::error::{Error, ErrorKind, Result};
use crate::http::HttpRequest;
use crate::secret::Secret;

/// An S3 access key pair and the region requests are signed for.
#[derive(Clone)]
pub struct S3Credentials {
    /// The access key id.
    pub access_key: String,
    /// The secret key.
    pub secret_key: Secret,
    /// The signing region (`eu-central-3`, `eu-de`, ...).
    pub region: String,
}

impl std::fmt::Debug for S3Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "S3Credentials({}, {})", self.access_key, self.region)
    }
}

/// `request` with the SigV4 headers for `credentials` at `time` (`host` comes from the URL;
/// every header already on the request is signed).
pub fn sign(
    request: HttpRequest,
    credentials: &S3Credentials,
    time: SystemTime,
) -> Result<HttpRequest> {
    let failed = |what: &str, e: &dyn std::fmt::Display| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("cannot sign the S3 request ({what}): {e}"),
        )
    };
    let identity = Credentials::new(
        &credentials.access_key,
        credentials.secret_key.expose(),
        None,
        None,
        "sovereign",
    )
    .into();
    let mut settings = SigningSettings::default();
    settings.percent_encoding_mode = PercentEncodingMode::Single;
    settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
    settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(&credentials.region)
        .name("s3")
        .time(time)
        .settings(settings)
        .build()
        .map_err(|e| failed("parameters", &e))?
        .into();
    let headers: Vec<(String, String)> = request
        .headers()
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                v.to_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let body = request.body().unwrap_or_default().to_vec();
    let signable = SignableRequest::new(
        request.method().as_str(),
        request.url().as_str(),
        headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        SignableBody::Bytes(&body),
    )
    .map_err(|e| failed("request", &e))?;
    let (instructions, _signature) = sign_request(signable, &params)
        .map_err(|e| failed("signature", &e))?
        .into_parts();
    let mut signed = request;
    for (name, value) in instructions.headers() {
        signed = signed.header(name, value)?;
    }
    Ok(signed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::Method;
    use std::time::{Duration, UNIX_EPOCH};

    /// AWS's published "GET Object" example of header-based SigV4 signing.
    #[test]
    fn the_aws_get_object_example_signs_alike() {
        let credentials = S3Credentials {
            access_key: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_key: Secret::from("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
            region: "us-east-1".into(),
        };
        let url = url::Url::parse("https://examplebucket.s3.amazonaws.com/test.txt").unwrap();
        let request = HttpRequest::new(Method::GET, url)
            .header("Range", "bytes=0-9")
            .unwrap();
        // 2013-05-24T00:00:00Z
        let time = UNIX_EPOCH + Duration::from_secs(1_369_353_600);
        let signed = sign(request, &credentials, time).unwrap();
        let authorization = signed.headers()["authorization"].to_str().unwrap();
        assert!(
            authorization.ends_with(
                "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
            ),
            "{authorization}"
        );
        assert!(authorization
            .contains("Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request"));
    }
}
