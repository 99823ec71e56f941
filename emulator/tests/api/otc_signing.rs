//! AK/SK signed requests: accepted without a token, refused with a wrong secret or a stale
//! date (401 `APIGW.0301`).

use reqwest::Method;
use serde_json::json;
use sovereign_emulator::defaults;

use crate::helpers::Cloud;
use crate::otc_helpers::{now_stamp, signed, PID};

#[tokio::test]
async fn signed_requests_need_no_token() {
    let cloud = Cloud::start_otc().await;
    let date = now_stamp();
    let secret = defaults::OTC_SECRET_KEY;
    let projects = signed(
        &cloud,
        Method::GET,
        "/otc/v3/projects",
        "name=eu-de",
        None,
        secret,
        &date,
    )
    .await;
    assert_eq!(projects.status, 200, "{}", projects.body);
    assert_eq!(projects.body["projects"][0]["id"], PID);
    assert_eq!(projects.body["projects"][0]["enabled"], true);
    let catalog = signed(
        &cloud,
        Method::GET,
        "/otc/v3/auth/catalog",
        "",
        None,
        secret,
        &date,
    )
    .await;
    assert_eq!(catalog.status, 200);
    let types: Vec<&str> = catalog.body["catalog"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["type"].as_str())
        .collect();
    assert!(
        types.contains(&"vpc") && types.contains(&"ecs"),
        "{types:?}"
    );
    let domains = signed(
        &cloud,
        Method::GET,
        "/otc/v3/auth/domains",
        "",
        None,
        secret,
        &date,
    )
    .await;
    assert_eq!(
        domains.body["domains"][0]["name"],
        defaults::OTC_DOMAIN_NAME
    );
    let vpc_path = format!("/otc/vpc/v1/{PID}/vpcs");
    let body = json!({"vpc": {"name": "signed", "cidr": "10.1.0.0/16"}});
    let created = signed(
        &cloud,
        Method::POST,
        &vpc_path,
        "",
        Some(body),
        secret,
        &date,
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let listed = signed(
        &cloud,
        Method::GET,
        &vpc_path,
        "limit=10",
        None,
        secret,
        &date,
    )
    .await;
    assert_eq!(listed.body["vpcs"][0]["name"], "signed");
    let neutron = signed(
        &cloud,
        Method::GET,
        "/otc/network/v2.0/networks",
        "",
        None,
        secret,
        &date,
    )
    .await;
    assert_eq!(
        neutron.status, 200,
        "OpenStack routes of OTC take signatures too"
    );
}

#[tokio::test]
async fn wrong_secret_and_stale_date_are_401() {
    let cloud = Cloud::start_otc().await;
    let path = format!("/otc/vpc/v1/{PID}/vpcs");
    let wrong = signed(
        &cloud,
        Method::GET,
        &path,
        "",
        None,
        "not-the-secret",
        &now_stamp(),
    )
    .await;
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.body["error_code"], "APIGW.0301");
    assert!(wrong.body["error_msg"]
        .as_str()
        .unwrap()
        .contains("signature"));
    let stale = signed(
        &cloud,
        Method::GET,
        &path,
        "",
        None,
        defaults::OTC_SECRET_KEY,
        "20200101T000000Z",
    )
    .await;
    assert_eq!(stale.status, 401);
    assert_eq!(stale.body["error_code"], "APIGW.0301");
    let plusserver = signed(
        &cloud,
        Method::GET,
        "/plusserver/network/v2.0/networks",
        "",
        None,
        defaults::OTC_SECRET_KEY,
        &now_stamp(),
    )
    .await;
    assert_eq!(plusserver.status, 401, "plusserver takes no signatures");
}
