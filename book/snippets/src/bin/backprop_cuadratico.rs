// Worked example 1 of the slides: one sigmoid neuron, squared error.
fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn main() {
    let (x, w, b, y, eta) = ([1.0, 1.0], [1.0, 1.0], 0.0, 1.0, 0.1);

    // Forward.
    let z = w[0] * x[0] + w[1] * x[1] + b;
    let y_hat = sigmoid(z);
    let cost = 0.5 * (y - y_hat).powi(2);

    // Backward: the chain rule, one factor at a time.
    let dc_dyhat = y_hat - y; // ∂C/∂ŷ
    let dyhat_dz = y_hat * (1.0 - y_hat); // ∂ŷ/∂z = σ'(z)
    let dc_dz = dc_dyhat * dyhat_dz; // ∂C/∂z
    let dc_dw1 = dc_dz * x[0]; // ∂C/∂w1 (∂z/∂w1 = x1)
    let dc_db = dc_dz; // ∂C/∂b (∂z/∂b = 1)

    // One step of gradient descent.
    let w1_new = w[0] - eta * dc_dw1;

    println!("z       = {z}");
    println!("ŷ       = σ(z) = {y_hat:.7}");
    println!("C       = ½(y − ŷ)² = {cost:.7}");
    println!("∂C/∂ŷ   = ŷ − y = {dc_dyhat:.7}");
    println!("∂ŷ/∂z   = ŷ(1 − ŷ) = {dyhat_dz:.7}");
    println!("∂C/∂z   = {dc_dz:.7}");
    println!("∂C/∂w1  = {dc_dw1:.7}   (∂C/∂b = {dc_db:.7})");
    println!("w1 nuevo = 1 − {eta}·({dc_dw1:.7}) = {w1_new:.7}");
}
