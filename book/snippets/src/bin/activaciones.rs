// Las cuatro activaciones y sus derivadas en algunos puntos.
fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn main() {
    let alpha = 0.01; // pendiente de leaky ReLU para z ≤ 0 (ε en las diapositivas)
    let zs = [-2.0, -0.5, 0.0, 0.5, 2.0];

    println!("    z |     σ(z)    σ'(z) |   tanh(z)  tanh'(z)");
    for z in zs {
        let s = sigmoid(z);
        let t = z.tanh();
        println!(
            "{z:5.1} | {s:8.6} {:8.6} | {t:9.6} {:8.6}",
            s * (1.0 - s),
            1.0 - t * t
        );
    }

    println!();
    println!("    z |  ReLU ReLU' |  leaky leaky'");
    for z in zs {
        let (relu, drelu) = if z > 0.0 { (z, 1.0) } else { (0.0, 0.0) };
        let (leaky, dleaky) = if z > 0.0 {
            (z, 1.0)
        } else {
            (alpha * z, alpha)
        };
        println!("{z:5.1} | {relu:5.1} {drelu:5.1} | {leaky:6.3} {dleaky:6.2}");
    }
}
