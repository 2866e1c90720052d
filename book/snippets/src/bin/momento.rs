// Un valle largo y angosto, f(w) = ½(w₁² + 50 w₂²): descenso común contra
// descenso con momento.
fn gradient(w: [f64; 2]) -> [f64; 2] {
    [w[0], 50.0 * w[1]]
}

/// Pasos hasta que las dos coordenadas bajan de 10⁻³ en valor absoluto.
fn steps_to_converge(eta: f64, beta: f64) -> usize {
    let (mut w, mut v) = ([1.0, 1.0], [0.0, 0.0]);
    for step in 1..=10_000 {
        let g = gradient(w);
        for i in 0..2 {
            v[i] = beta * v[i] - eta * g[i]; // v ← βv − ηg
            w[i] += v[i]; // w ← w + v
        }
        if w.iter().all(|x: &f64| x.abs() < 1e-3) {
            return step;
        }
    }
    usize::MAX
}

fn main() {
    let eta = 0.01;
    for beta in [0.0, 0.5, 0.9] {
        println!(
            "η = {eta}, β = {beta}: {} pasos",
            steps_to_converge(eta, beta)
        );
    }
    // Sin momento, η no puede crecer mucho: por encima de 2/50 = 0.04 la
    // dirección empinada diverge.
    println!("η = 0.035, β = 0: {} pasos", steps_to_converge(0.035, 0.0));
}
