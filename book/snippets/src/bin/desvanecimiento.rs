// How the factor σ'(z) ≤ 1/4 shrinks the gradient layer after layer.
fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn main() {
    let best = sigmoid(0.0) * (1.0 - sigmoid(0.0)); // σ'(0) = 0.25, its maximum
    let typical = sigmoid(2.0) * (1.0 - sigmoid(2.0)); // σ'(2) ≈ 0.105
    println!("capas | σ'(0)^L   | σ'(2)^L   | ReLU (z > 0)");
    for layers in [1, 2, 5, 10, 20] {
        println!(
            "{layers:5} | {:9.3e} | {:9.3e} | {:.0}",
            best.powi(layers),
            typical.powi(layers),
            1.0_f64.powi(layers)
        );
    }
}
