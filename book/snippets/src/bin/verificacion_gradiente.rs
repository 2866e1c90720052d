// Verificación del gradiente: la regla de la cadena contra las diferencias
// centrales, en el ejemplo de las diapositivas.
fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// El costo del ejemplo como función de los parámetros θ = (w1, w2, b).
fn cost(theta: &[f64; 3], cross_entropy: bool) -> f64 {
    let (x, y) = ([1.0, 0.0], 1.0);
    let y_hat = sigmoid(theta[0] * x[0] + theta[1] * x[1] + theta[2]);
    if cross_entropy {
        -(y * y_hat.ln() + (1.0 - y) * (1.0 - y_hat).ln())
    } else {
        0.5 * (y - y_hat).powi(2)
    }
}

fn main() {
    let theta = [1.0, -1.0, 1.0]; // w1, w2, b de la diapositiva
    let x = [1.0, 0.0, 1.0]; // ∂z/∂w1, ∂z/∂w2, ∂z/∂b
    let h = 1e-5;
    let y_hat = sigmoid(2.0);
    for (name, ce) in [("error cuadrático", false), ("entropía cruzada", true)] {
        // ∂C/∂z por la regla de la cadena.
        let dc_dz = if ce {
            y_hat - 1.0
        } else {
            (y_hat - 1.0) * y_hat * (1.0 - y_hat)
        };
        println!("{name}:");
        for (i, parameter) in ["w1", "w2", "b"].iter().enumerate() {
            let analytic = if x[i] == 0.0 { 0.0 } else { dc_dz * x[i] };
            // (C(θ + h eᵢ) − C(θ − h eᵢ)) / 2h
            let (mut plus, mut minus) = (theta, theta);
            plus[i] += h;
            minus[i] -= h;
            let numeric = (cost(&plus, ce) - cost(&minus, ce)) / (2.0 * h);
            let sum = analytic.abs() + numeric.abs();
            let relative = if sum == 0.0 {
                "los dos son 0".to_string()
            } else {
                format!("{:.1e}", (analytic - numeric).abs() / sum)
            };
            println!(
                "  ∂C/∂{parameter:<2} analítico = {analytic:13.10}, numérico = {numeric:13.10}, error relativo: {relative}"
            );
        }
    }
}
