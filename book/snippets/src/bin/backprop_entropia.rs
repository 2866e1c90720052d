// Worked example 2 of the slides: the same neuron with cross-entropy.
fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn main() {
    let (x, w, b, y, eta) = ([1.0, 1.0], [1.0, 1.0], 0.0, 1.0, 0.1);

    let z = w[0] * x[0] + w[1] * x[1] + b;
    let y_hat = sigmoid(z);
    let cost = -(y * y_hat.ln() + (1.0 - y) * (1.0 - y_hat).ln());

    // The long way: ∂C/∂ŷ · ∂ŷ/∂z ...
    let dc_dyhat = -y / y_hat + (1.0 - y) / (1.0 - y_hat);
    let dyhat_dz = y_hat * (1.0 - y_hat);
    let long_way = dc_dyhat * dyhat_dz;
    // ... and the short one: ∂C/∂z = ŷ − y.
    let dc_dz = y_hat - y;

    let dc_dw1 = dc_dz * x[0];
    let w1_new = w[0] - eta * dc_dw1;

    println!("ŷ      = {y_hat:.7}");
    println!("C      = −ln ŷ = {cost:.7}");
    println!("∂C/∂ŷ  = −y/ŷ + (1 − y)/(1 − ŷ) = {dc_dyhat:.7}");
    println!("∂C/∂z  = ∂C/∂ŷ · ŷ(1 − ŷ) = {long_way:.7} = ŷ − y = {dc_dz:.7}");
    println!("∂C/∂w1 = (ŷ − y)·x1 = {dc_dw1:.7}");
    println!("w1 nuevo = 1 − {eta}·({dc_dw1:.7}) = {w1_new:.7}");
}
