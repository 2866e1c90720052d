//! The harness's main loop. It runs inside the untrusted process, next to the
//! student's chapter file, and only *runs* code: it never sees an expected
//! value and never judges.
//!
//! Its command line and the lines it writes are defined in `protocol.rs`,
//! which the driver reads with. For each case, in order, it appends one line
//! to the results file and flushes it before the next case starts.
//!
//! The student's functions run on a thread of their own with an 8 MiB
//! stack, so that a stack overflow is reported as such (the main thread's
//! guard page is found through `/proc/self/maps`, which the sandbox hides).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

use serde_json::Value;

#[path = "protocol.rs"]
mod protocol;

use protocol::{Invocation, Line, RawCase};

pub type Dispatch = fn(&str, &Value) -> Result<Value, String>;

const STACK_BYTES: usize = 8 * 1024 * 1024;

pub fn run(dispatch: Dispatch, identity: &'static str) {
    let Some(Invocation {
        exercise,
        cases: cases_path,
        results: results_path,
        identity: wanted,
    }) = Invocation::from_args(std::env::args_os().skip(1))
    else {
        eprintln!("{}", protocol::USAGE);
        std::process::exit(2);
    };
    let cases: Vec<Value> = match std::fs::read_to_string(&cases_path)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
    {
        Ok(cases) => cases,
        Err(e) => {
            eprintln!(
                "programa de prueba: no se pudo leer {}: {e}",
                cases_path.display()
            );
            std::process::exit(2);
        }
    };
    let mut results = match OpenOptions::new().append(true).open(&results_path) {
        Ok(file) => file,
        Err(e) => {
            eprintln!(
                "programa de prueba: no se pudo abrir {}: {e}",
                results_path.display()
            );
            std::process::exit(2);
        }
    };
    write_line(&mut results, &Line::Identity(identity.to_string()));
    if wanted != identity {
        eprintln!("programa de prueba: compilado para {identity}, no para {wanted}");
        std::process::exit(3);
    }
    let worker = std::thread::Builder::new()
        .name("ejercicio".into())
        .stack_size(STACK_BYTES)
        .spawn(move || run_cases(dispatch, &exercise, &cases, &mut results));
    match worker.map(|w| w.join()) {
        Ok(Ok(())) => {}
        _ => {
            eprintln!("programa de prueba: no se pudo correr los casos");
            std::process::exit(2);
        }
    }
}

fn run_cases(dispatch: Dispatch, exercise: &str, cases: &[Value], results: &mut File) {
    // Panics are reported as results, not printed: keep the message and place.
    let last_panic: Arc<Mutex<Option<(String, String)>>> = Arc::default();
    let slot = Arc::clone(&last_panic);
    panic::set_hook(Box::new(move |info| {
        let message = payload_text(info.payload());
        let location = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        if let Ok(mut slot) = slot.lock() {
            *slot = Some((message, location));
        }
    }));

    for (i, input) in cases.iter().enumerate() {
        let outcome = panic::catch_unwind(AssertUnwindSafe(|| dispatch(exercise, input)));
        let result = match outcome {
            Ok(Ok(output)) => RawCase::Output(output),
            Ok(Err(internal)) => RawCase::Internal(internal),
            Err(payload) => {
                let (message, location) = last_panic
                    .lock()
                    .ok()
                    .and_then(|mut p| p.take())
                    .unwrap_or_else(|| (payload_text(&*payload), String::new()));
                let todo = message.starts_with("not yet implemented");
                RawCase::Panic {
                    message,
                    location,
                    todo,
                }
            }
        };
        let stop = result.is_todo();
        write_line(results, &Line::Case { index: i, result });
        if stop {
            return;
        }
    }
    write_line(results, &Line::Done(cases.len()));
}

fn write_line(file: &mut File, line: &Line) {
    let text = format!("{}\n", line.encode());
    if file.write_all(text.as_bytes()).and_then(|()| file.flush()).is_err() {
        eprintln!("programa de prueba: no se pudieron escribir los resultados");
        std::process::exit(2);
    }
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "pánico sin mensaje".to_string()
    }
}
