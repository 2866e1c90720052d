//! The final project: trains a network that recognises handwritten digits.
//!
//! ```sh
//! cargo run --release --example train_digits                 # the bundled 8×8 digits
//! cargo run --release --example train_digits -- --mnist DIR  # MNIST's IDX files in DIR
//! ```
//!
//! Options: `--hidden N`, `--eta X`, `--batch N`, `--epochs N` (maximum),
//! `--patience N`, `--decay X` (weight decay λ), `--validation N`, `--seed N`. One line per epoch (loss, training,
//! validation and test accuracy); on a terminal, also a progress bar.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use digits::train::{Epoch, Event, Outcome, Settings, run};
use digits::{CLASSES, Split};

fn main() -> ExitCode {
    match main_inner() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

struct Options {
    mnist: Option<PathBuf>,
    settings: Settings,
}

fn parse_args() -> Result<Options> {
    let mut mnist = None;
    // Flags and values, applied once the data set (and its defaults) is known.
    let mut overrides: Vec<(String, String)> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        if flag == "--help" || flag == "-h" {
            println!(
                "uso: cargo run --release --example train_digits -- [--mnist CARPETA] [--hidden N] [--eta X] [--batch N] [--epochs N] [--patience N] [--decay X] [--validation N] [--seed N]"
            );
            std::process::exit(0);
        }
        let value = args
            .next()
            .with_context(|| format!("falta el valor de {flag}"))?;
        if flag == "--mnist" {
            mnist = Some(PathBuf::from(value));
        } else {
            overrides.push((flag, value));
        }
    }
    let mut settings = if mnist.is_some() {
        Settings::MNIST
    } else {
        Settings::DIGITS
    };
    for (flag, value) in overrides {
        let count = || -> Result<usize> {
            match value.parse::<usize>() {
                Ok(n) if n > 0 => Ok(n),
                _ => bail!("{flag} {value}: tiene que ser un entero positivo"),
            }
        };
        let real = || -> Result<f64> {
            match value.parse::<f64>() {
                Ok(x) if x.is_finite() && x >= 0.0 => Ok(x),
                _ => bail!("{flag} {value}: tiene que ser un número no negativo"),
            }
        };
        match flag.as_str() {
            "--hidden" => settings.hidden = count()?,
            "--batch" => settings.batch_size = count()?,
            "--epochs" => settings.max_epochs = count()?,
            "--patience" => settings.patience = count()?,
            "--validation" => settings.validation = count()?,
            "--seed" => settings.seed = count()? as u64,
            "--eta" => settings.eta = real()?,
            "--decay" => settings.weight_decay = real()?,
            other => bail!("opción desconocida: {other} (ver --help)"),
        }
    }
    Ok(Options { mnist, settings })
}

fn main_inner() -> Result<()> {
    let options = parse_args()?;
    let settings = options.settings;
    let (raw, name): (Split, String) = match &options.mnist {
        Some(dir) => (
            digits::idx::load_mnist(dir)?,
            format!("MNIST ({})", dir.display()),
        ),
        None => (
            digits::uci::bundled(),
            "dígitos de 8×8 de la UCI (data/digits.csv, CC BY 4.0: Alpaydin y Kaynak, 1998)"
                .to_string(),
        ),
    };
    // Each pixel standardised with the training images' mean and deviation.
    let split = raw.standardized();
    if settings.validation >= split.train.len() {
        bail!(
            "--validation {} tiene que estar entre 1 y {} (las imágenes de entrenamiento menos una)",
            settings.validation,
            split.train.len() - 1
        );
    }
    println!("datos: {name}");
    println!(
        "  {} imágenes de {}×{}: {} para entrenar, {} para validación y {} de prueba",
        split.train.len() + split.test.len(),
        split.train.width,
        split.train.height,
        split.train.len() - settings.validation,
        settings.validation,
        split.test.len()
    );
    println!(
        "red {} → {} → {CLASSES} (sigmoide, softmax), η = {}, λ = {}, lotes de {}, hasta {} épocas, paciencia {}, semilla {}",
        split.train.features(),
        settings.hidden,
        settings.eta,
        settings.weight_decay,
        settings.batch_size,
        settings.max_epochs,
        settings.patience,
        settings.seed
    );

    let tty = std::io::stdout().is_terminal();
    let start = Instant::now();
    let mut out = std::io::stdout().lock();
    let outcome = run(&split, &settings, |event| {
        // Progress is best effort: a closed stdout must not stop training.
        let _ = show(&mut out, event, &settings, tty);
    });
    drop(out);
    summary(&outcome, start.elapsed().as_secs_f64());
    Ok(())
}

fn show(out: &mut impl Write, event: Event, settings: &Settings, tty: bool) -> std::io::Result<()> {
    match event {
        Event::Batch { epoch, done, total } if tty => {
            let width = 30;
            let filled = done * width / total;
            write!(
                out,
                "\r\x1b[Képoca {:>3}/{} [{}{}] {done}/{total} lotes",
                epoch + 1,
                settings.max_epochs,
                "█".repeat(filled),
                "·".repeat(width - filled)
            )?;
            if done == total {
                write!(out, "\r\x1b[K")?;
            }
            out.flush()
        }
        Event::Batch { .. } => Ok(()),
        Event::Epoch(e) => writeln!(out, "{}", epoch_line(&e)),
    }
}

fn epoch_line(e: &Epoch) -> String {
    format!(
        "época {:>3}: pérdida {:.4} | exactitud: entrenamiento {:5.1} %, validación {:5.1} % (pérdida {:.4}), prueba {:5.1} %{}",
        e.epoch,
        e.train_loss,
        100.0 * e.train_accuracy,
        100.0 * e.validation_accuracy,
        e.validation_loss,
        100.0 * e.test_accuracy,
        if e.best { "  ← mejor" } else { "" }
    )
}

fn summary(outcome: &Outcome, seconds: f64) {
    println!(
        "{} épocas en {seconds:.1} s; la mejor fue la {} (menor pérdida de validación)",
        outcome.history.len(),
        outcome.best_epoch
    );
    println!(
        "exactitud en las imágenes de prueba, con la red de la mejor época: {:.1} %",
        100.0 * outcome.test_accuracy
    );
    println!("matriz de confusión de prueba (filas: dígito real; columnas: predicho):");
    print!("     ");
    for k in 0..CLASSES {
        print!("{k:>5}");
    }
    println!();
    for (digit, row) in outcome.confusion.iter().enumerate() {
        print!("{digit:>5}");
        for count in row {
            print!("{count:>5}");
        }
        println!();
    }
}
