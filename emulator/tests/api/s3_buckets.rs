//! Buckets, versioning, tags, listing pages and DeleteObjects on the S3 endpoints.

use sovereign_emulator::{Emulator, EmulatorConfig, FaultKind};

use crate::s3_helpers::{content_md5, S3Client};

const LOCATION: &str = "<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><LocationConstraint>eu-central-3</LocationConstraint></CreateBucketConfiguration>";

#[tokio::test]
async fn bucket_lifecycle_and_per_cloud_conflicts() {
    let emulator = Emulator::start(EmulatorConfig::default()).expect("emulator");
    let url = emulator.url();
    let ionos = S3Client::for_cloud(&url, "ionos");
    let created = ionos.call("PUT", "/life", LOCATION.as_bytes()).await;
    assert_eq!(created.status, 200, "{}", created.body);
    assert_eq!(created.headers["location"], "/life");
    let again = ionos.call("PUT", "/life", b"").await;
    assert_eq!(
        (again.status, again.code()),
        (409, "BucketAlreadyOwnedByYou")
    );
    let taken = ionos.call("PUT", "/taken-bucket", b"").await;
    assert_eq!((taken.status, taken.code()), (409, "BucketAlreadyExists"));
    let invalid = ionos.call("PUT", "/Bad_Name", b"").await;
    assert_eq!((invalid.status, invalid.code()), (400, "InvalidBucketName"));
    let elsewhere = ionos
        .call(
            "PUT",
            "/other",
            LOCATION.replace("eu-central-3", "de").as_bytes(),
        )
        .await;
    assert_eq!(elsewhere.code(), "InvalidLocationConstraint");
    let head = ionos.call("HEAD", "/life", b"").await;
    assert_eq!(head.status, 200);
    assert_eq!(head.headers["x-amz-bucket-region"], "eu-central-3");
    let missing = ionos.call("HEAD", "/nothing", b"").await;
    assert_eq!((missing.status, missing.body.as_str()), (404, ""));

    let otc = S3Client::for_cloud(&url, "otc");
    assert_eq!(otc.call("PUT", "/life", b"").await.status, 200);
    assert_eq!(
        otc.call("PUT", "/life", b"").await.status,
        200,
        "OBS: own name again is 200"
    );
    let plusserver = S3Client::for_cloud(&url, "plusserver");
    assert_eq!(
        plusserver.call("HEAD", "/life", b"").await.status,
        404,
        "clouds are apart"
    );

    let inventory: serde_json::Value = reqwest::get(format!("{url}/_emulator/inventory"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(inventory["ionos"]["buckets"][0]["name"], "life");
    assert_eq!(inventory["otc"]["buckets"][0]["objects"], 0);
    assert_eq!(inventory["total"], 2);

    ionos.call("PUT", "/life/k", b"x").await;
    let full = ionos.call("DELETE", "/life", b"").await;
    assert_eq!((full.status, full.code()), (409, "BucketNotEmpty"));
    assert_eq!(ionos.call("DELETE", "/life/k", b"").await.status, 204);
    assert_eq!(ionos.call("DELETE", "/life", b"").await.status, 204);
    let gone = ionos.call("GET", "/life?versioning", b"").await;
    assert_eq!((gone.status, gone.code()), (404, "NoSuchBucket"));
    reqwest::Client::new()
        .post(format!("{url}/_emulator/reset"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        otc.call("HEAD", "/life", b"").await.status,
        404,
        "reset clears buckets"
    );
}

#[tokio::test]
async fn versioning_tags_and_version_listing_pages() {
    let emulator = Emulator::start(EmulatorConfig::default()).expect("emulator");
    let s3 = S3Client::for_cloud(&emulator.url(), "otc");
    s3.call("PUT", "/ver", b"").await;
    let unset = s3.call("GET", "/ver?versioning", b"").await;
    assert!(!unset.body.contains("<Status>"), "{}", unset.body);
    let enable = "<VersioningConfiguration><Status>Enabled</Status></VersioningConfiguration>";
    assert_eq!(
        s3.call("PUT", "/ver?versioning", enable.as_bytes())
            .await
            .status,
        200
    );
    assert!(s3
        .call("GET", "/ver?versioning", b"")
        .await
        .body
        .contains("<Status>Enabled</Status>"));

    let no_tags = s3.call("GET", "/ver?tagging", b"").await;
    assert_eq!((no_tags.status, no_tags.code()), (404, "NoSuchTagSet"));
    let tagging =
        "<Tagging><TagSet><Tag><Key>env</Key><Value>a&amp;b</Value></Tag></TagSet></Tagging>";
    assert_eq!(
        s3.call("PUT", "/ver?tagging", tagging.as_bytes())
            .await
            .status,
        204
    );
    let tags = s3.call("GET", "/ver?tagging", b"").await;
    assert!(
        tags.body.contains("<Value>a&amp;b</Value>"),
        "{}",
        tags.body
    );
    assert_eq!(s3.call("DELETE", "/ver?tagging", b"").await.status, 204);
    assert_eq!(
        s3.call("GET", "/ver?tagging", b"").await.code(),
        "NoSuchTagSet"
    );

    let first = s3.call("PUT", "/ver/a", b"1").await;
    let first_id = first.headers["x-amz-version-id"]
        .to_str()
        .unwrap()
        .to_string();
    s3.call("PUT", "/ver/a", b"2").await;
    s3.call("PUT", "/ver/b", b"3").await;
    let marker = s3.call("DELETE", "/ver/b", b"").await;
    assert_eq!(marker.headers["x-amz-delete-marker"], "true");
    assert_eq!(s3.call("GET", "/ver/b", b"").await.code(), "NoSuchKey");
    let old = s3
        .call("GET", &format!("/ver/a?versionId={first_id}"), b"")
        .await;
    assert_eq!(old.body, "1");

    let mut seen = Vec::new();
    let mut query = "versions&max-keys=2".to_string();
    loop {
        let page = s3.call("GET", &format!("/ver?{query}"), b"").await;
        for entry in page.body.split("<Key>").skip(1) {
            seen.push(entry.split("</Key>").next().unwrap().to_string());
        }
        if !page.body.contains("<IsTruncated>true</IsTruncated>") {
            break;
        }
        let next = |name: &str| {
            page.body
                .split(&format!("<{name}>"))
                .nth(1)
                .and_then(|rest| rest.split(&format!("</{name}>")).next())
                .unwrap()
                .to_string()
        };
        query = format!(
            "versions&max-keys=2&key-marker={}&version-id-marker={}",
            next("NextKeyMarker"),
            next("NextVersionIdMarker")
        );
    }
    assert_eq!(seen, ["a", "a", "b", "b"]);
    let listed = s3.call("GET", "/ver?versions", b"").await;
    let marker_at = listed.body.find("<DeleteMarker>").unwrap();
    let b_version_at = listed.body.rfind("<Version><Key>b</Key>").unwrap();
    assert!(
        marker_at < b_version_at,
        "newest first per key: {}",
        listed.body
    );

    let objects = s3.call("GET", "/ver?list-type=2", b"").await;
    assert!(
        objects.body.contains("<KeyCount>1</KeyCount>"),
        "{}",
        objects.body
    );
}

#[tokio::test]
async fn delete_objects_checks_the_digest_and_pages_objects() {
    let emulator = Emulator::start(EmulatorConfig::default()).expect("emulator");
    let s3 = S3Client::for_cloud(&emulator.url(), "plusserver");
    s3.call("PUT", "/many", b"").await;
    for key in ["k1", "k2", "k3"] {
        s3.call("PUT", &format!("/many/{key}"), key.as_bytes())
            .await;
    }
    let page = s3.call("GET", "/many?list-type=2&max-keys=2", b"").await;
    assert!(
        page.body.contains("<IsTruncated>true</IsTruncated>"),
        "{}",
        page.body
    );
    let token = page
        .body
        .split("<NextContinuationToken>")
        .nth(1)
        .and_then(|r| r.split("</NextContinuationToken>").next())
        .unwrap()
        .to_string();
    let rest = s3
        .call(
            "GET",
            &format!("/many?list-type=2&max-keys=2&continuation-token={token}"),
            b"",
        )
        .await;
    assert!(rest.body.contains("<Key>k3</Key>") && !rest.body.contains("<Key>k1</Key>"));

    let body = "<Delete><Quiet>true</Quiet><Object><Key>k1</Key></Object><Object><Key>k2</Key></Object><Object><Key>k3</Key></Object></Delete>";
    let no_digest = s3.call("POST", "/many?delete", body.as_bytes()).await;
    assert_eq!(
        (no_digest.status, no_digest.code()),
        (400, "InvalidRequest")
    );
    let wrong = s3
        .send(
            "POST",
            "/many?delete",
            &[("content-md5", "1B2M2Y8AsgTpgAmY7PhCfg==")],
            body.as_bytes(),
        )
        .await;
    assert_eq!((wrong.status, wrong.code()), (400, "BadDigest"));
    let md5 = content_md5(body.as_bytes());
    let deleted = s3
        .send(
            "POST",
            "/many?delete",
            &[("content-md5", md5.as_str())],
            body.as_bytes(),
        )
        .await;
    assert_eq!(deleted.status, 200, "{}", deleted.body);
    assert!(
        !deleted.body.contains("<Deleted>"),
        "quiet: {}",
        deleted.body
    );
    assert_eq!(s3.call("DELETE", "/many", b"").await.status, 204);
}

#[tokio::test]
async fn injected_faults_are_s3_errors() {
    let emulator = Emulator::start(EmulatorConfig {
        fault_rate: 1.0,
        fault_kinds: vec![
            FaultKind::TooManyRequests,
            FaultKind::InternalError,
            FaultKind::Unavailable,
        ],
        ..EmulatorConfig::default()
    })
    .expect("emulator");
    let s3 = S3Client::for_cloud(&emulator.url(), "ionos");
    for _ in 0..5 {
        let fault = s3.call("GET", "/", b"").await;
        assert!(
            matches!(
                (fault.status, fault.code()),
                (503, "SlowDown") | (500, "InternalError")
            ),
            "{} {}",
            fault.status,
            fault.body
        );
        assert!(fault.headers.contains_key("x-amz-request-id"));
    }
}
