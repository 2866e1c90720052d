//! `train_xor` against the reference: the contract fixes the initialisation
//! (from the seed) and the order of the updates, so the loss history and the
//! final parameters must be the reference's, within a tolerance that allows
//! a different order of the sums. A wrong gradient that still learns XOR
//! (a sign flipped in one bias, a factor 2 in the hidden delta) fails here.

use nncore::Mlp;
use serde_json::Value;

use crate::judge::{Tolerance, render_float};
use crate::wire;

/// Loose enough for sums in another order over a thousand epochs, far
/// tighter than any wrong gradient.
const TOL: Tolerance = Tolerance {
    abs: 1e-7,
    rel: 1e-6,
};

/// `Err` (in Spanish) at the first epoch whose loss differs from the
/// reference's, or at the first final parameter that differs.
pub fn compare(input: &Value, losses: &[f64], net: &Mlp) -> Result<(), String> {
    let reference = crate::reference::call("generalization", "train_xor", input)
        .map_err(|e| format!("el corrector no pudo calcular la referencia: {e}"))?;
    let want_losses = reference
        .get("losses")
        .and_then(|l| wire::as_vec(l).ok())
        .ok_or("el corrector no pudo leer las pérdidas de la referencia")?;
    let want_net = reference
        .get("net")
        .and_then(|n| wire::as_mlp(n).ok())
        .ok_or("el corrector no pudo leer la red de la referencia")?;
    if let Some(k) =
        (0..losses.len().min(want_losses.len())).find(|&k| !TOL.accepts(want_losses[k], losses[k]))
    {
        let why = if k == 0 {
            "la pérdida inicial ya difiere: inicializá con Mlp::random(&[2, hidden, 1], &mut Rng::new(seed)) y calculá la pérdida de la época antes de actualizar".to_string()
        } else {
            format!(
                "las épocas anteriores coinciden, así que la actualización de la época {} no es la de la referencia: revisá el gradiente de cada parámetro (su signo, un factor de más o de menos) y que se use el gradiente medio de los 4 ejemplos",
                k - 1
            )
        };
        return Err(format!(
            "la pérdida de la época {k} es {} y con la inicialización fijada por la semilla tenía que ser {}: {why}",
            render_float(losses[k]),
            render_float(want_losses[k])
        ));
    }
    let layers = [("W[1]", "b[1]"), ("W[2]", "b[2]")];
    for (l, (w_name, b_name)) in layers.iter().enumerate() {
        let pairs = [
            (
                *w_name,
                net.weights[l].iter().copied().collect::<Vec<_>>(),
                want_net.weights[l].iter().copied().collect::<Vec<_>>(),
            ),
            (*b_name, net.biases[l].to_vec(), want_net.biases[l].to_vec()),
        ];
        for (name, got, want) in pairs {
            if got.len() != want.len() {
                continue;
            }
            if let Some(i) = (0..got.len()).find(|&i| !TOL.accepts(want[i], got[i])) {
                return Err(format!(
                    "el valor final de {name} (elemento {i}) es {} y tenía que ser {}: la pérdida coincide, pero la actualización de {name} no; revisá su gradiente ({})",
                    render_float(got[i]),
                    render_float(want[i]),
                    gradient_of(name)
                ));
            }
        }
    }
    Ok(())
}

fn gradient_of(name: &str) -> &'static str {
    match name {
        "W[2]" => "∂C/∂W[2] = δ[2] a[1]ᵀ, con δ[2] = ŷ − y",
        "b[2]" => "∂C/∂b[2] = δ[2] = ŷ − y, y se resta: b[2] ← b[2] − η·(media de δ[2])",
        "W[1]" => "∂C/∂W[1] = δ[1] xᵀ, con δ[1] = (W[2]ᵀ δ[2]) ⊙ a[1] ⊙ (1 − a[1])",
        _ => "∂C/∂b[1] = δ[1] = (W[2]ᵀ δ[2]) ⊙ a[1] ⊙ (1 − a[1])",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{Array1, Array2};
    use nncore::Rng;
    use serde_json::json;

    #[derive(Clone, Copy, PartialEq)]
    enum Flaw {
        None,
        /// The output bias moves with the gradient instead of against it.
        OutputBiasSign,
        /// δ[1] twice what it should be.
        HiddenDeltaTimesTwo,
        /// The mean over the examples forgotten: the sum, so η four times.
        SumNotMean,
    }

    fn sigmoid(z: f64) -> f64 {
        1.0 / (1.0 + (-z).exp())
    }

    /// The contract's training loop, with one flaw.
    fn train(hidden: usize, eta: f64, epochs: usize, seed: u64, flaw: Flaw) -> Value {
        let data = nncore::data::xor_01();
        let mut net = Mlp::random(&[2, hidden, 1], &mut Rng::new(seed));
        let mut losses = Vec::new();
        for _ in 0..epochs {
            let mut gw1 = Array2::<f64>::zeros(net.weights[0].raw_dim());
            let mut gb1 = Array1::<f64>::zeros(net.biases[0].raw_dim());
            let mut gw2 = Array2::<f64>::zeros(net.weights[1].raw_dim());
            let mut gb2 = Array1::<f64>::zeros(net.biases[1].raw_dim());
            let mut loss = 0.0;
            for (x, y) in &data {
                let x = Array1::from(x.clone());
                let a1 = (net.weights[0].dot(&x) + &net.biases[0]).mapv(sigmoid);
                let a2 = (net.weights[1].dot(&a1) + &net.biases[1]).mapv(sigmoid);
                let p = a2[0];
                loss += -(y * p.ln() + (1.0 - y) * (1.0 - p).ln());
                let d2 = a2.mapv(|p| p - y);
                let mut d1 = net.weights[1].t().dot(&d2) * a1.mapv(|a| a * (1.0 - a));
                if flaw == Flaw::HiddenDeltaTimesTwo {
                    d1 *= 2.0;
                }
                for i in 0..d2.len() {
                    for j in 0..a1.len() {
                        gw2[[i, j]] += d2[i] * a1[j];
                    }
                }
                gb2 += &d2;
                for i in 0..d1.len() {
                    for j in 0..x.len() {
                        gw1[[i, j]] += d1[i] * x[j];
                    }
                }
                gb1 += &d1;
            }
            losses.push(loss / 4.0);
            let step = if flaw == Flaw::SumNotMean {
                eta
            } else {
                eta / 4.0
            };
            net.weights[0].scaled_add(-step, &gw1);
            net.biases[0].scaled_add(-step, &gb1);
            net.weights[1].scaled_add(-step, &gw2);
            let bias_step = if flaw == Flaw::OutputBiasSign {
                step
            } else {
                -step
            };
            net.biases[1].scaled_add(bias_step, &gb2);
        }
        json!({"net": wire::mlp(&net), "losses": wire::nums(&losses)})
    }

    fn judge(flaw: Flaw) -> Result<(), String> {
        let input = json!({"hidden": 4, "eta": 2.0, "epochs": 1000, "seed": 1});
        let output = train(4, 2.0, 1000, 1, flaw);
        super::super::generalization::xor_property(&input, &output)
    }

    #[test]
    fn the_same_training_in_another_order_of_sums_passes() {
        assert_eq!(judge(Flaw::None), Ok(()));
    }

    #[test]
    fn wrong_gradients_that_still_learn_xor_fail() {
        for (flaw, needle) in [
            (Flaw::OutputBiasSign, "la pérdida de la época 1"),
            (Flaw::HiddenDeltaTimesTwo, "la pérdida de la época 1"),
            (Flaw::SumNotMean, "gradiente medio de los 4 ejemplos"),
        ] {
            let why = judge(flaw).expect_err("a wrong gradient fails");
            assert!(why.contains(needle), "{why}");
        }
    }
}
