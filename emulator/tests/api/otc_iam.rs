//! OTC IAM: password tokens scoped to the project or the domain, the catalog, and tokens
//! that only work on the cloud that issued them.

use reqwest::Method;
use serde_json::{json, Value};
use sovereign_emulator::defaults;

use crate::helpers::{otc_auth, otc_project_scope, password_auth, Cloud};
use crate::otc_helpers::{call, vpc, PID};

const TOKENS: &str = "/otc/v3/auth/tokens";

/// The URLs of the catalog entries of `kind` (public interface, region `eu-de`).
fn urls(catalog: &Value, kind: &str) -> Vec<String> {
    catalog
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == kind)
        .flat_map(|e| e["endpoints"].as_array().unwrap().clone())
        .filter(|e| e["region"] == "eu-de" && e["interface"] == "public")
        .map(|e| e["url"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn project_token_carries_the_otc_catalog() {
    let cloud = Cloud::start_otc().await;
    let reply = cloud
        .send(
            Method::POST,
            TOKENS,
            Some(otc_auth(defaults::OTC_PASSWORD, otc_project_scope())),
            Some(""),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert!(reply.headers.contains_key("x-subject-token"));
    let token = &reply.body["token"];
    assert_eq!(token["project"]["name"], "eu-de");
    assert_eq!(token["project"]["id"], PID);
    assert_eq!(token["user"]["domain"]["name"], defaults::OTC_DOMAIN_NAME);
    let catalog = &token["catalog"];
    let base = cloud.emulator.url();
    for (kind, url) in [
        ("identity", format!("{base}/otc/v3")),
        ("compute", format!("{base}/otc/compute/v2.1")),
        ("ecs", format!("{base}/otc/ecs/v1/{PID}")),
        ("network", format!("{base}/otc/network")),
        ("vpc", format!("{base}/otc/vpc/v1/{PID}")),
        ("volumev3", format!("{base}/otc/volume/v3/{PID}")),
        ("block-storage", format!("{base}/otc/volume/v3/{PID}")),
        ("volumev2", format!("{base}/otc/volume/v3/{PID}")),
        ("image", format!("{base}/otc/image")),
    ] {
        assert_eq!(urls(catalog, kind), vec![url], "{kind}: {catalog}");
    }
    let identity = catalog
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == "identity")
        .unwrap();
    assert!(
        identity["endpoints"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["region"] == "*"),
        "identity is also registered for region *"
    );
    // by project id too
    let by_id = cloud
        .send(
            Method::POST,
            TOKENS,
            Some(otc_auth(
                defaults::OTC_PASSWORD,
                json!({"project": {"id": PID}}),
            )),
            Some(""),
        )
        .await;
    assert_eq!(by_id.status, 201, "{}", by_id.body);
    let version = cloud.send(Method::GET, "/otc/v3", None, Some("")).await;
    assert_eq!(version.status, 200);
    assert_eq!(
        version.body["version"]["links"][0]["href"],
        cloud.url("/otc/v3/")
    );
}

#[tokio::test]
async fn domain_scoped_token_has_no_project() {
    let cloud = Cloud::start_otc().await;
    let scope = json!({"domain": {"name": defaults::OTC_DOMAIN_NAME}});
    let reply = cloud
        .send(
            Method::POST,
            TOKENS,
            Some(otc_auth(defaults::OTC_PASSWORD, scope)),
            Some(""),
        )
        .await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    let token = &reply.body["token"];
    assert_eq!(token["domain"]["name"], defaults::OTC_DOMAIN_NAME);
    assert!(token.get("project").is_none());
    assert_eq!(urls(&token["catalog"], "identity").len(), 1);
    let domain_token = reply.headers["x-subject-token"]
        .to_str()
        .unwrap()
        .to_string();
    let domains = cloud
        .send(
            Method::GET,
            "/otc/v3/auth/domains",
            None,
            Some(&domain_token),
        )
        .await;
    assert_eq!(domains.status, 200);
    assert_eq!(domains.body["domains"][0]["id"], defaults::OTC_DOMAIN_ID);
    let projects = cloud
        .send(
            Method::GET,
            "/otc/v3/projects?name=eu-de",
            None,
            Some(&domain_token),
        )
        .await;
    assert_eq!(projects.body["projects"][0]["id"], PID);
    let services = cloud
        .send(Method::GET, &vpc("vpcs"), None, Some(&domain_token))
        .await;
    assert_eq!(services.status, 401, "a domain token has no project");
}

#[tokio::test]
async fn wrong_credentials_are_401() {
    let cloud = Cloud::start_otc().await;
    let wrong = cloud
        .send(
            Method::POST,
            TOKENS,
            Some(otc_auth("nope", otc_project_scope())),
            Some(""),
        )
        .await;
    assert_eq!(wrong.status, 401);
    assert_eq!(wrong.body["error"]["code"], 401);
    for scope in [
        json!({"project": {"name": "eu-nl", "domain": {"name": defaults::OTC_DOMAIN_NAME}}}),
        json!({"domain": {"name": "OTC-EU-DE-99"}}),
    ] {
        let reply = cloud
            .send(
                Method::POST,
                TOKENS,
                Some(otc_auth(defaults::OTC_PASSWORD, scope)),
                Some(""),
            )
            .await;
        assert_eq!(reply.status, 401, "{}", reply.body);
    }
    // plusserver's credentials are not OTC's
    let plusserver = cloud
        .send(
            Method::POST,
            TOKENS,
            Some(password_auth(defaults::OS_PASSWORD)),
            Some(""),
        )
        .await;
    assert_eq!(plusserver.status, 401);
}

#[tokio::test]
async fn tokens_only_work_on_their_own_cloud() {
    let otc = Cloud::start_otc().await;
    let plusserver_token = otc.login().await;
    for path in [vpc("vpcs"), "/otc/network/v2.0/networks".to_string()] {
        let reply = otc
            .send(Method::GET, &path, None, Some(&plusserver_token))
            .await;
        assert_eq!(reply.status, 401, "{path}: {}", reply.body);
    }
    let reply = otc
        .send(Method::GET, "/plusserver/network/v2.0/networks", None, None)
        .await;
    assert_eq!(reply.status, 401, "the OTC token on plusserver");
    let own = call(
        &otc,
        Method::GET,
        "/otc/network/v2.0/networks?name=admin_external_net",
        None,
    )
    .await;
    assert_eq!(own.status, 200);
    assert_eq!(own.body["networks"][0]["router:external"], true);
}
