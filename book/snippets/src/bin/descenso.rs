// Five steps of gradient descent on the worked example, with both costs.
fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Runs `steps` steps from w = (1, 1), b = 0 and prints ŷ and w1 after each.
fn run(name: &str, cross_entropy: bool, eta: f64, steps: usize) {
    let (x, y) = ([1.0, 1.0], 1.0);
    let (mut w, mut b) = ([1.0, 1.0], 0.0);
    println!("{name} (η = {eta})");
    for step in 0..=steps {
        let y_hat = sigmoid(w[0] * x[0] + w[1] * x[1] + b);
        let cost = if cross_entropy {
            -y_hat.ln()
        } else {
            0.5 * (y - y_hat).powi(2)
        };
        println!(
            "  paso {step}: w1 = {:.7}, ŷ = {y_hat:.6}, C = {cost:.7}",
            w[0]
        );
        // ∂C/∂z for each cost; then θ ← θ − η ∂C/∂θ for every parameter.
        let dc_dz = if cross_entropy {
            y_hat - y
        } else {
            (y_hat - y) * y_hat * (1.0 - y_hat)
        };
        w[0] -= eta * dc_dz * x[0];
        w[1] -= eta * dc_dz * x[1];
        b -= eta * dc_dz;
    }
}

fn main() {
    run("Error cuadrático", false, 0.1, 3);
    run("Entropía cruzada", true, 0.1, 3);
}
