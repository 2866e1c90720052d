//! The recurrent cell: one step, and a run over a sequence.

use super::*;
use crate::course::generate::mistakes;

pub fn specs() -> Vec<Spec> {
    vec![
        Spec {
            chapter: "cnn_rnn",
            id: "rnn_step",
            hidden: |rng, n| {
                (0..n)
                    .map(|_| {
                        let (nh, nx) = (int(rng, 1, 4), int(rng, 1, 4));
                        let mut input = cell(rng, nh, nx);
                        input["x"] = vector(rng, nx, -2.0, 2.0);
                        input["h_prev"] = vector(rng, nh, -1.0, 1.0);
                        input
                    })
                    .collect()
            },
            boundary: |_| {
                named(vec![
                    (
                        "todo de 1×1",
                        json!({"wx": [[0.5]], "wh": [[-1.0]], "b": [0.25], "x": [2.0], "h_prev": [0.5]}),
                    ),
                    (
                        "estado anterior cero",
                        json!({"wx": [[1.0, -1.0], [0.5, 0.5]], "wh": [[0.3, 0.1], [-0.2, 0.4]], "b": [0.1, -0.1], "x": [1.0, 2.0], "h_prev": [0.0, 0.0]}),
                    ),
                    (
                        "entrada cero: sólo la memoria",
                        json!({"wx": [[1.0], [2.0]], "wh": [[0.5, -0.5], [1.0, 0.25]], "b": [0.0, 0.0], "x": [0.0], "h_prev": [0.8, -0.6]}),
                    ),
                ])
            },
            mistakes: mistakes![step_answer;
                Cell::Linear => "falta la tangente hiperbólica: h_t = tanh(W_x x_t + W_h h_{t−1} + b)",
                Cell::NoMemory => "ignoraste el estado anterior: h_t = tanh(W_x x_t + W_h h_{t−1} + b), el término W_h h_{t−1} es la memoria de la red",
                Cell::NoBias => "falta sumar el sesgo b: h_t = tanh(W_x x_t + W_h h_{t−1} + b)",
                Cell::Sigmoid => "usaste la sigmoide: la celda recurrente usa tanh, h_t = tanh(W_x x_t + W_h h_{t−1} + b)",
            ],
            property: None,
        },
        Spec {
            chapter: "cnn_rnn",
            id: "rnn_run",
            hidden: |rng, n| {
                (0..n)
                    .map(|k| {
                        let (nh, nx) = (int(rng, 1, 4), int(rng, 1, 4));
                        let len = match k {
                            0 => 1,
                            1 => 6,
                            _ => int(rng, 1, 6),
                        };
                        let mut input = cell(rng, nh, nx);
                        input["xs"] = matrix(rng, len, nx, -2.0, 2.0);
                        input["h0"] = if k % 4 == 3 {
                            wire::nums(&vec![0.0; nh])
                        } else {
                            vector(rng, nh, -1.0, 1.0)
                        };
                        input
                    })
                    .collect()
            },
            boundary: |_| {
                named(vec![
                    (
                        "secuencia vacía",
                        json!({"wx": [[0.5]], "wh": [[0.5]], "b": [0.0], "xs": [], "h0": [0.3]}),
                    ),
                    (
                        "un solo paso",
                        json!({"wx": [[0.5]], "wh": [[-1.0]], "b": [0.25], "xs": [[2.0]], "h0": [0.5]}),
                    ),
                    (
                        "tres pasos, estado inicial cero",
                        json!({"wx": [[1.0], [-0.5]], "wh": [[0.5, -0.25], [0.75, 0.5]], "b": [0.1, 0.2], "xs": [[1.0], [0.0], [-1.0]], "h0": [0.0, 0.0]}),
                    ),
                ])
            },
            mistakes: mistakes![run_answer;
                (Cell::Linear, Run::States) => "falta la tangente hiperbólica: cada estado es h_t = tanh(W_x x_t + W_h h_{t−1} + b)",
                (Cell::Correct, Run::AlwaysH0) => "el estado no avanza: cada paso usa h0 en lugar del estado anterior h_{t−1}; después de cada paso, el h nuevo pasa a ser el anterior",
                (Cell::NoMemory, Run::States) => "ignoraste el estado anterior: h_t = tanh(W_x x_t + W_h h_{t−1} + b), el término W_h h_{t−1} es la memoria de la red",
                (Cell::Correct, Run::WithH0) => "devolviste también h0: la lista tiene que tener un estado por elemento de xs, h_1, …, h_T",
                (Cell::Correct, Run::LastOnly) => "devolviste sólo el último estado: la lista tiene que tener todos los estados h_1, …, h_T, uno por elemento de xs",
            ],
            property: None,
        },
    ]
}

#[derive(Clone, Copy, PartialEq)]
enum Run {
    States,
    AlwaysH0,
    WithH0,
    LastOnly,
}

struct Weights {
    wx: Array2<f64>,
    wh: Array2<f64>,
    b: Array1<f64>,
}

impl Weights {
    fn from(input: &Value) -> Option<Self> {
        let wx = wire::array2_arg(input, "wx").ok()?;
        let wh = wire::array2_arg(input, "wh").ok()?;
        let b = wire::array1_arg(input, "b").ok()?;
        let nh = b.len();
        (wx.nrows() == nh && wh.dim() == (nh, nh)).then_some(Weights { wx, wh, b })
    }

    /// One step with the cell's flaw (None when the shapes do not fit).
    fn step(&self, x: &Array1<f64>, h: &Array1<f64>, flaw: Cell) -> Option<Array1<f64>> {
        if x.len() != self.wx.ncols() || h.len() != self.wh.ncols() {
            return None;
        }
        let memory = if flaw == Cell::NoMemory {
            Array1::zeros(h.len())
        } else {
            self.wh.dot(h)
        };
        let bias = if flaw == Cell::NoBias {
            Array1::zeros(self.b.len())
        } else {
            self.b.clone()
        };
        let z = self.wx.dot(x) + memory + bias;
        Some(match flaw {
            Cell::Linear => z,
            Cell::Sigmoid => z.mapv(|v| 1.0 / (1.0 + (-v).exp())),
            _ => z.mapv(f64::tanh),
        })
    }
}

fn step_answer(input: &Value, flaw: Cell) -> Option<Value> {
    let weights = Weights::from(input)?;
    let x = wire::array1_arg(input, "x").ok()?;
    let h = wire::array1_arg(input, "h_prev").ok()?;
    Some(wire::array1(&weights.step(&x, &h, flaw)?))
}

/// The states a run with the cell `flaw` and the loop `run` gives.
fn run_answer(input: &Value, (flaw, run): (Cell, Run)) -> Option<Value> {
    let weights = Weights::from(input)?;
    let xs = wire::as_arrays1(field(input, "xs").ok()?).ok()?;
    let h0 = wire::array1_arg(input, "h0").ok()?;
    let mut h = h0.clone();
    let mut states = Vec::new();
    if run == Run::WithH0 {
        states.push(h0.clone());
    }
    for x in &xs {
        let previous = if run == Run::AlwaysH0 { &h0 } else { &h };
        h = weights.step(x, previous, flaw)?;
        states.push(h.clone());
    }
    if run == Run::LastOnly {
        states = states.split_off(states.len().saturating_sub(1));
    }
    Some(wire::arrays1(&states))
}
