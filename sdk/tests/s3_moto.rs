//! The SDK's S3 client against a third-party S3 implementation: `moto` in server mode (from
//! the fidelity venv), so the client is not only right about our own emulator. The same bucket
//! life as against the emulator: versioning, tags, objects kept unless forced, every version
//! deleted when forced.

mod support;

use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use sovereign_sdk::s3::S3Credentials;
use support::s3;

/// The Python with the fidelity packages: `SOVEREIGN_PYTHON`, else the repository's
/// `.tools/venv` that `scripts/setup-tools.sh` makes.
fn python() -> PathBuf {
    std::env::var_os("SOVEREIGN_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../.tools/venv/bin/python")
        })
}

/// A moto server on a free local port, stopped when dropped.
struct Moto {
    child: Child,
    port: u16,
}

impl Moto {
    fn start() -> Moto {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let child = Command::new(python())
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .env_remove("AWS_ENDPOINT_URL_S3")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot run {} -m moto.server ({e}); run scripts/setup-tools.sh",
                    python().display()
                )
            });
        let mut moto = Moto { child, port };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = moto.child.try_wait() {
                panic!("moto.server exited with {status}; is moto[server] in the venv?");
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "moto.server did not listen on {port} within a minute"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn credentials(region: &str) -> S3Credentials {
    S3Credentials {
        access_key: "moto-access-key".to_string(),
        secret_key: "moto-secret-key".to_string().into(),
        region: region.to_string(),
    }
}

#[tokio::test]
async fn a_bucket_lives_and_dies_on_moto() {
    let moto = Moto::start();
    // us-east-1 takes no LocationConstraint (plusserver's way).
    s3::bucket_life(
        &moto.endpoint(),
        &credentials("us-east-1"),
        false,
        "moto-plain",
    )
    .await;
    // Another region is named on create (IONOS's and OTC's way).
    s3::bucket_life(
        &moto.endpoint(),
        &credentials("eu-central-1"),
        true,
        "moto-located",
    )
    .await;
}
