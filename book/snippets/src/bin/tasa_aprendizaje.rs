// Descenso por el gradiente sobre f(w) = w² (gradiente 2w) con tres tasas de
// aprendizaje, y un decaimiento de la tasa η_t = η₀ / (1 + k t).
fn main() {
    for eta in [0.1, 0.9, 1.1] {
        let mut w: f64 = 1.0;
        let mut path = Vec::new();
        for _ in 0..5 {
            w -= eta * 2.0 * w;
            path.push(format!("{w:.3}"));
        }
        println!("η = {eta}: w = {}", path.join(", "));
    }

    let (eta0, k) = (0.5, 0.1);
    let schedule: Vec<String> = [0, 1, 2, 5, 10, 50]
        .iter()
        .map(|&t| format!("η_{t} = {:.4}", eta0 / (1.0 + k * t as f64)))
        .collect();
    println!(
        "decaimiento (η₀ = {eta0}, k = {k}): {}",
        schedule.join(", ")
    );
}
