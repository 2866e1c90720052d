// Ejemplo resuelto 1 de las diapositivas: una neurona sigmoide con error
// cuadrático, con los datos de la diapositiva. Cada número se muestra como lo
// imprime la diapositiva y con su valor exacto, uno al lado del otro.
fn main() {
    // Datos de la diapositiva: x = (1, 0), y = 1, w1 = 1, w2 = −1, b = 1, η = 0.1.
    let (x, y) = ([1.0, 0.0], 1.0);
    let (w, b, eta) = ([1.0, -1.0], 1.0, 0.1);

    // 1. Cálculo hacia adelante.
    let z = w[0] * x[0] + w[1] * x[1] + b;
    let y_hat = sigmoid(z);
    // 2. La pérdida.
    let cost = 0.5 * (y - y_hat).powi(2);
    // 3. La regla de la cadena, un factor por vez.
    let dc_dyhat = y_hat - y; // ∂C/∂ŷ
    let dyhat_dz = y_hat * (1.0 - y_hat); // ∂ŷ/∂z = σ'(z)
    let dc_dz = dc_dyhat * dyhat_dz; // ∂C/∂z
    let dc_dw = [dc_dz * x[0], without_negative_zero(dc_dz * x[1])]; // ∂z/∂wᵢ = xᵢ
    let dc_db = dc_dz; // ∂z/∂b = 1
    // 4. Un paso de descenso por el gradiente.
    let w_new = [w[0] - eta * dc_dw[0], w[1] - eta * dc_dw[1]];
    let b_new = b - eta * dc_db;

    println!("{:<24} {:>11} {:>11}", "cantidad", "diapositiva", "exacto");
    row("z = w1·x1 + w2·x2 + b", "2", z);
    row("ŷ = σ(z)", "0,8808", y_hat);
    row("C = ½(y − ŷ)²", "0.0072", cost);
    row("∂C/∂ŷ = ŷ − y", "-0,1192", dc_dyhat);
    row("∂ŷ/∂z = ŷ(1 − ŷ)", "0.1049", dyhat_dz);
    row("∂z/∂w1 = x1", "1", x[0]);
    row("∂C/∂w1", "-0.0125", dc_dw[0]);
    row("w1 − η·∂C/∂w1", "1.00125", w_new[0]);
    println!("no están en la diapositiva:");
    println!(
        "{:<24} {:>11} {:>11.7}",
        "∂C/∂w2 = ∂C/∂z · x2", "", dc_dw[1]
    );
    println!("{:<24} {:>11} {:>11.7}", "∂C/∂b = ∂C/∂z · 1", "", dc_db);
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
