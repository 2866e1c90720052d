// Gradient checking: the chain rule against central differences.
fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Cost of the worked example as a function of the parameters θ = (w1, w2, b).
fn cost(theta: &[f64], cross_entropy: bool) -> f64 {
    let (x, y) = ([1.0, 1.0], 1.0);
    let y_hat = sigmoid(theta[0] * x[0] + theta[1] * x[1] + theta[2]);
    if cross_entropy {
        -(y * y_hat.ln() + (1.0 - y) * (1.0 - y_hat).ln())
    } else {
        0.5 * (y - y_hat).powi(2)
    }
}

fn main() {
    let theta = [1.0, 1.0, 0.0];
    let h = 1e-5;
    let y_hat = sigmoid(2.0);
    let analytic = [
        (
            "error cuadrático",
            false,
            (y_hat - 1.0) * y_hat * (1.0 - y_hat),
        ),
        ("entropía cruzada", true, y_hat - 1.0),
    ];
    for (name, ce, dc_dw1) in analytic {
        // (C(θ + h e₁) − C(θ − h e₁)) / 2h
        let mut plus = theta;
        let mut minus = theta;
        plus[0] += h;
        minus[0] -= h;
        let numeric = (cost(&plus, ce) - cost(&minus, ce)) / (2.0 * h);
        let relative = (numeric - dc_dw1).abs() / (numeric.abs() + dc_dw1.abs());
        println!(
            "{name}: ∂C/∂w1 analítico = {dc_dw1:.10}, numérico = {numeric:.10}, error relativo = {relative:.1e}"
        );
    }
}
