//! Reading settings from the environment through a lookup function, so tests need not touch
//! the process environment.

/// Looks a variable up: `Some(value)` when set and not empty.
pub type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process environment as a [`Lookup`].
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The first of `names` that is set.
pub(crate) fn first(lookup: Lookup<'_>, names: &[&str]) -> Option<String> {
    names.iter().find_map(|name| lookup(name))
}
