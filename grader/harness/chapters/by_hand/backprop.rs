// Hand-written calls of the `backprop` chapter, included by the generated
// chapters/backprop.rs (`cargo xtask gen`) inside a module of its own.
//
// `numerical_gradient` takes a closure: the input names a function of a small
// family (see `objective`) and the closure is built here. The same code
// builds it for the reference and for the known-mistake answers.

use serde_json::Value;

use crate::wire::*;

pub fn call_numerical_gradient(input: &Value) -> Result<Value, String> {
    let f = objective(field(input, "function")?)?;
    Ok(
        student::numerical_gradient(&*f, &arg::<Vec<f64>>(input, "params")?, arg(input, "h")?)
            .encode(),
    )
}

/// A function of the parameters, as `numerical_gradient` takes it.
pub type Objective = Box<dyn Fn(&[f64]) -> f64>;

/// A function of the parameters, described by `spec["kind"]`:
///
/// - `quadratic`: `f(θ) = Σᵢⱼ aᵢⱼ θᵢ θⱼ + Σᵢ cᵢ θᵢ` (`a` a matrix, `c` a vector);
/// - `sines`: `f(θ) = Σᵢ aᵢ sin(kᵢ θᵢ) + c · Πᵢ θᵢ`;
/// - `neuron_cost`: the squared error of a sigmoid neuron as a function of
///   its weights and bias, `θ = (w₁, …, w_d, b)`:
///   `f(θ) = ½ (y − σ(Σᵢ wᵢ xᵢ + b))²`.
///
/// The closure never panics, whatever slice the student passes: a missing
/// coordinate counts as 0 and extra ones are ignored.
pub fn objective(spec: &Value) -> Result<Objective, String> {
    let kind = field(spec, "kind")?
        .as_str()
        .ok_or("`kind` must be a string")?;
    let at = |t: &[f64], i: usize| t.get(i).copied().unwrap_or(0.0);
    Ok(match kind {
        "quadratic" => {
            let a: Vec<Vec<f64>> = field(spec, "a")?
                .as_array()
                .ok_or("`a` must be a matrix")?
                .iter()
                .map(as_vec)
                .collect::<Result<_, _>>()?;
            let c = vec_arg(spec, "c")?;
            Box::new(move |t: &[f64]| {
                let mut sum = 0.0;
                for (i, row) in a.iter().enumerate() {
                    for (j, aij) in row.iter().enumerate() {
                        sum += aij * at(t, i) * at(t, j);
                    }
                }
                sum + c
                    .iter()
                    .enumerate()
                    .map(|(i, ci)| ci * at(t, i))
                    .sum::<f64>()
            })
        }
        "sines" => {
            let a = vec_arg(spec, "a")?;
            let k = vec_arg(spec, "k")?;
            let c = f64_arg(spec, "c")?;
            Box::new(move |t: &[f64]| {
                let waves: f64 = a
                    .iter()
                    .zip(&k)
                    .enumerate()
                    .map(|(i, (ai, ki))| ai * (ki * at(t, i)).sin())
                    .sum();
                let product: f64 = (0..a.len()).map(|i| at(t, i)).product();
                waves + c * product
            })
        }
        "neuron_cost" => {
            let x = vec_arg(spec, "x")?;
            let y = f64_arg(spec, "y")?;
            Box::new(move |t: &[f64]| {
                let z = x
                    .iter()
                    .enumerate()
                    .map(|(i, xi)| xi * at(t, i))
                    .sum::<f64>()
                    + at(t, x.len());
                let y_hat = 1.0 / (1.0 + (-z).exp());
                0.5 * (y - y_hat) * (y - y_hat)
            })
        }
        other => return Err(format!("tipo de función desconocido `{other}`")),
    })
}
