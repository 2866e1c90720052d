//! The progress of a batch on stderr: one bar redrawn in place on a
//! terminal, one plain line per submission otherwise (a log, CI).
//!
//! Written by hand rather than with a progress-bar crate: it is one line,
//! and the grader is part of every student's first build.

use std::io::{IsTerminal, Write};
use std::sync::Mutex;
use std::time::Instant;

use crate::report::inert;

pub struct Progress {
    total: usize,
    terminal: bool,
    started: Instant,
    state: Mutex<(usize, usize)>,
}

impl Progress {
    /// `done` submissions of `total` are already graded (a resumed batch).
    pub fn new(total: usize, done: usize) -> Self {
        Self {
            total,
            terminal: std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            started: Instant::now(),
            state: Mutex::new((done, 0)),
        }
    }

    /// One more submission graded (or kept from an earlier run).
    pub fn finished(&self, student: &str, line: &str, regraded: bool) {
        let Ok(mut state) = self.state.lock() else {
            return;
        };
        state.0 += 1;
        if regraded {
            state.1 += 1;
        }
        let (done, graded) = *state;
        let student = inert::line(student);
        let mut err = std::io::stderr().lock();
        if self.terminal {
            let width = 30;
            let filled = (done * width).checked_div(self.total).unwrap_or(width);
            let elapsed = self.started.elapsed().as_secs_f64();
            let eta = if graded > 0 && done < self.total {
                let each = elapsed / graded as f64;
                format!(", faltan ~{:.0} s", each * (self.total - done) as f64)
            } else {
                String::new()
            };
            let _ = write!(
                err,
                "\r\x1b[2K[{}{}] {done}/{} ({elapsed:.0} s{eta}) {student}: {line}",
                "#".repeat(filled),
                "-".repeat(width - filled),
                self.total,
            );
            if done == self.total {
                let _ = writeln!(err);
            }
        } else {
            let _ = writeln!(err, "[{done}/{}] {student}: {line}", self.total);
        }
    }
}
