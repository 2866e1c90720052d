// Ejemplo resuelto 2 de las diapositivas: la misma neurona y los mismos datos,
// ahora con entropía cruzada. Cada número, como lo imprime la diapositiva y
// con su valor exacto.
fn main() {
    // Los mismos datos: x = (1, 0), y = 1, w1 = 1, w2 = −1, b = 1, η = 0.1.
    let (x, y) = ([1.0, 0.0], 1.0);
    let (w, b, eta) = ([1.0, -1.0], 1.0, 0.1);

    let z = w[0] * x[0] + w[1] * x[1] + b;
    let y_hat = sigmoid(z);
    let cost = -(y * y_hat.ln() + (1.0 - y) * (1.0 - y_hat).ln());

    // El camino largo: ∂C/∂ŷ · ∂ŷ/∂z ...
    let dc_dyhat = -y / y_hat + (1.0 - y) / (1.0 - y_hat);
    let dyhat_dz = y_hat * (1.0 - y_hat);
    let long_way = dc_dyhat * dyhat_dz;
    // ... y el corto: σ' se cancela y ∂C/∂z = ŷ − y.
    let dc_dz = y_hat - y;
    let dc_dw = [dc_dz * x[0], without_negative_zero(dc_dz * x[1])];
    let dc_db = dc_dz;
    let w_new = [w[0] - eta * dc_dw[0], w[1] - eta * dc_dw[1]];
    let b_new = b - eta * dc_db;

    println!("{:<24} {:>11} {:>11}", "cantidad", "diapositiva", "exacto");
    row("z", "2", z);
    row("ŷ = σ(z)", "0,8808", y_hat);
    row("C = −ln ŷ", "0.1269", cost);
    row("ŷ − y", "-0.1192", y_hat - y);
    row("∂C/∂w1 = (ŷ − y)·x1", "-0.1192", dc_dw[0]);
    row("w1 − η·∂C/∂w1", "1.01192", w_new[0]);
    println!("no están en la diapositiva:");
    println!("{:<24} {:>11} {:>11.7}", "∂C/∂ŷ = −y/ŷ", "", dc_dyhat);
    println!("{:<24} {:>11} {:>11.7}", "∂C/∂ŷ · ŷ(1 − ŷ)", "", long_way);
    println!(
        "{:<24} {:>11} {:>11.7}",
        "∂C/∂w2 = (ŷ − y)·x2", "", dc_dw[1]
    );
    println!("{:<24} {:>11} {:>11.7}", "∂C/∂b = ŷ − y", "", dc_db);
    println!("{:<24} {:>11} {:>11.7}", "w2 − η·∂C/∂w2", "", w_new[1]);
    println!("{:<24} {:>11} {:>11.7}", "b − η·∂C/∂b", "", b_new);
}

/// Imprime una fila de la tabla. `slide` es el número tal como lo escribe la
/// diapositiva (con coma o punto decimal); la última columna dice si coincide
/// con el valor exacto redondeado a la misma cantidad de decimales.
fn row(quantity: &str, slide: &str, exact: f64) {
    let decimals = slide.split([',', '.']).nth(1).map_or(0, str::len);
    let shown: f64 = slide
        .replace(',', ".")
        .parse()
        .expect("un número de la diapositiva");
    let scale = 10f64.powi(decimals as i32);
    let matches = ((exact * scale).round() - shown * scale).abs() < 0.5;
    let note = if matches { "coincide" } else { "DIFIERE" };
    println!("{quantity:<24} {slide:>11} {exact:>11.7}  {note}");
}

/// −0.0 (por ejemplo, −0.1192 · 0) se imprime «-0.0000000»: lo mostramos como 0.
fn without_negative_zero(v: f64) -> f64 {
    if v == 0.0 { 0.0 } else { v }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}
