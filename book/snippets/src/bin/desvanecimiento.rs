// Cómo achica el gradiente, capa tras capa, el factor de la derivada de la
// activación: σ'(z) ≤ 1/4 para la sigmoide, tanh'(z) ≤ 1 para tanh.
fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn main() {
    let sigmoid_prime = |z: f64| sigmoid(z) * (1.0 - sigmoid(z));
    let tanh_prime = |z: f64| 1.0 - z.tanh().powi(2);
    // σ'(0) = 0.25 es el máximo de σ'; z = 2 es el de los ejemplos de backprop.
    println!("capas | σ'(0)^L   | σ'(2)^L   | tanh'(2)^L | ReLU (z > 0)");
    for layers in [1, 2, 5, 10, 20] {
        println!(
            "{layers:5} | {:9.3e} | {:9.3e} | {:10.3e} | {:.0}",
            sigmoid_prime(0.0).powi(layers),
            sigmoid_prime(2.0).powi(layers),
            tanh_prime(2.0).powi(layers),
            1.0_f64.powi(layers)
        );
    }
}
