//! `env_vars` and the binary's command line.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use sovereign_emulator::{defaults, env_vars};

const BIN: &str = env!("CARGO_BIN_EXE_sovereign-emulator");

#[test]
fn env_vars_for_plusserver() {
    let vars = env_vars("plusserver", "http://127.0.0.1:8787/").unwrap();
    let get = |name: &str| {
        vars.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    assert_eq!(get("OS_AUTH_URL"), "http://127.0.0.1:8787/plusserver/v3");
    assert_eq!(get("OS_USERNAME"), defaults::OS_USERNAME);
    assert_eq!(get("OS_PASSWORD"), defaults::OS_PASSWORD);
    assert_eq!(get("OS_PROJECT_NAME"), defaults::OS_PROJECT_NAME);
    assert_eq!(get("OS_USER_DOMAIN_NAME"), defaults::OS_DOMAIN);
    assert_eq!(get("OS_PROJECT_DOMAIN_NAME"), defaults::OS_DOMAIN);
    assert_eq!(get("OS_REGION_NAME"), "prod1");
    assert_eq!(get("OS_INTERFACE"), "public");
    assert_eq!(get("OS_IDENTITY_API_VERSION"), "3");
    assert_eq!(get("SOVEREIGN_CLOUD"), "plusserver");
    assert_eq!(
        get("AWS_ACCESS_KEY_ID"),
        defaults::PLUSSERVER_EC2_ACCESS_KEY
    );
    assert_eq!(
        get("AWS_SECRET_ACCESS_KEY"),
        defaults::PLUSSERVER_EC2_SECRET_KEY
    );
    assert_eq!(
        get("AWS_ENDPOINT_URL_S3"),
        "http://127.0.0.1:8787/plusserver/s3"
    );
    assert_eq!(get("AWS_REGION"), "us-east-1");
    assert!(env_vars("nowhere", "http://x")
        .unwrap_err()
        .contains("plusserver"));
}

#[test]
fn env_vars_for_otc() {
    let vars = env_vars("otc", "http://127.0.0.1:8787").unwrap();
    let get = |name: &str| {
        vars.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    assert_eq!(get("OS_AUTH_URL"), "http://127.0.0.1:8787/otc/v3");
    assert_eq!(get("OS_USERNAME"), defaults::OTC_USERNAME);
    assert_eq!(get("OS_PASSWORD"), defaults::OTC_PASSWORD);
    assert_eq!(get("OS_PROJECT_NAME"), "eu-de");
    assert_eq!(get("OS_USER_DOMAIN_NAME"), "OTC-EU-DE-00000000001000000001");
    assert_eq!(
        get("OS_PROJECT_DOMAIN_NAME"),
        "OTC-EU-DE-00000000001000000001"
    );
    assert_eq!(get("OS_REGION_NAME"), "eu-de");
    assert_eq!(get("OS_INTERFACE"), "public");
    assert_eq!(get("OS_IDENTITY_API_VERSION"), "3");
    assert_eq!(get("OS_ACCESS_KEY"), "EMULATOROTCACCESSKEY01");
    assert_eq!(get("OS_SECRET_KEY"), "emulator-otc-secret-key");
    assert_eq!(get("SOVEREIGN_CLOUD"), "otc");
    assert_eq!(get("AWS_ACCESS_KEY_ID"), "EMULATOROTCACCESSKEY01");
    assert_eq!(get("AWS_SECRET_ACCESS_KEY"), "emulator-otc-secret-key");
    assert_eq!(get("AWS_ENDPOINT_URL_S3"), "http://127.0.0.1:8787/otc/obs");
    assert_eq!(get("AWS_REGION"), "eu-de");
    let out = Command::new(BIN)
        .args(["env", "otc", "--endpoint", "http://127.0.0.1:9999/"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("export OS_AUTH_URL='http://127.0.0.1:9999/otc/v3'\n"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), vars.len());
}

#[test]
fn env_subcommand_prints_exports() {
    let out = Command::new(BIN)
        .args(["env", "plusserver", "--endpoint", "http://127.0.0.1:9999"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("export OS_AUTH_URL='http://127.0.0.1:9999/plusserver/v3'\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("export SOVEREIGN_CLOUD='plusserver'\n"),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 14);
    assert!(
        stdout.contains("export AWS_ENDPOINT_URL_S3='http://127.0.0.1:9999/plusserver/s3'\n"),
        "{stdout}"
    );
}

#[test]
fn env_vars_for_ionos() {
    let vars = env_vars("ionos", "http://127.0.0.1:8787/").unwrap();
    let get = |name: &str| {
        vars.iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("{name} missing"))
    };
    assert_eq!(
        get("IONOS_API_URL"),
        "http://127.0.0.1:8787/ionos/cloudapi/v6"
    );
    assert_eq!(get("IONOS_USERNAME"), defaults::IONOS_USERNAME);
    assert_eq!(get("IONOS_PASSWORD"), defaults::IONOS_PASSWORD);
    assert_eq!(get("IONOS_TOKEN"), defaults::IONOS_TOKEN);
    assert_eq!(get("IONOS_DATACENTER_ID"), defaults::IONOS_DATACENTER_ID);
    assert_eq!(get("IONOS_LOCATION"), "de/fra");
    assert_eq!(get("SOVEREIGN_CLOUD"), "ionos");
    assert_eq!(get("SOVEREIGN_REGION"), "de/fra");
    assert_eq!(get("AWS_ACCESS_KEY_ID"), defaults::IONOS_S3_ACCESS_KEY);
    assert_eq!(get("AWS_SECRET_ACCESS_KEY"), defaults::IONOS_S3_SECRET_KEY);
    assert_eq!(get("AWS_ENDPOINT_URL_S3"), "http://127.0.0.1:8787/ionos/s3");
    assert_eq!(get("AWS_REGION"), "eu-central-3");
    assert_eq!(vars.len(), 12);
}

#[test]
fn env_subcommand_rejects_unknown_clouds() {
    let out = Command::new(BIN).args(["env", "nowhere"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("plusserver"), "{stderr}");
    let key_elsewhere = Command::new(BIN)
        .args(["env", "ionos", "--key-file", "/nonexistent/key.json"])
        .output()
        .unwrap();
    assert_eq!(key_elsewhere.status.code(), Some(2));
}

#[test]
fn env_stackit_writes_the_key_file() {
    let path = std::env::temp_dir().join(format!("stackit-key-{}.json", std::process::id()));
    let out = Command::new(BIN)
        .args([
            "env",
            "stackit",
            "--endpoint",
            "http://127.0.0.1:9999",
            "--key-file",
        ])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 9, "{stdout}");
    assert!(stdout.contains(&format!(
        "export STACKIT_SERVICE_ACCOUNT_KEY_PATH='{}'",
        path.display()
    )));
    assert!(stdout.contains(
        "export STACKIT_TOKEN_BASEURL='http://127.0.0.1:9999/stackit/service-account/token'"
    ));
    let key: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        key["credentials"]["tokenEndpoint"],
        "http://127.0.0.1:9999/stackit/service-account/token"
    );
    std::fs::remove_file(&path).unwrap();
    let plain = Command::new(BIN).args(["env", "stackit"]).output().unwrap();
    assert_eq!(String::from_utf8(plain.stdout).unwrap().lines().count(), 8);
}

#[test]
fn server_announces_its_address() {
    let mut child = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--latency", "1ms"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        line.starts_with("sovereign-emulator listening on http://127.0.0.1:"),
        "{line}"
    );
}
