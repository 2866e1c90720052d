//! The report a student reads in the terminal.

use std::fmt::Write;

use crate::catalog::Catalog;
use crate::outcome::{ExerciseOutcome, Report, Status};
use crate::report::inert;
use crate::report::style::Style;
use crate::sandbox::Summary;

#[derive(Default)]
pub struct TextOptions {
    pub verbose: bool,
    /// How to repeat this run (shown with the seed).
    pub rerun: String,
    /// Each chapter's points and maximum, when the report shows only some of
    /// its exercises (watch mode shows what changed).
    pub chapter_points: std::collections::BTreeMap<String, (u32, u32)>,
}

pub fn render(report: &Report, catalog: &Catalog, style: Style, opts: &TextOptions) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} {}",
        style.bold(&report.course),
        style.dim(&format!(
            "· {} · semilla {}",
            inert::line(&report.graded_folder),
            report.seed
        ))
    );
    out.push_str(&chapters(report, style, opts));
    let (points, max) = report.points();
    let (passed, total) = report.passed();
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{} {}",
        style.bold("Total:"),
        progress(points, max, passed, total)
    );
    let run = report.cases_run();
    if run.total() > 0 {
        let _ = writeln!(
            out,
            "{}",
            style.dim(&format!("Casos corridos: {}.", run.describe()))
        );
    }
    let reused = report.reused();
    if reused > 0 {
        let _ = writeln!(
            out,
            "{}",
            style.dim(&format!(
                "{reused} {} sin cambios desde la corrida anterior (mismo programa, mismos casos): {} su resultado.",
                if reused == 1 { "ejercicio" } else { "ejercicios" },
                if reused == 1 { "se reutilizó" } else { "se reutilizaron" }
            ))
        );
    }
    let _ = writeln!(out, "{}", style.dim(&hidden_line(report)));
    if let Some(next) = report.exercises().find(|e| e.status != Status::Passed) {
        let _ = writeln!(
            out,
            "{}",
            next_step(next, &report.graded_folder, catalog, style)
        );
    } else if total > 0 {
        let _ = writeln!(out, "{}", style.green("¡Todo correcto!"));
    }
    let _ = writeln!(out, "{}", sandbox_line(&report.sandbox, style));
    let _ = writeln!(
        out,
        "{}",
        style.dim(&format!(
            "Para repetir exactamente esta corrida: {}",
            opts.rerun
        ))
    );
    out
}

/// Each chapter's block: its heading with its points, then its compile
/// error, its refusal or its exercises.
pub fn chapters(report: &Report, style: Style, opts: &TextOptions) -> String {
    let mut out = String::new();
    for chapter in &report.chapters {
        let (points, max) = opts
            .chapter_points
            .get(&chapter.id)
            .copied()
            .unwrap_or_else(|| chapter.points());
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}  {}  {}",
            style.bold(&chapter.id),
            chapter.title,
            style.dim(&format!("{points}/{max} puntos"))
        );
        if let Some(error) = &chapter.compile_error {
            let _ = writeln!(
                out,
                "  {} {}",
                style.red("✘ no compila:"),
                style.bold(&format!(
                    "{}:{}:{}: {}",
                    inert::line(&error.file),
                    error.line,
                    error.column,
                    inert::line(&error.message)
                ))
            );
            if let Some(rule) = &error.rule {
                let _ = writeln!(out, "    {}", style.yellow(&inert::line(rule)));
            }
            for line in inert::block(&error.rendered).lines().take(20) {
                let _ = writeln!(out, "    {}", style.dim(line));
            }
            continue;
        }
        if let Some(refusal) = &chapter.other_file {
            let _ = writeln!(
                out,
                "  {} {}",
                style.red("✘"),
                style.bold(&inert::line(&refusal.message))
            );
            let _ = writeln!(
                out,
                "    No se corrió ningún ejercicio del capítulo: escribí todo en el mismo archivo, sin \
                 #[path], mod, include!, include_str!, include_bytes! ni env!."
            );
            continue;
        }
        for exercise in &chapter.exercises {
            exercise_lines(&mut out, exercise, style, opts.verbose);
        }
    }
    out
}

/// «3/5 puntos · 2 de 4 ejercicios correctos», in the right number.
pub fn progress(points: u32, max: u32, passed: usize, total: usize) -> String {
    let unit = |n: u32, one: &str, many: &str| {
        if n == 1 {
            one.to_string()
        } else {
            many.to_string()
        }
    };
    let exercises = if total == 1 {
        "ejercicio correcto"
    } else {
        "ejercicios correctos"
    };
    format!(
        "{points}/{max} {} · {passed} de {total} {exercises}",
        unit(max, "punto", "puntos")
    )
}

/// How many hidden cases ran, what they decide, and whether their values
/// are shown.
pub fn hidden_line(report: &Report) -> String {
    let (passed, total, points) = report.hidden();
    let (_, max) = report.points();
    let shown = if report.hidden_values_shown {
        "cambian con la semilla"
    } else {
        "en la corrección oficial no se muestran sus valores ni lo que imprime tu código"
    };
    format!(
        "Casos ocultos: {passed} de {total} correctos; deciden {points} de los {max} puntos \
         (un ejercicio suma sus puntos sólo si pasa todos sus casos, públicos y ocultos); {shown}."
    )
}

/// One line (two when incomplete) on the protections in force.
pub fn sandbox_line(summary: &Summary, style: Style) -> String {
    if summary.harness_processes == 0 {
        return style.dim("Aislamiento: no se ejecutó código tuyo.");
    }
    if summary.complete {
        return style.dim(
            "Aislamiento: completo (Landlock, espacios de nombres, límites; el corrector no se deja inspeccionar).",
        );
    }
    let missing: Vec<String> = summary
        .protections
        .iter()
        .filter(|p| !p.in_force)
        .map(|p| match &p.why_not {
            Some(why) => format!("{} ({why})", p.id.name()),
            None => p.id.name().to_string(),
        })
        .collect();
    format!(
        "{} faltan {}.",
        style.yellow("Aislamiento parcial:"),
        missing.join("; ")
    )
}

fn exercise_lines(out: &mut String, e: &ExerciseOutcome, style: Style, verbose: bool) {
    let (mark, label) = style.status(e.status, 0);
    let cases = if e.cases_total > 0 && e.status != Status::Pending {
        style.dim(&format!(" ({}/{} casos)", e.cases_passed, e.cases_total))
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "  {mark} {:<28} {}  {label}{cases}",
        e.id,
        style.dim(&format!("{:>5}", format!("{}/{}", e.points, e.max_points)))
    );
    if e.status == Status::Pending && e.summary.starts_with("usa ") {
        let _ = writeln!(out, "      {}", style.dim(&inert::line(&e.summary)));
    }
    if let Some(note) = &e.helper_note {
        let _ = writeln!(out, "      {} {}", style.yellow("ojo:"), inert::line(note));
    }
    if e.status == Status::Passed || e.status == Status::Pending {
        if verbose {
            case_lines(out, e, style);
        }
        printed_lines(out, e, style, verbose);
        return;
    }
    match &e.failure {
        Some(f) => {
            let _ = writeln!(out, "      {}", inert::line(&f.explanation));
            let name = crate::cases::label(f.kind, &f.case);
            let _ = writeln!(
                out,
                "      {} {name}",
                style.dim(&format!("{:<12}", "caso:"))
            );
            let _ = writeln!(
                out,
                "      {} {}",
                style.dim(&format!("{:<12}", "entrada:")),
                inert::line(&f.input)
            );
            if let Some(expected) = &f.expected {
                let _ = writeln!(
                    out,
                    "      {} {}",
                    style.dim(&format!("{:<12}", "esperado:")),
                    inert::line(expected)
                );
            }
            if let Some(got) = &f.got {
                let _ = writeln!(
                    out,
                    "      {} {}",
                    style.dim(&format!("{:<12}", "obtenido:")),
                    inert::line(got)
                );
            }
            if let (Some(tol), true) = (&f.tolerance, f.expected.is_some()) {
                let _ = writeln!(
                    out,
                    "      {} {tol}",
                    style.dim(&format!("{:<12}", "tolerancia:"))
                );
            }
            if let Some(d) = &f.diagnosis {
                let _ = writeln!(
                    out,
                    "      {} {}",
                    style.yellow("diagnóstico:"),
                    inert::line(d)
                );
            }
        }
        None => {
            let _ = writeln!(out, "      {}", inert::line(&e.summary));
        }
    }
    if verbose {
        case_lines(out, e, style);
    }
    printed_lines(out, e, style, verbose);
}

/// Lines of the student's output shown without `--verbose`.
const PRINTED_LINES: usize = 20;

/// What the student's code printed, quoted: the first lines (all of them with
/// `--verbose`), with a line saying how much was left out.
fn printed_lines(out: &mut String, e: &ExerciseOutcome, style: Style, verbose: bool) {
    let Some(printed) = &e.printed else { return };
    if e.status == Status::Passed && !verbose {
        return;
    }
    let _ = writeln!(
        out,
        "      {}",
        style.dim("tu código imprimió (no cuenta para la nota):")
    );
    let text = inert::block(printed);
    let lines: Vec<&str> = text.lines().collect();
    let shown = if verbose {
        lines.len()
    } else {
        lines.len().min(PRINTED_LINES)
    };
    for line in &lines[..shown] {
        let _ = writeln!(out, "      {} {}", style.dim("│"), line);
    }
    let hidden = lines.len() - shown;
    let mut left_out = Vec::new();
    if hidden > 0 {
        left_out.push(format!(
            "{hidden} {} más (`--verbose` las muestra todas)",
            if hidden == 1 { "línea" } else { "líneas" }
        ));
    }
    if e.printed_cut_bytes > 0 {
        left_out.push(format!(
            "{} bytes más que el corrector no guardó (guarda los primeros {} KiB)",
            e.printed_cut_bytes,
            crate::runner::OUTPUT_KEEP / 1024
        ));
    }
    if !left_out.is_empty() {
        let _ = writeln!(
            out,
            "      {} {}",
            style.dim("│"),
            style.dim(&format!("… {}", left_out.join("; ")))
        );
    }
}

fn case_lines(out: &mut String, e: &ExerciseOutcome, style: Style) {
    for case in &e.cases {
        let mark = if case.passed {
            style.green("✔")
        } else {
            style.red("✘")
        };
        let name = crate::cases::label(case.kind, &case.case);
        let _ = writeln!(
            out,
            "        {mark} {name} {}",
            style.dim(&inert::line(&case.note))
        );
        let field = |out: &mut String, label: &str, value: &str| {
            let _ = writeln!(
                out,
                "            {} {}",
                style.dim(&format!("{label:<10}")),
                inert::line(value)
            );
        };
        field(out, "entrada:", &case.input);
        if let Some(expected) = &case.expected {
            field(out, "esperado:", expected);
        }
        field(
            out,
            "obtenido:",
            case.got.as_deref().unwrap_or("(no devolvió nada)"),
        );
    }
}

pub fn next_step(e: &ExerciseOutcome, folder: &str, catalog: &Catalog, style: Style) -> String {
    let folder = inert::line(folder);
    let qualified = format!("{}::{}", e.chapter, e.id);
    let pointer = catalog
        .find(&qualified)
        .map(|(c, x)| crate::book::pointer(catalog, c, x))
        .unwrap_or_default();
    let what = match e.status {
        Status::Pending => format!("escribí `{}` en {folder}/{}.rs", e.id, e.chapter),
        Status::CompileError => format!(
            "arreglá el error de compilación de {folder}/{}.rs",
            e.chapter
        ),
        Status::UsesOtherFile => format!(
            "dejá {folder}/{}.rs en un solo archivo, sin nada que lea otros",
            e.chapter
        ),
        _ => format!("corregí `{}` en {folder}/{}.rs", e.id, e.chapter),
    };
    format!(
        "{} {what}. Leé {pointer}; pistas: `cargo run -p grader -- hint {qualified}`.",
        style.bold("Siguiente paso:")
    )
}
