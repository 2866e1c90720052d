//! One step of learning: softmax with cross-entropy, one mini-batch SGD step.

use super::*;
use crate::course::generate::mistakes;

pub fn specs() -> Vec<Spec> {
    vec![
        Spec {
            chapter: "capstone",
            id: "softmax_cross_entropy",
            hidden: |rng, n| (0..n).map(|k| cross_entropy_case(rng, k)).collect(),
            boundary: |_| {
                named(vec![
                    (
                        "una sola clase: costo 0",
                        json!({"z": [[5.0]], "y": [[1.0]]}),
                    ),
                    (
                        "z = 0: C = ln k",
                        json!({"z": [[0.0, 0.0, 0.0, 0.0]], "y": [[0.0, 1.0, 0.0, 0.0]]}),
                    ),
                    (
                        "un lote de uno con z grandes",
                        json!({"z": [[900.0, 1000.0]], "y": [[1.0, 0.0]]}),
                    ),
                ])
            },
            mistakes: mistakes![cross_entropy_with;
                CeMistake::GradNotMean => "no dividiste el gradiente por n: el costo es un promedio sobre las filas, así que ∂C/∂z = (P − Y) / n",
                CeMistake::LossNotMean => "sumaste el costo de las filas sin dividir por n: C es el promedio, −(1/n) Σᵢ Σₖ yᵢₖ ln Pᵢₖ",
                CeMistake::NeitherMean => "no dividiste por n ni el costo ni el gradiente: los dos son promedios sobre las filas del lote",
                CeMistake::GradSign => "el gradiente tiene el signo al revés: ∂C/∂z = (P − Y) / n, no (Y − P) / n",
                CeMistake::Naive => "calculaste ln(softmax(z)) sin restar el máximo: con z grandes da NaN o ∞; usá ln Pₖ = zₖ − m − ln Σⱼ e^{zⱼ − m}",
            ],
            property: None,
        },
        Spec {
            chapter: "capstone",
            id: "sgd_step",
            hidden: |rng, n| (0..n).map(|k| sgd_case(rng, k)).collect(),
            boundary: |drawn| {
                let mut cases = drawn(&[
                    "una capa oculta",
                    "dos capas ocultas",
                    "sin capa oculta (sólo softmax)",
                ]);
                let mut zero = cases[0].1.clone();
                zero["eta"] = json!(0.0);
                cases.push(("η = 0: la red no cambia".into(), zero));
                cases
            },
            mistakes: mistakes![sgd_with;
                SgdMistake::Ascent => "sumaste el gradiente en lugar de restarlo: θ ← θ − η ∂C/∂θ",
                SgdMistake::NotMean => "no promediaste sobre el lote: Δ[L] = (P − Y) / n (el costo es un promedio, y lo mismo su gradiente)",
                SgdMistake::NoSigmoidDerivative => "al pasar a la capa anterior te olvidaste de σ': Δ[l−1] = (Δ[l] W[l]) ⊙ A[l−1] ⊙ (1 − A[l−1])",
                SgdMistake::UpdatedWeights => "retropropagaste con los pesos ya actualizados: Δ[l−1] usa W[l] de antes del paso (actualizá una copia, o guardá los gradientes y actualizá al final)",
                SgdMistake::LossAfter => "devolviste el costo después del paso: el costo que se devuelve es el del lote con la red de antes de actualizar",
            ],
            property: None,
        },
    ]
}

pub(super) fn cross_entropy_with(input: &Value, mistake: CeMistake) -> Option<Value> {
    let z = matrix_arg(input, "z").ok()?;
    let y = matrix_arg(input, "y").ok()?;
    let (loss, grad) = cross_entropy(&z, &y, mistake)?;
    Some(json!({ "loss": wire::num(loss), "grad": wire::array2(&grad) }))
}

/// Batches of 1 to 6 rows and 2 to 10 classes; every fourth case has
/// logits in the hundreds, where the unshifted exponential overflows.
pub(super) fn cross_entropy_case(rng: &mut Rng, k: usize) -> Value {
    let n = if k == 0 { 1 } else { int(rng, 2, 6) };
    let classes = int(rng, 2, 10);
    let scale = if k % 4 == 3 { 400.0 } else { 4.0 };
    let z = Array2::from_shape_fn((n, classes), |_| float(rng, -scale, scale));
    let labels: Vec<usize> = (0..n).map(|_| rng.below(classes)).collect();
    let y = one_hot(&labels, classes, 0).expect("labels below classes");
    json!({ "z": wire::array2(&z), "y": wire::array2(&y) })
}

// ---------------------------------------------------------------------------
// One SGD step
// ---------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq)]
pub(super) enum SgdMistake {
    #[cfg_attr(not(all(test, feature = "reference")), allow(dead_code))]
    None,
    Ascent,
    NotMean,
    NoSigmoidDerivative,
    UpdatedWeights,
    LossAfter,
}

pub(super) fn sgd_with(input: &Value, mistake: SgdMistake) -> Option<Value> {
    let net = as_mlp(wire::field(input, "net").ok()?).ok()?;
    let x = matrix_arg(input, "x").ok()?;
    let y = matrix_arg(input, "y").ok()?;
    let eta = f64_arg(input, "eta").ok()?;
    let (net, loss) = sgd(&net, &x, &y, eta, mistake)?;
    Some(json!({ "net": wire::mlp(&net), "loss": wire::num(loss) }))
}

pub(super) fn sgd(
    net: &Mlp,
    x: &Array2<f64>,
    y: &Array2<f64>,
    eta: f64,
    mistake: SgdMistake,
) -> Option<(Mlp, f64)> {
    let mut acts = forward(net, x)?;
    let z = acts.pop()?;
    let (loss, grad) = cross_entropy(&z, y, CeMistake::None)?;
    let mut delta = if mistake == SgdMistake::NotMean {
        grad * z.nrows() as f64
    } else {
        grad
    };
    let sign = if mistake == SgdMistake::Ascent {
        1.0
    } else {
        -1.0
    };
    let mut updated = net.clone();
    for l in (0..net.depth()).rev() {
        let a_prev = &acts[l];
        updated.weights[l].scaled_add(sign * eta, &delta.t().dot(a_prev));
        updated.biases[l].scaled_add(sign * eta, &delta.sum_axis(Axis(0)));
        if l > 0 {
            let w = if mistake == SgdMistake::UpdatedWeights {
                &updated.weights[l]
            } else {
                &net.weights[l]
            };
            delta = delta.dot(w);
            if mistake != SgdMistake::NoSigmoidDerivative {
                delta = delta * a_prev.mapv(|a| a * (1.0 - a));
            }
        }
    }
    let loss = if mistake == SgdMistake::LossAfter {
        let z = forward(&updated, x)?.pop()?;
        cross_entropy(&z, y, CeMistake::None)?.0
    } else {
        loss
    };
    Some((updated, loss))
}

/// Networks of one to three layers with random weights, batches of 1 to 5.
pub(super) fn sgd_case(rng: &mut Rng, k: usize) -> Value {
    let d = int(rng, 1, 4);
    let classes = int(rng, 2, 4);
    let sizes: Vec<usize> = match k % 3 {
        0 => vec![d, int(rng, 1, 4), classes],
        1 => vec![d, int(rng, 2, 4), int(rng, 2, 4), classes],
        _ => vec![d, classes],
    };
    let net = Mlp::random(&sizes, rng);
    let n = int(rng, 1, 5);
    let labels: Vec<usize> = (0..n).map(|_| rng.below(classes)).collect();
    json!({
        "net": wire::mlp(&net),
        "x": matrix(rng, n, d, -2.0, 2.0),
        "y": wire::array2(&one_hot(&labels, classes, 0).expect("labels below classes")),
        "eta": float(rng, 0.05, 1.0),
    })
}
