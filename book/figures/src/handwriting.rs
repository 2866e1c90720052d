//! Figures of the final project: the learning curves of the training run
//! of the example (`cargo run --release --example train_digits`, the same
//! settings and seed) and the confusion matrix of its best network on the
//! test images.

use std::sync::OnceLock;

use digits::CLASSES;
use digits::train::{Outcome, Settings, run};

use crate::plot::{Anchor, Axis, LegendPlace, Plot, Stroke, color};

/// The run, trained once per process (both figures show it).
pub fn outcome() -> &'static Outcome {
    static RUN: OnceLock<Outcome> = OnceLock::new();
    RUN.get_or_init(|| {
        let split = digits::uci::bundled().standardized();
        run(&split, &Settings::DIGITS, |_| {})
    })
}

/// Training, validation and test accuracy per epoch, and the best epoch.
pub fn curves_figure() -> String {
    let outcome = outcome();
    let epochs = outcome.history.len() as f64;
    let x_max = (epochs / 50.0).ceil() * 50.0;
    let mut plot = Plot::new(
        "digits-curves",
        "Exactitud por época: dígitos de 8×8, red 64 → 64 → 10",
        Axis::new(0.0, x_max, 50.0, 0, "época"),
        Axis::new(88.0, 100.0, 2.0, 0, "exactitud (%)"),
    )
    .legend_place(LegendPlace::BottomRight);

    let train = Stroke::solid(color::BLUE).width(2.0);
    let validation = Stroke::dashed(color::VERMILLION, "8 4").width(2.0);
    let test = Stroke::solid(color::GREEN).width(1.5);
    let best_line = Stroke::dashed(color::BLACK, "3 3").width(1.5);
    let series = |f: fn(&digits::train::Epoch) -> f64| -> Vec<(f64, f64)> {
        outcome
            .history
            .iter()
            .map(|e| (e.epoch as f64, 100.0 * f(e)))
            .collect()
    };
    plot.line(&series(|e| e.train_accuracy), train);
    plot.line(&series(|e| e.validation_accuracy), validation);
    plot.line(&series(|e| e.test_accuracy), test);
    let best = outcome.best_epoch as f64;
    plot.vline(best, best_line);
    plot.text(
        (best, 93.0),
        (-6.0, 0.0),
        &format!(
            "mejor época: {} (prueba {:.1} %)",
            outcome.best_epoch,
            100.0 * outcome.test_accuracy
        ),
        Anchor::End,
        12.0,
    );

    let s = &Settings::DIGITS;
    plot.legend_line(
        &format!("entrenamiento ({} imágenes)", 1437 - s.validation),
        train,
    );
    plot.legend_line(
        &format!("validación ({} imágenes)", s.validation),
        validation,
    );
    plot.legend_line("prueba (360 imágenes)", test);
    plot.legend_line("la menor pérdida de validación", best_line);
    plot.render()
}

/// The test images by true digit (rows) and predicted digit (columns).
pub fn confusion_figure() -> String {
    let outcome = outcome();
    let m = &outcome.confusion;
    let mut plot = Plot::new(
        "digits-confusion",
        "Matriz de confusión en las 360 imágenes de prueba",
        Axis::new(-0.5, 9.5, 1.0, 0, "dígito predicho"),
        Axis::new(-0.5, 9.5, 1.0, 0, "dígito real"),
    )
    .area(200.0, 42.0, 300.0, 300.0);
    let row_max = m.iter().flatten().copied().max().unwrap_or(1).max(1) as f64;
    for (truth, row) in m.iter().enumerate() {
        for (predicted, &count) in row.iter().enumerate() {
            let (x, y) = (predicted as f64, truth as f64);
            if count > 0 {
                let fill = if truth == predicted {
                    shade(
                        (0xff, 0xff, 0xff),
                        (0x6b, 0xae, 0xd6),
                        count as f64 / row_max,
                    )
                } else {
                    shade(
                        (0xfb, 0xdc, 0xc4),
                        (0xe6, 0x9f, 0x00),
                        (count as f64 / 3.0).min(1.0),
                    )
                };
                plot.polygon(
                    &[
                        (x - 0.5, y - 0.5),
                        (x + 0.5, y - 0.5),
                        (x + 0.5, y + 0.5),
                        (x - 0.5, y + 0.5),
                    ],
                    &fill,
                );
                plot.text((x, y), (0.0, 4.5), &count.to_string(), Anchor::Middle, 12.0);
            }
        }
    }
    let errors: usize = (0..CLASSES)
        .flat_map(|t| (0..CLASSES).map(move |p| (t, p)))
        .filter(|(t, p)| t != p)
        .map(|(t, p)| m[t][p])
        .sum();
    let (_, top, right, _) = plot.area_px();
    plot.text_px(
        (right + 12.0, top + 20.0),
        &format!("{errors} errores"),
        Anchor::Start,
        12.0,
        color::BLACK,
    );
    plot.text_px(
        (right + 12.0, top + 36.0),
        "(fuera de la diagonal)",
        Anchor::Start,
        12.0,
        color::BLACK,
    );
    plot.render()
}

/// `from` blended towards `to` by `t` in `[0, 1]`, as `#rrggbb`.
fn shade(from: (u8, u8, u8), to: (u8, u8, u8), t: f64) -> String {
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(from.0, to.0),
        mix(from.1, to.1),
        mix(from.2, to.2)
    )
}
