//! A terraform working directory: its own CLI config with `dev_overrides` for the built
//! provider, its own environment, and helpers for each step of a test.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use super::emulator::Cloud;
use super::terraform::Terraform;

/// One working directory.
pub struct Workdir {
    dir: tempfile::TempDir,
    terraform: Terraform,
    vars: Vec<(String, String)>,
}

/// What a command printed and how it ended.
pub struct Run {
    /// The exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Run {
    /// What a finished process printed.
    pub fn from(output: Output) -> Run {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    /// Both streams, for failure messages.
    pub fn both(&self) -> String {
        format!("--- stdout\n{}\n--- stderr\n{}", self.stdout, self.stderr)
    }
}

const PROVIDER_SOURCE: &str = "sovereign-cloud/sovereign";

impl Workdir {
    /// A new directory for `terraform` against `cloud`.
    pub fn new(terraform: &Terraform, cloud: &Cloud) -> Workdir {
        let dir = tempfile::Builder::new()
            .prefix("sovereign-e2e-")
            .tempdir()
            .expect("temp dir");
        let provider_dir = Path::new(env!("CARGO_BIN_EXE_terraform-provider-sovereign"))
            .parent()
            .expect("binary dir")
            .to_path_buf();
        let tfrc = format!(
            "provider_installation {{\n  dev_overrides {{\n    \"{PROVIDER_SOURCE}\" = \"{}\"\n  }}\n  direct {{}}\n}}\n",
            provider_dir.display()
        );
        std::fs::write(dir.path().join("dev.tfrc"), tfrc).expect("write dev.tfrc");
        Workdir {
            dir,
            terraform: terraform.clone(),
            vars: cloud.vars.clone(),
        }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Replaces one environment variable for later commands (`None` removes it).
    pub fn set_var(&mut self, name: &str, value: Option<&str>) {
        self.vars.retain(|(k, _)| k != name);
        if let Some(value) = value {
            self.vars.push((name.to_string(), value.to_string()));
        }
    }

    /// Writes `main.tf` (with the provider requirement in front).
    pub fn write_config(&self, body: &str) {
        let text = format!(
            "terraform {{\n  required_providers {{\n    sovereign = {{\n      source = \"{PROVIDER_SOURCE}\"\n    }}\n  }}\n}}\n\n{body}"
        );
        std::fs::write(self.path().join("main.tf"), text).expect("write main.tf");
    }

    /// Copies the `.tf` files of `example` (a directory, with its subdirectories such as local
    /// modules) in, as they are.
    pub fn copy_example(&self, example: &Path) {
        copy_tf_files(example, self.path());
    }

    /// The terraform command for `args`, with this directory's variables and `extra`.
    fn command(&self, args: &[&str], extra: &[(&str, &str)]) -> Command {
        let mut command = Command::new(&self.terraform.path);
        command.args(args).current_dir(self.path());
        for (name, _) in std::env::vars() {
            let inherited_cloud_var = ["OS_", "SOVEREIGN_", "IONOS_", "STACKIT_", "AWS_", "TF_"]
                .iter()
                .any(|prefix| name.starts_with(prefix));
            if inherited_cloud_var {
                command.env_remove(&name);
            }
        }
        command
            .env("TF_CLI_CONFIG_FILE", self.path().join("dev.tfrc"))
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_INPUT", "0")
            .env("RUST_LIB_BACKTRACE", "0")
            .env("HOME", self.path());
        for (name, value) in &self.vars {
            command.env(name, value);
        }
        for (name, value) in extra {
            command.env(name, value);
        }
        command
    }

    /// Runs terraform with `args` and extra variables.
    pub fn run_with(&self, args: &[&str], extra: &[(&str, &str)]) -> Run {
        Run::from(
            self.command(args, extra)
                .output()
                .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.terraform.path.display())),
        )
    }

    /// Starts terraform with `args` in a process group of its own (as a terminal runs it, so
    /// that a signal to the group reaches terraform and its providers), output piped.
    pub fn spawn_in_own_group(&self, args: &[&str]) -> std::process::Child {
        use std::os::unix::process::CommandExt;
        self.command(args, &[])
            .process_group(0)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", self.terraform.path.display()))
    }

    /// Runs terraform with `args`.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_with(args, &[])
    }

    /// Runs terraform with `args` and fails the test unless it succeeds. After every
    /// successful apply, both re-plans (with and without refresh) must be empty: no apply in
    /// the suite may leave a perpetual diff.
    pub fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(
            run.code,
            0,
            "terraform {} ({}) failed:\n{}",
            args.join(" "),
            self.terraform.label,
            run.both()
        );
        if args.first() == Some(&"apply") {
            self.assert_empty_plan(false);
            self.assert_empty_plan(true);
        }
        run
    }

    /// Plans into a file and returns each resource's planned actions by address.
    pub fn plan(&self) -> BTreeMap<String, Vec<String>> {
        self.ok(&["plan", "-input=false", "-no-color", "-out=step.tfplan"]);
        let shown = self.ok(&["show", "-json", "step.tfplan"]);
        let plan: Value = serde_json::from_str(&shown.stdout).expect("plan JSON");
        plan["resource_changes"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|change| {
                let address = change["address"].as_str().unwrap_or_default().to_string();
                let actions = change["change"]["actions"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|a| a.as_str().unwrap_or_default().to_string())
                    .collect();
                (address, actions)
            })
            .collect()
    }

    /// Applies the plan the last `plan` saved.
    pub fn apply_plan(&self) {
        self.ok(&["apply", "-input=false", "-no-color", "step.tfplan"]);
    }

    /// Asserts that a plan fails, with every text of `expected` in its diagnostics, and that
    /// `apply` refuses too; returns the plan's standard error.
    pub fn assert_plan_fails(&self, expected: &[&str]) -> String {
        let run = self.run(&["plan", "-input=false", "-no-color"]);
        assert_eq!(
            run.code,
            1,
            "the plan should fail ({}):\n{}",
            self.terraform.label,
            run.both()
        );
        // Terraform wraps diagnostic details at 78 columns.
        let unwrapped = run.stderr.split_whitespace().collect::<Vec<_>>().join(" ");
        for text in expected {
            assert!(
                run.stderr.contains(text) || unwrapped.contains(text),
                "the diagnostic lacks {text:?} ({}):\n{}",
                self.terraform.label,
                run.both()
            );
        }
        let applied = self.run(&["apply", "-auto-approve", "-input=false", "-no-color"]);
        assert_ne!(
            applied.code,
            0,
            "apply must refuse too:\n{}",
            applied.both()
        );
        run.stderr
    }

    /// Asserts that a plan (with or without refresh) proposes nothing.
    pub fn assert_empty_plan(&self, refresh: bool) {
        let mut args = vec!["plan", "-input=false", "-no-color", "-detailed-exitcode"];
        if !refresh {
            args.push("-refresh=false");
        }
        let run = self.run(&args);
        assert_eq!(
            run.code,
            0,
            "the plan after apply (refresh={refresh}, {}) was not empty:\n{}",
            self.terraform.label,
            run.both()
        );
    }

    /// The state's resources: address -> attribute values.
    pub fn state(&self) -> BTreeMap<String, Value> {
        let shown = self.ok(&["show", "-json"]);
        let state: Value = serde_json::from_str(&shown.stdout).expect("state JSON");
        state["values"]["root_module"]["resources"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .into_iter()
            .map(|r| {
                (
                    r["address"].as_str().unwrap_or_default().to_string(),
                    r["values"].clone(),
                )
            })
            .collect()
    }

    /// The raw state file's text (to look for secrets).
    pub fn state_file(&self) -> String {
        std::fs::read_to_string(self.path().join("terraform.tfstate")).unwrap_or_default()
    }

    /// A file in the directory.
    pub fn file(&self, name: &str) -> PathBuf {
        self.path().join(name)
    }
}

/// Copies the `.tf` files of `from` and of its subdirectories into `to`, keeping the layout.
fn copy_tf_files(from: &Path, to: &Path) {
    let entries =
        std::fs::read_dir(from).unwrap_or_else(|e| panic!("cannot read {}: {e}", from.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        let name = path.file_name().expect("a file name");
        if path.is_dir() {
            std::fs::create_dir_all(to.join(name)).expect("create a subdirectory");
            copy_tf_files(&path, &to.join(name));
        } else if path.extension().is_some_and(|ext| ext == "tf") {
            std::fs::copy(&path, to.join(name)).expect("copy the example");
        }
    }
}
