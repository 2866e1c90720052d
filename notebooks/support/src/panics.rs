//! Running a function so that its panic is caught and described, not printed.

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;

/// A caught panic: its message and where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanicNote {
    pub message: String,
    /// `file:line:column`, shortened to `<crate>/src/…`.
    pub location: Option<String>,
}

thread_local! {
    static LAST_PANIC: RefCell<Option<PanicNote>> = const { RefCell::new(None) };
}

/// Held while the panic hook is swapped, so that two threads doing it at
/// once (tests) cannot leave the quiet hook installed for good.
static HOOK: Mutex<()> = Mutex::new(());

/// Calls `f`, catching a panic. While `f` runs, the panic hook only records
/// the message and location (the default hook would print them on stderr,
/// which a notebook shows in red); the previous hook is restored afterwards.
pub fn run_quietly<T>(f: impl FnOnce() -> T) -> Result<T, PanicNote> {
    let _swapping = HOOK.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let previous = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        let note = PanicNote {
            message: info
                .payload_as_str()
                .unwrap_or("(pánico sin mensaje)")
                .to_string(),
            location: info
                .location()
                .map(|l| format!("{}:{}:{}", short_path(l.file()), l.line(), l.column())),
        };
        LAST_PANIC.with(|p| *p.borrow_mut() = Some(note));
    }));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    panic::set_hook(previous);
    result.map_err(|payload| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| PanicNote {
                message: payload
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(pánico sin mensaje)".to_string()),
                location: None,
            })
    })
}

/// Whether a panic message is the one of `todo!()` or `unimplemented!()`:
/// `None` if not; `Some(Some(name))` when the message names the function
/// that is missing (the stubs write `todo!("name")`), `Some(None)` when it
/// names none.
pub fn pending_function(message: &str) -> Option<Option<&str>> {
    ["not yet implemented", "not implemented"]
        .iter()
        .find_map(|prefix| message.strip_prefix(prefix))
        .and_then(|rest| match rest.strip_prefix(':') {
            Some(name) => Some(Some(name.trim()).filter(|n| !n.is_empty())),
            None if rest.is_empty() => Some(None),
            None => None,
        })
}

/// `/home/ana/nn/exercises/src/perceptron.rs` → `exercises/src/perceptron.rs`:
/// the last `<crate>/src/…` part of a path, with `/` separators.
fn short_path(file: &str) -> String {
    let file = file.replace('\\', "/");
    match file.rfind("/src/") {
        Some(src) => {
            let crate_start = file[..src].rfind('/').map_or(0, |i| i + 1);
            file[crate_start..].to_string()
        }
        None => file,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn todo_messages_are_pending() {
        assert_eq!(pending_function("not yet implemented"), Some(None));
        assert_eq!(
            pending_function("not yet implemented: sign"),
            Some(Some("sign"))
        );
        assert_eq!(
            pending_function("not implemented: train"),
            Some(Some("train"))
        );
        assert_eq!(pending_function("not yet implemented: "), Some(None));
        assert_eq!(pending_function("index out of bounds"), None);
        assert_eq!(pending_function("not yet implementedish"), None);
    }

    #[test]
    fn catches_and_describes_a_panic() {
        let v: Vec<f64> = Vec::new();
        let note = run_quietly(|| v[3]).unwrap_err();
        assert!(note.message.contains("index out of bounds"), "{note:?}");
        let location = note.location.expect("a location");
        assert!(
            location.starts_with("notebook-support/src/panics.rs:")
                || location.starts_with("support/src/panics.rs:"),
            "{location}"
        );
        assert_eq!(run_quietly(|| 2 + 2), Ok(4));
    }

    #[test]
    fn the_previous_hook_comes_back() {
        // After a quiet run, a new panic goes to whatever hook was there.
        let _ = run_quietly(|| panic!("uno"));
        let again = run_quietly(|| panic!("dos {}", 2)).unwrap_err();
        assert_eq!(again.message, "dos 2");
    }

    #[test]
    fn shortens_paths() {
        assert_eq!(
            short_path("/home/ana/nn/exercises/src/perceptron.rs"),
            "exercises/src/perceptron.rs"
        );
        assert_eq!(
            short_path(r"C:\nn\exercises\src\xor.rs"),
            "exercises/src/xor.rs"
        );
        assert_eq!(short_path("src/lib.rs"), "src/lib.rs");
        assert_eq!(short_path("lib.rs"), "lib.rs");
    }
}
