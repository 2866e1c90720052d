// El aprendizaje lento: una neurona sigmoide que empieza muy equivocada.
// Entrada x = 1, etiqueta y = 0, w = 2 y b = 2 al principio (así z = 4),
// η = 0.15.
fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn main() {
    let (x, y, eta) = (1.0, 0.0, 0.15);
    let mut squared = (2.0, 2.0); // (w, b) entrenados con error cuadrático
    let mut entropy = (2.0, 2.0); // (w, b) entrenados con entropía cruzada

    let z = squared.0 * x + squared.1;
    let s = sigmoid(z);
    println!(
        "al principio: z = {z}, ŷ = σ(z) = {s:.4}, σ'(z) = {:.4}",
        s * (1.0 - s)
    );
    println!("época | ŷ (cuadrático) | ŷ (entropía)");
    for epoch in 0..=300 {
        let a_sq = sigmoid(squared.0 * x + squared.1);
        let a_ce = sigmoid(entropy.0 * x + entropy.1);
        if epoch % 50 == 0 {
            println!("{epoch:5} | {a_sq:14.4} | {a_ce:12.4}");
        }
        // ∂C/∂z: (ŷ − y)·σ'(z) con error cuadrático, ŷ − y con entropía cruzada.
        let dz_sq = (a_sq - y) * a_sq * (1.0 - a_sq);
        let dz_ce = a_ce - y;
        squared = (squared.0 - eta * dz_sq * x, squared.1 - eta * dz_sq);
        entropy = (entropy.0 - eta * dz_ce * x, entropy.1 - eta * dz_ce);
    }
}
