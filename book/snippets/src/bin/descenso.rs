// Tres pasos de descenso por el gradiente sobre el ejemplo de las
// diapositivas, con cada uno de los dos costos.
fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Da `steps` pasos desde w = (1, −1), b = 1 e imprime los parámetros, ŷ y
/// el costo antes de cada uno.
fn train(name: &str, cross_entropy: bool, eta: f64, steps: usize) {
    let (x, y) = ([1.0, 0.0], 1.0);
    let (mut w, mut b) = ([1.0, -1.0], 1.0);
    println!("{name} (η = {eta})");
    for step in 0..=steps {
        let y_hat = sigmoid(w[0] * x[0] + w[1] * x[1] + b);
        let cost = if cross_entropy {
            -y_hat.ln()
        } else {
            0.5 * (y - y_hat).powi(2)
        };
        println!(
            "  paso {step}: w = ({:.7}, {:.0}), b = {b:.7}, ŷ = {y_hat:.6}, C = {cost:.7}",
            w[0], w[1]
        );
        // ∂C/∂z de cada costo; después θ ← θ − η ∂C/∂θ para cada parámetro.
        let dc_dz = if cross_entropy {
            y_hat - y
        } else {
            (y_hat - y) * y_hat * (1.0 - y_hat)
        };
        w[0] -= eta * dc_dz * x[0];
        w[1] -= eta * dc_dz * x[1]; // x2 = 0: w2 no se mueve
        b -= eta * dc_dz;
    }
}

fn main() {
    train("Error cuadrático", false, 0.1, 3);
    train("Entropía cruzada", true, 0.1, 3);
}
