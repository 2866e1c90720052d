//! Helpers for the workbook's Jupyter notebooks (evcxr Rust kernel).
//!
//! A notebook cell calls one of the student's functions next to the
//! reference one with [`check!`]:
//!
//! ```text
//! check!(perceptron => weighted_sum(&[1.2, 0.7], &[3.0, 4.0], -2.0));
//! ```
//!
//! runs `exercises::perceptron::weighted_sum` and
//! `solutions::perceptron::weighted_sum` with the same arguments and prints,
//! in Spanish, both results and what they mean: equal, different, still
//! pending (`todo!()`), or panicked. A panic never escapes: a student who has
//! not written the function yet sees «pendiente», not a stack of red text.
//! [`show_svg`] shows a figure with evcxr's display protocol.
//!
//! The crate has no dependencies, so that the first cell of a notebook, which
//! compiles it, stays quick.

mod panics;
mod render;
mod similar;
mod svg;

use std::cell::RefCell;
use std::fmt::Debug;

pub use svg::show_svg;

/// Which function a cell calls, and with what: as written in the cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Call<'a> {
    /// The chapter module, as in `exercises/src/<chapter>.rs`.
    pub chapter: &'a str,
    /// The function's name.
    pub function: &'a str,
    /// The arguments' source text.
    pub args: &'a str,
    /// The closure that picks what to show of the result (source text), or
    /// `""` to show all of it.
    pub shown: &'a str,
}

/// What a [`check!`] found out about the student's function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The same value as the reference (numbers within 1e-9).
    Same,
    /// A different value.
    Different,
    /// The function (or one it calls, `missing`) still has `todo!()`.
    Pending { missing: String },
    /// The function panicked.
    Crashed { message: String },
    /// The reference itself panicked with these arguments: the cell's data
    /// do not fit the exercise (a student may have changed them).
    ReferenceFailed { message: String },
}

thread_local! {
    static VERDICTS: RefCell<Vec<(String, Verdict)>> = const { RefCell::new(Vec::new()) };
}

/// The verdicts of every [`check!`] run on this thread since the last call,
/// labelled `chapter::function`, oldest first.
pub fn take_verdicts() -> Vec<(String, Verdict)> {
    VERDICTS.with(|v| std::mem::take(&mut *v.borrow_mut()))
}

/// A result as compared (`{:?}` on one line) and as shown (the same, or
/// `{:#?}` over several lines when one line would be long, with lists of
/// numbers kept on one line).
struct Shown {
    compact: String,
    text: String,
}

/// Longest result shown on one line, in characters.
const ONE_LINE: usize = 90;

impl Shown {
    fn of(value: &impl Debug) -> Shown {
        let compact = similar::normalize(&format!("{value:?}"));
        let text = if compact.chars().count() > ONE_LINE {
            similar::collapse_number_lists(&similar::normalize(&format!("{value:#?}")))
        } else {
            compact.clone()
        };
        Shown { compact, text }
    }
}

/// Runs the reference and the student's function (each under
/// `catch_unwind`, with panic messages kept off the screen), prints both
/// results and returns the verdict. Used through [`check!`].
pub fn check_call<S: Debug, R: Debug>(
    call: Call<'_>,
    student: impl FnOnce() -> S,
    reference: impl FnOnce() -> R,
) -> Verdict {
    let reference = panics::run_quietly(reference).map(|v| Shown::of(&v));
    let student = panics::run_quietly(student).map(|v| Shown::of(&v));
    let verdict = match (&reference, &student) {
        (Err(panic), _) => Verdict::ReferenceFailed {
            message: panic.message.clone(),
        },
        (Ok(_), Err(panic)) => match panics::pending_function(&panic.message) {
            Some(missing) => Verdict::Pending {
                missing: missing.unwrap_or(call.function).to_string(),
            },
            None => Verdict::Crashed {
                message: panic.message.clone(),
            },
        },
        (Ok(want), Ok(got)) if similar::same(&want.compact, &got.compact) => Verdict::Same,
        (Ok(_), Ok(_)) => Verdict::Different,
    };
    // `stringify!` may break long arguments over several lines.
    let args = call.args.split_whitespace().collect::<Vec<_>>().join(" ");
    let shown = call.shown.split_whitespace().collect::<Vec<_>>().join(" ");
    let call = Call {
        args: &args,
        shown: &shown,
        ..call
    };
    let shown = |r: &Result<Shown, panics::PanicNote>| {
        r.as_ref().map(|s| s.text.clone()).map_err(Clone::clone)
    };
    print!(
        "{}",
        render::report(call, &shown(&reference), &shown(&student), &verdict)
    );
    VERDICTS.with(|v| {
        v.borrow_mut().push((
            format!("{}::{}", call.chapter, call.function),
            verdict.clone(),
        ))
    });
    verdict
}

/// Calls a chapter's function from the student's crate (`exercises`) and
/// from the reference (`solutions`) with the same arguments, and prints both
/// results with a verdict in Spanish:
///
/// ```text
/// check!(perceptron => sign(0.0));
/// ```
///
/// The arguments are evaluated once for each call, inside a scope where the
/// chapter's items are imported, so they may name the chapter's own types
/// (`AdamState { … }`). Returns the [`Verdict`].
///
/// A closure after the call picks what to show and compare of a large
/// result: `check!(generalization => train_xor(4, 2.0, 1000, 1), |t|
/// t.losses[999])`.
///
/// The form `check!(@crates [student path], [reference path]; chapter =>
/// f(args))` names the two crates explicitly.
#[macro_export]
macro_rules! check {
    ($chapter:ident => $function:ident ( $($args:tt)* ) $(, $($shown:tt)+)?) => {
        $crate::check!(@crates [exercises], [solutions];
            $chapter => $function($($args)*) $(, $($shown)+)?)
    };
    (@crates [$($student:tt)+], [$($reference:tt)+];
        $chapter:ident => $function:ident ( $($args:tt)* )) => {
        $crate::check!(@crates [$($student)+], [$($reference)+];
            $chapter => $function($($args)*), |whole| whole)
    };
    (@crates [$($student:tt)+], [$($reference:tt)+];
        $chapter:ident => $function:ident ( $($args:tt)* ), $($shown:tt)+) => {
        $crate::check_call(
            $crate::Call {
                chapter: stringify!($chapter),
                function: stringify!($function),
                args: stringify!($($args)*),
                shown: $crate::shown_text(stringify!($($shown)+)),
            },
            || {
                #[allow(unused_imports)]
                use $($student)+::$chapter::*;
                $crate::apply($function($($args)*), $($shown)+)
            },
            || {
                #[allow(unused_imports)]
                use $($reference)+::$chapter::*;
                $crate::apply($function($($args)*), $($shown)+)
            },
        )
    };
}

/// `shown(value)`: gives the selector of a `check!` its argument's type.
#[doc(hidden)]
pub fn apply<T, U>(value: T, shown: impl FnOnce(T) -> U) -> U {
    shown(value)
}

/// The text of a `check!`'s selector, or `""` for the one that shows the
/// whole result.
#[doc(hidden)]
pub fn shown_text(selector: &'static str) -> &'static str {
    if selector.split_whitespace().collect::<String>() == "|whole|whole" {
        ""
    } else {
        selector
    }
}
