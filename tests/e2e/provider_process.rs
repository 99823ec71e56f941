//! The provider as a process: its schema loads in terraform, it survives Ctrl-C, and its logs
//! reach terraform's TF_LOG output without secrets.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::harness::emulator::Cloud;
use crate::harness::terraform;
use crate::harness::workdir::Workdir;

#[test]
fn schema_loads_in_both_terraform_versions() {
    let cloud = Cloud::plusserver();
    for tf in [terraform::current(), terraform::legacy()] {
        let dir = Workdir::new(&tf, &cloud);
        dir.write_config("provider \"sovereign\" {}\n");
        let run = dir.ok(&["providers", "schema", "-json"]);
        let schema: serde_json::Value = serde_json::from_str(&run.stdout).expect("schema JSON");
        let providers = schema["provider_schemas"].as_object().expect("providers");
        let ours = providers
            .iter()
            .find(|(k, _)| k.ends_with("sovereign-cloud/sovereign"))
            .map(|(_, v)| v)
            .expect("our provider's schema");
        assert!(ours["resource_schemas"]["sovereign_network"].is_object());
        assert!(ours["data_source_schemas"]["sovereign_cloud"].is_object());
        assert_eq!(
            ours["provider"]["block"]["block_types"]["openstack"]["block"]["attributes"]
                ["password"]["sensitive"],
            true
        );
    }
}

#[test]
fn sigint_does_not_kill_the_provider() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_terraform-provider-sovereign"))
        .env_remove("PLUGIN_CLIENT_CERT")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the provider");
    let stdout = child.stdout.take().expect("stdout");
    let mut handshake = String::new();
    BufReader::new(stdout)
        .read_line(&mut handshake)
        .expect("handshake line");
    assert!(
        handshake.starts_with("1|6|tcp|127.0.0.1:"),
        "handshake: {handshake}"
    );
    let pid = child.id().to_string();
    let sent = Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill");
    assert!(sent.success());
    std::thread::sleep(Duration::from_millis(700));
    let still_running = child.try_wait().expect("wait").is_none();
    let _ = child.kill();
    let _ = child.wait();
    assert!(still_running, "the provider died of SIGINT");
}

#[test]
fn logs_reach_tf_log_without_secrets() {
    let cloud = Cloud::plusserver();
    let dir = Workdir::new(&terraform::current(), &cloud);
    dir.write_config(
        "provider \"sovereign\" {}\nresource \"sovereign_network\" \"n\" {\n  name = \"logged\"\n}\n",
    );
    let log = dir.file("tf.log");
    let log_path = log.to_str().expect("utf-8 path");
    let run = dir.run_with(
        &["apply", "-auto-approve", "-input=false", "-no-color"],
        &[("TF_LOG", "TRACE"), ("TF_LOG_PATH", log_path)],
    );
    assert_eq!(run.code, 0, "{}", run.both());
    let text = std::fs::read_to_string(&log).expect("TF_LOG file");
    assert!(
        text.contains("network created"),
        "the provider's log lines are missing from TF_LOG"
    );
    assert!(
        text.contains("authenticating with Keystone"),
        "no SDK logs in TF_LOG"
    );
    let password = cloud.var("OS_PASSWORD");
    assert!(!text.contains(&password), "the password is in the log");
    for line in text
        .lines()
        .filter(|l| l.to_ascii_lowercase().contains("x-auth-token:"))
    {
        assert!(
            line.to_ascii_lowercase()
                .contains("x-auth-token: <redacted>"),
            "token in log: {line}"
        );
    }
    dir.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
}
