// Error cuadrático medio y entropía cruzada binaria media sobre cuatro ejemplos.
fn squared_error(y: &[f64], y_hat: &[f64]) -> f64 {
    let m = y.len() as f64;
    y.iter()
        .zip(y_hat)
        .map(|(y, a)| (y - a).powi(2))
        .sum::<f64>()
        / (2.0 * m)
}

fn cross_entropy(y: &[f64], y_hat: &[f64]) -> f64 {
    let m = y.len() as f64;
    let sum: f64 = y
        .iter()
        .zip(y_hat)
        .map(|(y, a)| {
            let a = a.clamp(1e-12, 1.0 - 1e-12); // para que ln sea finito
            y * a.ln() + (1.0 - y) * (1.0 - a).ln()
        })
        .sum();
    -sum / m
}

fn main() {
    let y = [1.0, 0.0, 1.0, 0.0];
    let good = [0.9, 0.2, 0.8, 0.1];
    let bad = [0.1, 0.8, 0.2, 0.9];
    let sure_and_wrong = [0.0, 1.0, 0.0, 1.0];

    for (name, y_hat) in [
        ("buenas", good),
        ("malas", bad),
        ("seguras y erradas", sure_and_wrong),
    ] {
        println!(
            "predicciones {name:<17}: error cuadrático = {:.6}, entropía cruzada = {:.6}",
            squared_error(&y, &y_hat),
            cross_entropy(&y, &y_hat)
        );
    }
}
