//! Figure 8: a recurrent network unrolled over the slides' sentence
//! «llegaría a Neuquén el 2 de Noviembre»: one copy of the same cell per
//! word, the state passed from each to the next, and the slot each word
//! belongs to. The states are computed with `solutions::cnn_rnn::rnn_run`
//! and the hand-made cell of the book's example (it remembers the verb).

use ndarray::{Array1, Array2, array};
use solutions::cnn_rnn::rnn_run;

use crate::diagram::Diagram;
use crate::plot::{Anchor, color};

/// The slides' sentence, word by word, with the slot of each word.
pub const SENTENCE: [(&str, &str); 7] = [
    ("llegaría", "otro"),
    ("a", "otro"),
    ("Neuquén", "destino"),
    ("el", "otro"),
    ("2", "fecha"),
    ("de", "fecha"),
    ("Noviembre", "fecha"),
];

/// The book's hand-made cell: `W_x = 2I` writes the verb into the state,
/// `W_h = 1.5I` keeps it there, `b = 0`.
pub fn cell() -> (Array2<f64>, Array2<f64>, Array1<f64>) {
    (
        array![[2.0, 0.0], [0.0, 2.0]],
        array![[1.5, 0.0], [0.0, 1.5]],
        array![0.0, 0.0],
    )
}

/// The input of a word: component 0 marks «llegaría», component 1 «saldría».
pub fn encode(word: &str) -> Array1<f64> {
    match word {
        "llegaría" => array![1.0, 0.0],
        "saldría" => array![0.0, 1.0],
        _ => array![0.0, 0.0],
    }
}

/// The states `h₁, …, h₇` over the sentence, from `h₀ = 0`.
pub fn states() -> Vec<Array1<f64>> {
    let (wx, wh, b) = cell();
    let xs: Vec<Array1<f64>> = SENTENCE.iter().map(|(w, _)| encode(w)).collect();
    rnn_run(&wx, &wh, &b, &xs, &Array1::zeros(2))
}

/// `rnn-unrolled.svg`.
pub fn figure() -> String {
    let mut d = Diagram::new("Una red recurrente desenrollada sobre la frase");
    let (width, height, gap) = (62.0, 58.0, 85.0);
    let center = |t: usize| 74.0 + t as f64 * gap;
    let (cell_top, slot_y, word_y) = (170.0, 96.0, 300.0);

    d.bold(
        (18.0, cell_top + height / 2.0 + 5.0),
        "h_{0}",
        Anchor::Middle,
        13.0,
        color::BLACK,
    );
    d.arrow(
        (30.0, cell_top + height / 2.0),
        (center(0) - width / 2.0, cell_top + height / 2.0),
        color::BLACK,
        1.5,
    );
    for (t, ((word, slot), h)) in SENTENCE.iter().zip(states()).enumerate() {
        let x = center(t);
        // The word (the input x_t) below, with an arrow into the cell.
        d.bold((x, word_y), word, Anchor::Middle, 13.5, color::BLACK);
        d.arrow(
            (x, word_y - 16.0),
            (x, cell_top + height),
            color::BLACK,
            1.5,
        );
        // The cell, with its state.
        d.rounded(
            (x - width / 2.0, cell_top),
            (width, height),
            color::FILL_BLUE,
            color::BLUE,
        );
        d.text(
            (x, cell_top + 17.0),
            &format!("h_{{{}}}", t + 1),
            Anchor::Middle,
            12.0,
            color::BLUE,
        );
        d.text(
            (x, cell_top + 34.0),
            &format!("{:.2}", h[0]),
            Anchor::Middle,
            12.0,
            color::BLACK,
        );
        d.text(
            (x, cell_top + 50.0),
            &format!("{:.2}", h[1]),
            Anchor::Middle,
            12.0,
            color::BLACK,
        );
        // The state goes on to the next step.
        if t + 1 < SENTENCE.len() {
            d.arrow(
                (x + width / 2.0, cell_top + height / 2.0),
                (center(t + 1) - width / 2.0, cell_top + height / 2.0),
                color::BLUE,
                2.0,
            );
        }
        // The slot this word belongs to, above.
        d.arrow((x, cell_top), (x, slot_y + 12.0), color::GRAY, 1.2);
        let (fill, stroke) = if *slot == "otro" {
            ("#f2f2f2", color::GRAY)
        } else {
            (color::FILL_ORANGE, color::VERMILLION)
        };
        d.rounded((x - 36.0, slot_y - 18.0), (72.0, 28.0), fill, stroke);
        d.text((x, slot_y + 1.0), slot, Anchor::Middle, 12.5, color::BLACK);
    }
    for (y, line) in [
        (
            340.0,
            "Abajo, la palabra de cada paso (la entrada x_{t}); en el medio, la misma celda en cada paso,",
        ),
        (
            358.0,
            "con su estado h_{t}, que pasa al paso siguiente; arriba, el casillero de cada palabra,",
        ),
        (
            376.0,
            "que la red tiene que aprender a reconocer. El estado recuerda «llegaría» hasta el final.",
        ),
    ] {
        d.text((20.0, y), line, Anchor::Start, 12.5, color::BLACK);
    }
    d.render()
}
