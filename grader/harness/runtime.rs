//! The harness's main loop. It runs inside the untrusted process, next to the
//! student's chapter file, and only *runs* code: it never sees an expected
//! value and never judges.
//!
//! Usage: `<harness> <exercise-id> <cases.json> <results.jsonl> <identity>`.
//! The first line appended to `results.jsonl` is `{"identity": id}`, the
//! graded folder the harness was built for; if that is not the identity
//! asked for, nothing else runs. `cases.json` is a JSON list of inputs.
//! For each case, in order, one JSON line is appended to `results.jsonl`,
//! and flushed before the next case starts, so that the driver knows how
//! far a crashed run got: `{"case": i, "output": v}` or `{"case": i,
//! "panic": msg, "todo": bool, "location": "file:line"}`. After the last
//! case a line `{"done": n}`. A `todo!()` stops the run at once: the
//! exercise is still pending.
//!
//! The student's functions run on a thread of their own with an 8 MiB
//! stack, so that a stack overflow is reported as such (the main thread's
//! guard page is found through `/proc/self/maps`, which the sandbox hides).

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

use serde_json::{Value, json};

pub type Dispatch = fn(&str, &Value) -> Result<Value, String>;

const STACK_BYTES: usize = 8 * 1024 * 1024;

pub fn run(dispatch: Dispatch, identity: &'static str) {
    let args: Vec<String> = std::env::args().collect();
    let [_, exercise, cases_path, results_path, wanted] = args.as_slice() else {
        eprintln!(
            "uso: <programa de prueba> <ejercicio> <casos.json> <resultados.jsonl> <identidad>"
        );
        std::process::exit(2);
    };
    let cases: Vec<Value> = match std::fs::read_to_string(cases_path)
        .map_err(|e| e.to_string())
        .and_then(|text| serde_json::from_str(&text).map_err(|e| e.to_string()))
    {
        Ok(cases) => cases,
        Err(e) => {
            eprintln!("programa de prueba: no se pudo leer {cases_path}: {e}");
            std::process::exit(2);
        }
    };
    let mut results = match OpenOptions::new().append(true).open(results_path) {
        Ok(file) => file,
        Err(e) => {
            eprintln!("programa de prueba: no se pudo abrir {results_path}: {e}");
            std::process::exit(2);
        }
    };
    write_line(&mut results, &json!({ "identity": identity }));
    if wanted != identity {
        eprintln!("programa de prueba: compilado para {identity}, no para {wanted}");
        std::process::exit(3);
    }
    let exercise = exercise.clone();
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
        let line = match outcome {
            Ok(Ok(output)) => json!({ "case": i, "output": output }),
            Ok(Err(internal)) => json!({ "case": i, "internal": internal }),
            Err(payload) => {
                let (message, location) = last_panic
                    .lock()
                    .ok()
                    .and_then(|mut p| p.take())
                    .unwrap_or_else(|| (payload_text(&*payload), String::new()));
                let todo = message.starts_with("not yet implemented");
                json!({ "case": i, "panic": message, "todo": todo, "location": location })
            }
        };
        let stop = line.get("todo").and_then(Value::as_bool).unwrap_or(false);
        write_line(results, &line);
        if stop {
            return;
        }
    }
    write_line(results, &json!({ "done": cases.len() }));
}

fn write_line(file: &mut File, line: &Value) {
    let text = format!("{line}\n");
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
