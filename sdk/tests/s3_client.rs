//! The S3 client against a scripted server: requests are path-style and SigV4-signed, bodies
//! carry Content-MD5, tags and versioning read back, and emptying a bucket deletes every
//! version and delete marker until the listing is empty.

use sovereign_sdk::http::{HttpClient, RetryPolicy};
use sovereign_sdk::s3::{S3Client, S3Credentials};
use sovereign_sdk::secret::Secret;
use wiremock::matchers::{header_exists, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> S3Client {
    S3Client::new(
        HttpClient::new(RetryPolicy::default()).unwrap(),
        &format!("{}/ionos/s3", server.uri()),
        S3Credentials {
            access_key: "AKEXAMPLE".into(),
            secret_key: Secret::from("secret"),
            region: "eu-central-3".into(),
        },
    )
    .unwrap()
}

#[tokio::test]
async fn requests_are_path_style_signed_and_checksummed() {
    let server = MockServer::start().await;
    Mock::given(method("PUT"))
        .and(path("/ionos/s3/logs"))
        .and(header_exists("authorization"))
        .and(header_exists("x-amz-content-sha256"))
        .and(header_exists("content-md5"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/ionos/s3/logs"))
        .and(query_param("tagging", ""))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            "<Tagging><TagSet><Tag><Key>env</Key><Value>prod &amp; test</Value></Tag></TagSet></Tagging>",
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/ionos/s3/logs"))
        .and(query_param("versioning", ""))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            "<VersioningConfiguration><Status>Suspended</Status></VersioningConfiguration>",
        ))
        .mount(&server)
        .await;
    Mock::given(method("HEAD"))
        .and(path("/ionos/s3/gone"))
        .respond_with(ResponseTemplate::new(404))
        .mount(&server)
        .await;
    let s3 = client(&server);
    s3.create_bucket("logs", Some("eu-central-3"))
        .await
        .unwrap();
    let tags = s3.tags("logs").await.unwrap();
    assert_eq!(tags.get("env").map(String::as_str), Some("prod & test"));
    assert!(
        !s3.versioning("logs").await.unwrap(),
        "suspended reads as off"
    );
    assert!(!s3.bucket_exists("gone").await.unwrap());
    let authorization = server.received_requests().await.unwrap()[0].headers["authorization"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKEXAMPLE/"));
    assert!(authorization.contains("/eu-central-3/s3/aws4_request"));
}

#[tokio::test]
async fn emptying_deletes_every_version_until_nothing_is_left() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("versions", ""))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            "<ListVersionsResult><IsTruncated>false</IsTruncated>\
             <Version><Key>a</Key><VersionId>v2</VersionId></Version>\
             <DeleteMarker><Key>a</Key><VersionId>v3</VersionId></DeleteMarker>\
             <Version><Key>b</Key><VersionId>null</VersionId></Version></ListVersionsResult>",
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(query_param("versions", ""))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            "<ListVersionsResult><IsTruncated>false</IsTruncated></ListVersionsResult>",
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(query_param("delete", ""))
        .and(header_exists("content-md5"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<DeleteResult/>"))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        client(&server)
            .empty(
                "logs",
                sovereign_sdk::Deadline::after(std::time::Duration::from_secs(30))
            )
            .await
            .unwrap(),
        3
    );
    let delete = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.method.as_str() == "POST")
        .unwrap();
    let body = String::from_utf8(delete.body).unwrap();
    assert!(body.contains("<Object><Key>a</Key><VersionId>v3</VersionId></Object>"));
    assert!(
        body.contains("<Object><Key>b</Key><VersionId>null</VersionId></Object>"),
        "{body}"
    );
}

#[tokio::test]
async fn objects_s3_keeps_are_an_error_not_a_loop() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("versions", ""))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            "<ListVersionsResult><Version><Key>locked</Key><VersionId>v1</VersionId></Version></ListVersionsResult>",
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(query_param("delete", ""))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            "<DeleteResult><Error><Key>locked</Key><Code>AccessDenied</Code></Error></DeleteResult>",
        ))
        .mount(&server)
        .await;
    let error = client(&server)
        .empty(
            "logs",
            sovereign_sdk::Deadline::after(std::time::Duration::from_secs(30)),
        )
        .await
        .unwrap_err();
    assert!(error.message().contains("locked"), "{error}");
}

#[tokio::test]
async fn a_listing_that_does_not_shrink_is_an_error_not_a_loop() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(query_param("versions", ""))
        .respond_with(ResponseTemplate::new(200).set_body_string(
            "<ListVersionsResult><DeleteMarker><Key>stuck</Key><VersionId>null</VersionId></DeleteMarker></ListVersionsResult>",
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(query_param("delete", ""))
        .respond_with(ResponseTemplate::new(200).set_body_string("<DeleteResult/>"))
        .expect(1)
        .mount(&server)
        .await;
    let error = client(&server)
        .empty(
            "logs",
            sovereign_sdk::Deadline::after(std::time::Duration::from_secs(30)),
        )
        .await
        .unwrap_err();
    assert!(error.message().contains("still lists"), "{error}");
}

#[tokio::test]
async fn a_bucket_with_objects_stays_unless_forced() {
    use sovereign_sdk::s3::S3Buckets;
    use sovereign_sdk::{Deadline, ObjectStorage};
    let server = MockServer::start().await;
    Mock::given(method("HEAD"))
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/ionos/s3/logs"))
        .respond_with(ResponseTemplate::new(409).set_body_string(
            "<Error><Code>BucketNotEmpty</Code><Message>The bucket you tried to delete is not empty</Message></Error>",
        ))
        .mount(&server)
        .await;
    let buckets = S3Buckets::new(client(&server), true);
    let deadline = Deadline::after(std::time::Duration::from_secs(10));
    let error = buckets
        .delete_bucket("logs", false, deadline)
        .await
        .unwrap_err();
    assert_eq!(error.field(), Some("force_destroy"), "{error}");
    assert!(error.message().contains("left as it is"), "{error}");
    let sent = server.received_requests().await.unwrap();
    assert!(
        sent.iter().all(|r| r.method.as_str() != "POST"),
        "nothing was deleted inside the bucket"
    );
}
