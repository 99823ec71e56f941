//! A terraform working directory that runs offline: `dev_overrides` for our provider and for
//! the Go null provider (so neither needs `init`), and the emulator's variables.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::tools::Tools;
use crate::BenchResult;
use crate::{cpu, rss};

/// The `required_providers` block for our provider.
pub(crate) const SOVEREIGN: &str = "sovereign = { source = \"sovereign-cloud/sovereign\" }";
/// The `required_providers` block for the Go null provider.
pub(crate) const NULL: &str = "null = { source = \"hashicorp/null\" }";

/// One working directory, removed on drop.
pub(crate) struct Workdir {
    dir: PathBuf,
    terraform: PathBuf,
    vars: Vec<(String, String)>,
}

/// What one terraform command cost.
pub(crate) struct Cost {
    /// Wall time.
    pub time: Duration,
    /// The watched provider's peak RSS in MiB.
    pub peak_rss_mib: f64,
    /// CPU time of terraform and everything it ran (the provider included).
    pub cpu: Duration,
    /// CPU time of the watched provider.
    pub provider_cpu: Duration,
}

impl Workdir {
    /// A fresh directory named after `name` whose `main.tf` requires `provider` (one of
    /// [`SOVEREIGN`], [`NULL`]) and holds `body`.
    pub fn new(
        tools: &Tools,
        name: &str,
        vars: &[(String, String)],
        provider: &str,
        body: &str,
    ) -> BenchResult<Workdir> {
        let dir =
            std::env::temp_dir().join(format!("sovereign-bench-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let workdir = Workdir {
            dir,
            terraform: tools.terraform.clone(),
            vars: vars.to_vec(),
        };
        let tfrc = format!(
            "provider_installation {{\n  dev_overrides {{\n    \"sovereign-cloud/sovereign\" = \"{}\"\n    \"hashicorp/null\" = \"{}\"\n  }}\n  direct {{}}\n}}\n",
            parent(&tools.provider).display(),
            parent(&tools.null_provider).display()
        );
        workdir.write("dev.tfrc", &tfrc)?;
        let main =
            format!("terraform {{\n  required_providers {{\n    {provider}\n  }}\n}}\n\n{body}");
        workdir.write("main.tf", &main)?;
        Ok(workdir)
    }

    /// Runs terraform with `args`; fails with the end of its output if it fails. `watch` is an
    /// executable whose peak RSS is sampled meanwhile.
    pub fn run(&self, args: &[&str], watch: &Path) -> BenchResult<Cost> {
        let mut command = Command::new(&self.terraform);
        command.args(args).arg("-no-color").current_dir(&self.dir);
        for (name, _) in std::env::vars() {
            if ["OS_", "SOVEREIGN_", "IONOS_", "STACKIT_", "AWS_", "TF_"]
                .iter()
                .any(|prefix| name.starts_with(prefix))
            {
                command.env_remove(name);
            }
        }
        command
            .envs(self.vars.iter().map(|(k, v)| (k, v)))
            .env("TF_CLI_CONFIG_FILE", self.dir.join("dev.tfrc"))
            .env("CHECKPOINT_DISABLE", "1")
            .env("TF_IN_AUTOMATION", "1")
            .env("TF_INPUT", "0")
            .stdin(Stdio::null());
        let sampler = rss::watch(watch.to_path_buf());
        let cpu_before = cpu::of_waited_children();
        let started = Instant::now();
        let output = command.output();
        let time = started.elapsed();
        let cpu = cpu::of_waited_children().saturating_sub(cpu_before);
        let (peak_rss_mib, provider_cpu) = sampler.finish();
        let output = output.map_err(|e| format!("cannot run {}: {e}", self.terraform.display()))?;
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let tail: Vec<&str> = stderr.lines().rev().take(15).collect();
            return Err(format!(
                "terraform {} failed in {}:\n{}",
                args.join(" "),
                self.dir.display(),
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            ));
        }
        Ok(Cost {
            time,
            peak_rss_mib,
            cpu,
            provider_cpu,
        })
    }

    fn write(&self, name: &str, text: &str) -> BenchResult<()> {
        let path = self.dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
}

impl Drop for Workdir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The directory holding `path`.
fn parent(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("/"))
}

/// `count` security groups (they need no waiting).
pub(crate) fn security_groups(count: usize) -> String {
    format!(
        "provider \"sovereign\" {{}}\n\nresource \"sovereign_security_group\" \"g\" {{\n  count       = {count}\n  name        = \"bench-${{count.index}}\"\n  description = \"bench\"\n}}\n"
    )
}

/// `count` `null_resource`s.
pub(crate) fn null_resources(count: usize) -> String {
    format!("resource \"null_resource\" \"n\" {{\n  count = {count}\n}}\n")
}
