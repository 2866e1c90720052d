//! The checks of each exercise (see the module above).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use nncore::Rng;

use super::Problem;
use super::judged::{Subject, reference_answer};
use super::source::{self, Function};
use crate::book;
use crate::cases::{self, Case};
use crate::catalog::{Catalog, Chapter, Exercise};
use crate::outcome::Status;
use crate::spec::Spec;

/// A chapter file read as text with its `pub fn`s (None if unreadable).
struct Source {
    shown: String,
    text: String,
    functions: Vec<Function>,
}

fn read(root: &Path, relative: &str) -> std::result::Result<Source, Problem> {
    let text = std::fs::read_to_string(root.join(relative))
        .map_err(|e| Problem::new(relative, format!("no se pudo leer: {e}")))?;
    Ok(Source {
        shown: relative.to_string(),
        functions: source::functions(&text),
        text,
    })
}

pub fn exercises(
    root: &Path,
    catalog: &Catalog,
    specs: &[&Spec],
    seeds: &[u64],
) -> Result<Vec<Problem>> {
    let mut problems = Vec::new();
    for spec in specs {
        if catalog.find(&spec.qualified_id()).is_none() {
            problems.push(Problem::new(
                spec.qualified_id(),
                "tiene casos ocultos en grader/src/course/ pero no está en el catálogo",
            ));
        }
    }
    let judged = judge_all(catalog, specs, seeds);
    let mut books = BTreeMap::new();
    for chapter in &catalog.chapters {
        let stub = read(root, &format!("exercises/src/{}.rs", chapter.id));
        let solution = read(root, &format!("solutions/src/{}.rs", chapter.id));
        for s in [&stub, &solution] {
            if let Err(p) = s {
                problems.push(p.clone());
            }
        }
        if let Ok(solution) = &solution {
            for f in solution.functions.iter().filter(|f| f.marked) {
                if !chapter.exercises.iter().any(|e| e.id == f.name) {
                    problems.push(Problem::new(
                        format!("{}::{}", chapter.id, f.name),
                        format!(
                            "{} lo marca como ejercicio (`// exercise`) pero el catálogo no lo corrige",
                            solution.shown
                        ),
                    ));
                }
            }
        }
        let book = books
            .entry(chapter.book.clone())
            .or_insert_with(|| std::fs::read_to_string(root.join("book/src").join(&chapter.book)));
        for exercise in &chapter.exercises {
            let place = format!("{}::{}", chapter.id, exercise.id);
            let mut say = |what: String| problems.push(Problem::new(&place, what));
            if let Ok(stub) = &stub {
                check_stub(stub, exercise, &mut say);
            }
            if let Ok(solution) = &solution {
                check_solution(solution, exercise, &mut say);
            }
            check_catalog_entry(catalog, chapter, exercise, book, &mut say);
            match specs.iter().find(|s| s.qualified_id() == place) {
                None => say(format!(
                    "no tiene casos ocultos ni errores conocidos: falta su `Spec` en grader/src/course/{}/",
                    chapter.id
                )),
                Some(_) => {
                    for what in judged.get(&place).into_iter().flatten() {
                        say(what.clone());
                    }
                }
            }
        }
    }
    Ok(problems)
}

fn check_stub(stub: &Source, exercise: &Exercise, say: &mut impl FnMut(String)) {
    match source::find(&stub.functions, &exercise.id) {
        None => say(format!("{} no tiene `pub fn {}`", stub.shown, exercise.id)),
        Some(f) if !source::is_stub(&stub.text, f) => say(format!(
            "en {} ya no es un stub: su cuerpo tiene que ser `todo!(\"{}\")` (¿se resolvió el ejercicio en el archivo del estudiante? `cargo xtask gen` lo regenera)",
            stub.shown, exercise.id
        )),
        Some(_) => {}
    }
}

fn check_solution(solution: &Source, exercise: &Exercise, say: &mut impl FnMut(String)) {
    match source::find(&solution.functions, &exercise.id) {
        None => say(format!(
            "falta la solución de referencia: {} no tiene `pub fn {}`",
            solution.shown, exercise.id
        )),
        Some(f) if source::has_todo(&solution.text, f) => say(format!(
            "la solución de referencia en {} todavía tiene `todo!()`",
            solution.shown
        )),
        Some(f) if !f.marked => say(format!(
            "en {} falta la marca `// exercise` justo arriba de `pub fn {}`",
            solution.shown, exercise.id
        )),
        Some(_) => {}
    }
}

fn check_catalog_entry(
    catalog: &Catalog,
    chapter: &Chapter,
    exercise: &Exercise,
    book: &std::io::Result<String>,
    say: &mut impl FnMut(String),
) {
    if exercise.hints.iter().all(|h| h.trim().is_empty()) {
        say("no tiene pistas (`hints` en el catálogo)".into());
    }
    match book {
        Err(e) => say(format!(
            "no se pudo leer el capítulo del libro book/src/{}: {e}",
            chapter.book
        )),
        Ok(markdown) if !book::heading_ids(markdown).contains(&book::anchor(&exercise.section)) => {
            say(format!(
                "la sección «{}» no existe en book/src/{}",
                exercise.section, chapter.book
            ))
        }
        Ok(_) => {}
    }
    if exercise.cases.is_empty() {
        say("no tiene casos públicos (`cases` en el catálogo)".into());
    }
    if exercise.hidden_cases(&catalog.defaults) == 0 {
        say("no tiene casos ocultos (`hidden_cases` es 0)".into());
    }
}

/// What [`check_judging`] finds in each exercise that has a spec, by
/// `chapter::exercise`: judged on every core at once (the reference and
/// each known mistake on every seed is most of the check's time).
fn judge_all(catalog: &Catalog, specs: &[&Spec], seeds: &[u64]) -> BTreeMap<String, Vec<String>> {
    let subjects: Vec<Subject> = catalog
        .chapters
        .iter()
        .flat_map(|chapter| chapter.exercises.iter().map(move |e| (chapter, e)))
        .filter_map(|(chapter, exercise)| {
            let place = format!("{}::{}", chapter.id, exercise.id);
            let spec = specs.iter().find(|s| s.qualified_id() == place)?;
            Some(Subject {
                catalog,
                chapter,
                exercise,
                spec,
            })
        })
        .collect();
    let (judged, _) = crate::grade::pool::run::<_, _, ()>(
        &subjects,
        crate::grade::pool::workers(),
        &|| false,
        &|subject| {
            let mut found = Vec::new();
            check_judging(subject, seeds, &mut |what| found.push(what));
            Ok((subject.spec.qualified_id(), found))
        },
    );
    judged.into_iter().collect()
}

fn check_judging(subject: &Subject, seeds: &[u64], say: &mut impl FnMut(String)) {
    let Subject {
        catalog,
        exercise,
        spec,
        ..
    } = subject;
    if crate::cases::boundary(spec).is_empty() {
        say("no tiene casos de borde (el campo `boundary` de su `Spec`)".to_string());
    }
    let wanted = exercise.hidden_cases(&catalog.defaults);
    let made = (spec.hidden)(&mut Rng::new(1), wanted).len();
    if made != wanted {
        say(format!(
            "el generador de casos ocultos hace {made} casos y el catálogo pide {wanted}"
        ));
    }
    for &seed in seeds {
        match subject.judge(seed, &reference_answer(spec)) {
            Err(e) => return say(format!("semilla {seed}: {e:#}")),
            Ok(o) if o.status != Status::Passed => {
                return say(format!(
                    "la solución de referencia no pasa con la semilla {seed}: {}",
                    o.summary
                ));
            }
            Ok(_) => {}
        }
    }
    for mistake in &spec.mistakes {
        if mistake.diagnosis.trim().is_empty() {
            say("un error conocido no tiene diagnóstico".into());
            continue;
        }
        for &seed in seeds {
            let reference = reference_answer(spec);
            let answer =
                |case: &Case| (mistake.answer)(&case.input).unwrap_or_else(|| reference(case));
            let Ok(outcome) = subject.judge(seed, &answer) else {
                break;
            };
            let named = outcome
                .failure
                .as_ref()
                .and_then(|f| f.diagnosis.as_deref());
            if outcome.status != Status::Wrong {
                say(format!(
                    "el error conocido «{}» no se detecta (semilla {seed})",
                    mistake.diagnosis
                ));
                break;
            }
            if named != Some(mistake.diagnosis) {
                say(format!(
                    "el error conocido «{}» se detecta pero el diagnóstico es {} (semilla {seed})",
                    mistake.diagnosis,
                    named.map_or("ninguno".to_string(), |n| format!("«{n}»"))
                ));
                break;
            }
        }
    }
    if let Some(first) = exercise.cases.first()
        && let Ok(cases) = cases::cases(catalog, exercise, spec, seeds[0])
        && let Some(case) = cases.first()
    {
        let fixed = reference_answer(spec)(case);
        if let Ok(o) = subject.judge(seeds[0], &|_| fixed.clone())
            && o.status == Status::Passed
        {
            say(format!(
                "devolver la respuesta de «{}» para toda entrada pasa: faltan casos que lo distingan",
                first.name
            ));
        }
    }
}
