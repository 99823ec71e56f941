//! SigV4 verification on the S3 endpoints: who gets in and which error the others get.

use sovereign_emulator::{defaults, Emulator, EmulatorConfig};

use crate::s3_helpers::S3Client;

#[tokio::test]
async fn signatures_keys_and_regions_are_checked() {
    let emulator = Emulator::start(EmulatorConfig::default()).expect("emulator");
    let url = emulator.url();
    for cloud in ["ionos", "otc", "plusserver"] {
        let client = S3Client::for_cloud(&url, cloud);
        let ok = client.call("GET", "/", b"").await;
        assert_eq!(ok.status, 200, "{cloud}: {}", ok.body);
        assert!(ok.body.contains("<ListAllMyBucketsResult"), "{}", ok.body);
        assert!(ok.headers.contains_key("x-amz-request-id"));
        assert_eq!(client.call("GET", "", b"").await.status, 200);

        let mut wrong = S3Client::for_cloud(&url, cloud);
        wrong.secret_key = "not-the-secret".to_string();
        let denied = wrong.call("GET", "/", b"").await;
        assert_eq!(
            (denied.status, denied.code()),
            (403, "SignatureDoesNotMatch")
        );
        assert!(denied.body.contains("<StringToSign>"), "{}", denied.body);
        assert!(denied.headers.contains_key("x-amz-request-id"));

        let mut unknown = S3Client::for_cloud(&url, cloud);
        unknown.access_key = "AKIAUNKNOWN".to_string();
        let denied = unknown.call("GET", "/", b"").await;
        assert_eq!((denied.status, denied.code()), (403, "InvalidAccessKeyId"));

        let anonymous = reqwest::get(format!("{}/", client.endpoint)).await.unwrap();
        assert_eq!(anonymous.status(), 403);
        assert!(anonymous
            .text()
            .await
            .unwrap()
            .contains("<Code>AccessDenied</Code>"));
    }
    // Another cloud's key is unknown here.
    let mut foreign = S3Client::for_cloud(&url, "ionos");
    foreign.access_key = defaults::OTC_ACCESS_KEY.to_string();
    foreign.secret_key = defaults::OTC_SECRET_KEY.to_string();
    assert_eq!(
        foreign.call("GET", "/", b"").await.code(),
        "InvalidAccessKeyId"
    );
    // IONOS and OTC want their own region in the scope; plusserver takes any.
    for cloud in ["ionos", "otc"] {
        let mut elsewhere = S3Client::for_cloud(&url, cloud);
        elsewhere.region = "us-east-1".to_string();
        let refused = elsewhere.call("GET", "/", b"").await;
        assert_eq!(
            (refused.status, refused.code()),
            (400, "AuthorizationHeaderMalformed")
        );
    }
    let mut anywhere = S3Client::for_cloud(&url, "plusserver");
    anywhere.region = "somewhere-1".to_string();
    assert_eq!(anywhere.call("GET", "/", b"").await.status, 200);
}

#[tokio::test]
async fn keys_with_reserved_characters_and_bodies_are_signed() {
    let emulator = Emulator::start(EmulatorConfig::default()).expect("emulator");
    let client = S3Client::for_cloud(&emulator.url(), "plusserver");
    assert_eq!(client.call("PUT", "/keys", b"").await.status, 200);
    let put = client
        .call("PUT", "/keys/dir/a%20b%2Bc~%C3%A4.txt", b"hello")
        .await;
    assert_eq!(put.status, 200, "{}", put.body);
    assert_eq!(put.headers["etag"], "\"5d41402abc4b2a76b9719d911017c592\"");
    let got = client
        .call("GET", "/keys/dir/a%20b%2Bc~%C3%A4.txt", b"")
        .await;
    assert_eq!((got.status, got.body.as_str()), (200, "hello"));
    let listed = client
        .call("GET", "/keys?list-type=2&prefix=dir%2F", b"")
        .await;
    assert!(
        listed.body.contains("<Key>dir/a b+c~ä.txt</Key>"),
        "{}",
        listed.body
    );
}
