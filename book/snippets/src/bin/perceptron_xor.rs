// El mismo algoritmo, con XOR, nunca termina una época sin errores.
fn sgn(z: f64) -> f64 {
    if z > 0.0 { 1.0 } else { -1.0 }
}

fn main() {
    let data = [
        ([-1.0, -1.0], -1.0),
        ([-1.0, 1.0], 1.0),
        ([1.0, -1.0], 1.0),
        ([1.0, 1.0], -1.0),
    ];
    let eta = 1.0;
    let (mut w, mut b) = ([0.0, 0.0], 0.0);

    for epoch in 1..=8 {
        let mut errors = 0;
        for (x, y) in data {
            let y_hat = sgn(w[0] * x[0] + w[1] * x[1] + b);
            let eps = (y - y_hat) / 2.0;
            if eps != 0.0 {
                errors += 1;
                w[0] += eta * eps * x[0];
                w[1] += eta * eps * x[1];
                b += eta * eps;
            }
        }
        println!("época {epoch}: {errors} errores, w = {w:?}, b = {b:?}");
    }
}
