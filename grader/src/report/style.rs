//! Terminal colours: only on a terminal, and never when NO_COLOR is set.

use std::io::IsTerminal;

use crate::outcome::Status;

#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
}

impl Style {
    pub fn for_stdout() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Self {
            color: !no_color && std::io::stdout().is_terminal(),
        }
    }

    pub fn plain() -> Self {
        Self { color: false }
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.color {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
    pub fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
    pub fn green(&self, text: &str) -> String {
        self.paint("32", text)
    }
    pub fn red(&self, text: &str) -> String {
        self.paint("31", text)
    }
    pub fn yellow(&self, text: &str) -> String {
        self.paint("33", text)
    }

    /// The status's mark and word (padded to `width`), coloured.
    pub fn status(&self, status: Status, width: usize) -> (String, String) {
        let (mark, paint): (&str, fn(&Self, &str) -> String) = match status {
            Status::Passed => ("✔", Self::green),
            Status::Pending => ("·", Self::dim),
            Status::TimedOut => ("⏱", Self::yellow),
            Status::Wrong
            | Status::Crashed
            | Status::CompileError
            | Status::Missing
            | Status::UsesOtherFile
            | Status::InternalError => ("✘", Self::red),
        };
        (
            paint(self, mark),
            paint(self, &format!("{:<width$}", status.label())),
        )
    }
}
