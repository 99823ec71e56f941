//! Creates that survive a lost answer. When the answer to a create is lost after the request
//! went out (a dropped connection, a gateway's 502), nobody knows whether the cloud made the
//! object. Sending the create again could make a second one that nothing tracks; giving up
//! leaves the first one orphaned. [`create_once`] instead looks for what the create made and
//! adopts it, and sends the create again only when nothing was made.
//!
//! What counts as "what the create made": an object of the kind with the create's name (or
//! natural key) that the cloud made at or after the moment the create started (less a margin
//! for clock skew), or one whose name is a token only this create used, and whose id no other
//! create in this process has already returned or adopted. When several match (two creates of
//! the same name raced and both lost their answers), nothing is adopted and the error names
//! them, so that a person decides.

use std::collections::HashSet;
use std::future::Future;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::error::{Error, ErrorKind, Result};

/// How much earlier than the create's start the cloud's clock may date what the create made.
const CLOCK_SKEW: chrono::Duration = chrono::Duration::seconds(120);
/// How many times a create is sent in all when answers keep being lost.
const SENDS: u32 = 5;
/// The pause before the second send; it doubles before each further one.
const FIRST_RESEND_PAUSE: Duration = Duration::from_millis(500);
/// How many times to look when several candidates match (another create may still be about
/// to claim its own).
const LOOKS: u32 = 3;
/// The pause between those looks.
const LOOK_PAUSE: Duration = Duration::from_millis(500);

/// An object of the created kind that matches the create's name or natural key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Candidate {
    id: String,
    /// When the cloud made it; `None` when the name itself is unique to the create.
    created_at: Option<DateTime<Utc>>,
    /// Whether its name is a token that only one create used.
    unique_name: bool,
}

impl Candidate {
    /// An object the cloud made at `created_at`.
    pub fn made_at(id: impl Into<String>, created_at: DateTime<Utc>) -> Self {
        Candidate {
            id: id.into(),
            created_at: Some(created_at),
            unique_name: false,
        }
    }

    /// An object the cloud dated `created`: RFC 3339, or without an offset meaning UTC (as
    /// Cinder writes it). `None` when the text is no time: such an object cannot be adopted.
    pub fn dated(id: impl Into<String>, created: &str) -> Option<Self> {
        let at = DateTime::parse_from_rfc3339(created)
            .map(|t| t.with_timezone(&Utc))
            .or_else(|_| {
                chrono::NaiveDateTime::parse_from_str(created, "%Y-%m-%dT%H:%M:%S%.f")
                    .map(|t| t.and_utc())
            })
            .ok()?;
        Some(Candidate::made_at(id, at))
    }

    /// An object whose name only this create used (a random suffix), so it is the create's.
    pub fn uniquely_named(id: impl Into<String>) -> Self {
        Candidate {
            id: id.into(),
            created_at: None,
            unique_name: true,
        }
    }

    /// Whether the create that started at `started` may have made it.
    fn may_be_from(&self, started: DateTime<Utc>) -> bool {
        self.unique_name || self.created_at.is_some_and(|at| at >= started - CLOCK_SKEW)
    }
}

/// What a create ended with: the cloud's answer, or the id of the object it made whose answer
/// was lost.
#[derive(Debug)]
pub(crate) enum Created<T> {
    /// The answer to the create.
    Answered(T),
    /// The id of the object found after the answer was lost.
    Adopted(String),
}

impl<T> Created<T> {
    /// The new object's id, taking it from the answer with `id_of`.
    pub fn id(&self, id_of: impl Fn(&T) -> String) -> String {
        match self {
            Created::Answered(answer) => id_of(answer),
            Created::Adopted(id) => id.clone(),
        }
    }
}

/// Whether an error of a create leaves its outcome open: the answer was lost, or a server
/// error came from between us and the API (it may have been processed).
pub(crate) fn outcome_open(error: &Error) -> bool {
    error.is_outcome_unknown() || matches!(error.status(), Some(500 | 502 | 504))
}

/// Sends `create`; when its outcome is open (see [`outcome_open`]), adopts what `find`
/// reports the create made, or sends the create again, after a growing pause, when it made
/// nothing. `id_of` reads the new id from an answer. `what` names the object in messages
/// ("network \"app\"").
pub(crate) async fn create_once<T, C, CF, F, FF>(
    what: &str,
    create: C,
    id_of: impl Fn(&T) -> String,
    find: F,
) -> Result<Created<T>>
where
    C: FnMut() -> CF,
    CF: Future<Output = Result<T>>,
    F: FnMut() -> FF,
    FF: Future<Output = Result<Vec<Candidate>>>,
{
    create_once_in("", Duration::ZERO, what, create, id_of, find).await
}

/// [`create_once`] for ids that are unique only within `scope` (IONOS numbers LANs within
/// their data center, and numbers freed by a delete come back: ids are claimed per scope),
/// and for a cloud that makes the object some time after it accepted the create (a job
/// queue): what a lost create made may take up to `settle` to show, so finding nothing counts
/// only after that long.
pub(crate) async fn create_once_in<T, C, CF, F, FF>(
    scope: &str,
    settle: Duration,
    what: &str,
    mut create: C,
    id_of: impl Fn(&T) -> String,
    find: F,
) -> Result<Created<T>>
where
    C: FnMut() -> CF,
    CF: Future<Output = Result<T>>,
    F: FnMut() -> FF,
    FF: Future<Output = Result<Vec<Candidate>>>,
{
    let started = Utc::now();
    let doing = format!("creating {what}");
    // Shared by each look's future (which outlives the closure's borrow).
    let find = tokio::sync::Mutex::new(find);
    let made = send_until_found(&doing, &mut create, || {
        let find = &find;
        async move { adopt(scope, what, started, settle, &mut *find.lock().await).await }
    })
    .await?;
    match made {
        Created::Answered(answer) => {
            claim(&claim_key(scope, &id_of(&answer)));
            Ok(Created::Answered(answer))
        }
        Created::Adopted(id) => {
            tracing::info!(what, id = %id, "adopted what the create made");
            Ok(Created::Adopted(id))
        }
    }
}

/// Sends a request whose effect can be seen but that cannot simply be repeated (adding a label
/// or a NIC of a name only it uses, attaching a volume): when its outcome is open, `done` tells
/// whether the effect is in place, and the request is sent again only when it is not. `Some`
/// holds the answer; `None` means the effect was found after a lost answer. `what` names the
/// request in messages ("adding label \"env\"").
pub(crate) async fn ensure_once<T, S, SF, D, DF>(
    what: &str,
    mut send: S,
    mut done: D,
) -> Result<Option<T>>
where
    S: FnMut() -> SF,
    SF: Future<Output = Result<T>>,
    D: FnMut() -> DF,
    DF: Future<Output = Result<bool>>,
{
    let found = send_until_found(what, &mut send, || {
        let check = done();
        async move { Ok(check.await?.then(String::new)) }
    })
    .await?;
    Ok(match found {
        Created::Answered(answer) => Some(answer),
        Created::Adopted(_) => None,
    })
}

/// Sends `send` until it is answered, or (when an outcome is open) `look` finds what it did;
/// at most [`SENDS`] times, after a pause that doubles from [`FIRST_RESEND_PAUSE`]. `doing`
/// names the request in messages ("creating network \"a\"").
async fn send_until_found<T, S, SF, L, LF>(
    doing: &str,
    send: &mut S,
    mut look: L,
) -> Result<Created<T>>
where
    S: FnMut() -> SF,
    SF: Future<Output = Result<T>>,
    L: FnMut() -> LF,
    LF: Future<Output = Result<Option<String>>>,
{
    let mut sent = 1;
    loop {
        let error = match send().await {
            Ok(answer) => return Ok(Created::Answered(answer)),
            Err(error) if outcome_open(&error) => error,
            Err(error) => return Err(error),
        };
        tracing::info!(doing, error = %error, "the outcome is unknown; looking for what the request did");
        if let Some(found) = look().await.map_err(|e| {
            e.context(format!(
                "{doing}: looking for what was done after the answer was lost"
            ))
        })? {
            return Ok(Created::Adopted(found));
        }
        if sent == SENDS {
            return Err(error.context(format!(
                "{doing}: sent {SENDS} times, no answer came back and nothing was done"
            )));
        }
        let pause = FIRST_RESEND_PAUSE * 2u32.pow(sent - 1);
        sent += 1;
        tracing::info!(
            doing,
            sent,
            pause_ms = pause.as_millis() as u64,
            "the request did nothing; sending it again"
        );
        tokio::time::sleep(pause).await;
    }
}

/// The objects among `items` (JSON as the cloud lists them) that `wanted` accepts, as
/// candidates dated by the time at JSON pointer `created` (`/createdAt`); those without a
/// readable time are left out.
pub(crate) fn dated_among(
    items: &[Value],
    created: &str,
    wanted: impl Fn(&Value) -> bool,
) -> Vec<Candidate> {
    items
        .iter()
        .filter(|item| wanted(item))
        .filter_map(|item| {
            let id = item["id"].as_str()?;
            Candidate::dated(id, item.pointer(created)?.as_str()?)
        })
        .collect()
}

/// Whether a read found its object: `false` for not found, other errors stay errors (for the
/// checks of [`ensure_once`]).
pub(crate) fn exists<T>(read: Result<T>) -> Result<bool> {
    match read {
        Ok(_) => Ok(true),
        Err(error) if error.is_not_found() => Ok(false),
        Err(error) => Err(error),
    }
}

/// A random token of 16 hex digits, for a name or label that only one create uses (so that
/// [`Candidate::uniquely_named`] can find it).
pub(crate) fn token() -> String {
    format!("{:016x}", rand::random::<u64>())
}

/// Looks for the object a create started at `started` made: `Some(id)` when exactly one
/// unclaimed candidate may be it, `None` when none shows within `settle`, an error when
/// several stay after a few looks.
async fn adopt<F, FF>(
    scope: &str,
    what: &str,
    started: DateTime<Utc>,
    settle: Duration,
    find: &mut F,
) -> Result<Option<String>>
where
    F: FnMut() -> FF,
    FF: Future<Output = Result<Vec<Candidate>>>,
{
    let looking_since = std::time::Instant::now();
    let mut look = 1;
    loop {
        let candidates: Vec<Candidate> = find()
            .await?
            .into_iter()
            .filter(|c| c.may_be_from(started) && !is_claimed(&claim_key(scope, &c.id)))
            .collect();
        match candidates.as_slice() {
            [] if looking_since.elapsed() >= settle => return Ok(None),
            [] => {
                tokio::time::sleep(LOOK_PAUSE).await;
                continue;
            }
            // Claimed meanwhile by another create: the next look leaves it out.
            [only] if claim(&claim_key(scope, &only.id)) => return Ok(Some(only.id.clone())),
            [_] => {}
            several if look == LOOKS => {
                let ids: Vec<&str> = several.iter().map(|c| c.id.as_str()).collect();
                return Err(Error::new(
                    ErrorKind::Conflict,
                    format!(
                        "creating {what}: the answer was lost, and {} objects that this create \
                         may have made exist ({}); import the right one and delete the others",
                        ids.len(),
                        ids.join(", ")
                    ),
                ));
            }
            _ => {}
        }
        look += 1;
        tokio::time::sleep(LOOK_PAUSE).await;
    }
}

/// What is claimed for object `id` in `scope`.
fn claim_key(scope: &str, id: &str) -> String {
    if scope.is_empty() {
        id.to_string()
    } else {
        format!("{scope} {id}")
    }
}

/// Ids that a create in this process has returned or adopted.
fn claimed() -> &'static Mutex<HashSet<String>> {
    static CLAIMED: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    CLAIMED.get_or_init(Default::default)
}

/// Records `id` as the result of a create; false when another create had it already.
fn claim(id: &str) -> bool {
    claimed()
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .insert(id.to_string())
}

fn is_claimed(id: &str) -> bool {
    claimed()
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .contains(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    fn lost() -> Error {
        Error::new(ErrorKind::Api, "connection reset").with_outcome_unknown()
    }

    #[tokio::test]
    async fn an_answer_is_returned_and_claimed() {
        let made = create_once(
            "network \"a\"",
            || async { Ok("net-answer-1".to_string()) },
            |id: &String| id.clone(),
            || async { Ok(vec![]) },
        )
        .await
        .unwrap();
        assert!(matches!(made, Created::Answered(ref id) if id == "net-answer-1"));
        assert!(is_claimed("net-answer-1"));
    }

    #[tokio::test]
    async fn a_lost_answer_adopts_the_one_fresh_object() {
        let sends = AtomicU32::new(0);
        let made = create_once(
            "volume \"v\"",
            || async {
                sends.fetch_add(1, Ordering::SeqCst);
                Err::<String, _>(lost())
            },
            |id: &String| id.clone(),
            || async {
                Ok(vec![
                    // A volume of the same name from yesterday is not this create's.
                    Candidate::made_at("old-vol", Utc::now() - chrono::Duration::days(1)),
                    Candidate::made_at("new-vol", Utc::now()),
                ])
            },
        )
        .await
        .unwrap();
        assert_eq!(made.id(|s: &String| s.clone()), "new-vol");
        assert_eq!(sends.load(Ordering::SeqCst), 1, "adopted, not sent again");
    }

    #[tokio::test]
    async fn nothing_made_means_sending_again() {
        let sends = AtomicU32::new(0);
        let made = create_once(
            "group \"g\"",
            || async {
                if sends.fetch_add(1, Ordering::SeqCst) == 0 {
                    Err(Error::new(ErrorKind::Api, "bad gateway").with_status(502))
                } else {
                    Ok("group-second-send".to_string())
                }
            },
            |id: &String| id.clone(),
            || async { Ok(vec![]) },
        )
        .await
        .unwrap();
        assert_eq!(made.id(|s: &String| s.clone()), "group-second-send");
        assert_eq!(sends.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_slow_cloud_is_given_time_to_show_what_it_made() {
        let looks = AtomicU32::new(0);
        let made = create_once_in(
            "",
            Duration::from_secs(5),
            "server \"queued\"",
            || async { Err::<String, _>(lost()) },
            |id: &String| id.clone(),
            || async {
                // The job makes the server only by the third look.
                match looks.fetch_add(1, Ordering::SeqCst) {
                    0 | 1 => Ok(vec![]),
                    _ => Ok(vec![Candidate::made_at("queued-server", Utc::now())]),
                }
            },
        )
        .await
        .unwrap();
        assert_eq!(made.id(|s: &String| s.clone()), "queued-server");
    }

    #[tokio::test]
    async fn other_errors_are_not_retried() {
        let sends = AtomicU32::new(0);
        let error = create_once(
            "group \"g\"",
            || async {
                sends.fetch_add(1, Ordering::SeqCst);
                Err::<String, _>(Error::new(ErrorKind::QuotaExceeded, "quota").with_status(413))
            },
            |id: &String| id.clone(),
            || async { panic!("nothing to look for") },
        )
        .await
        .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::QuotaExceeded);
        assert_eq!(sends.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn cloud_timestamps_are_read() {
        let zulu = Candidate::dated("a", "2026-11-27T02:00:00Z").unwrap();
        let naive = Candidate::dated("b", "2026-11-27T02:00:00.123456").unwrap();
        let offset = Candidate::dated("c", "2026-11-27T03:00:00+01:00").unwrap();
        assert_eq!(zulu.created_at, offset.created_at);
        assert!(naive.created_at > zulu.created_at);
        assert!(Candidate::dated("d", "yesterday").is_none());
    }

    #[tokio::test]
    async fn claimed_ids_are_never_adopted_twice() {
        claim("sibling-server");
        let made = create_once(
            "server \"s\"",
            || async { Err::<String, _>(lost()) },
            |id: &String| id.clone(),
            || async {
                Ok(vec![
                    Candidate::made_at("sibling-server", Utc::now()),
                    Candidate::uniquely_named("own-server"),
                ])
            },
        )
        .await
        .unwrap();
        assert_eq!(made.id(|s: &String| s.clone()), "own-server");
    }

    #[tokio::test]
    async fn ids_are_claimed_within_their_scope() {
        claim(&claim_key("dc-a", "1"));
        let made = create_once_in(
            "dc-b",
            Duration::ZERO,
            "LAN \"n\"",
            || async { Err::<String, _>(lost()) },
            |id: &String| id.clone(),
            || async { Ok(vec![Candidate::made_at("1", Utc::now())]) },
        )
        .await
        .unwrap();
        assert_eq!(made.id(|s: &String| s.clone()), "1");
        assert!(is_claimed(&claim_key("dc-b", "1")));
    }

    #[tokio::test]
    async fn several_matches_are_a_conflict_naming_them() {
        let error = create_once(
            "server \"twin\"",
            || async { Err::<String, _>(lost()) },
            |id: &String| id.clone(),
            || async {
                Ok(vec![
                    Candidate::made_at("twin-a", Utc::now()),
                    Candidate::made_at("twin-b", Utc::now()),
                ])
            },
        )
        .await
        .unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Conflict);
        assert!(error.message().contains("twin-a, twin-b"), "{error}");
    }

    #[tokio::test]
    async fn an_effect_found_after_a_lost_answer_is_not_repeated() {
        let sends = AtomicU32::new(0);
        let done = ensure_with_lost_answers(&sends, true).await.unwrap();
        assert_eq!(done, None);
        assert_eq!(sends.load(Ordering::SeqCst), 1);
        let sends = AtomicU32::new(0);
        let error = ensure_with_lost_answers(&sends, false).await.unwrap_err();
        assert!(error.is_outcome_unknown(), "{error}");
        assert!(
            error.message().contains(&format!("sent {SENDS} times")),
            "{error}"
        );
        assert_eq!(sends.load(Ordering::SeqCst), SENDS);
    }

    /// `ensure_once` of a request whose answer is always lost; `took_effect` is what the check
    /// finds.
    async fn ensure_with_lost_answers(
        sends: &AtomicU32,
        took_effect: bool,
    ) -> Result<Option<String>> {
        ensure_once(
            "adding label \"env\"",
            || async {
                sends.fetch_add(1, Ordering::SeqCst);
                Err::<String, _>(lost())
            },
            || async move { Ok(took_effect) },
        )
        .await
    }

    #[test]
    fn listed_objects_are_dated_or_left_out() {
        let items = [
            serde_json::json!({"id": "a", "name": "x", "createdAt": "2026-01-02T03:04:05Z"}),
            serde_json::json!({"id": "b", "name": "x"}),
            serde_json::json!({"id": "c", "name": "y", "createdAt": "2026-01-02T03:04:05Z"}),
        ];
        let found = dated_among(&items, "/createdAt", |item| item["name"] == "x");
        assert_eq!(
            found,
            [Candidate::dated("a", "2026-01-02T03:04:05Z").unwrap()]
        );
        assert_eq!(token().len(), 16);
        assert_ne!(token(), token());
    }
}
