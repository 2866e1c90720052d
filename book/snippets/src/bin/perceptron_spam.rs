// El perceptrón del spam de las diapositivas, calculado paso a paso.
fn sgn(z: f64) -> f64 {
    if z > 0.0 { 1.0 } else { -1.0 }
}

fn main() {
    let w = [1.2, 0.7]; // peso de «gratis», peso de un enlace
    let b = -2.0;
    let emails = [
        ("3 «gratis», 4 enlaces", [3.0, 4.0]),
        ("0 «gratis», 1 enlace", [0.0, 1.0]),
    ];

    for (name, x) in emails {
        let p1 = w[0] * x[0];
        let p2 = w[1] * x[1];
        let z = p1 + p2 + b;
        let y_hat = sgn(z);
        println!("{name}:");
        println!(
            "  z = {}·{} + {}·{} + ({b}) = {p1:.1} + {p2:.1} + ({b}) = {z:.1}",
            w[0], x[0], w[1], x[1]
        );
        println!(
            "  ŷ = sgn({z:.1}) = {y_hat:+}  ({})",
            if y_hat > 0.0 { "spam" } else { "no es spam" }
        );
    }
}
