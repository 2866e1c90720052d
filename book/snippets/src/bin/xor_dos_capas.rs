// La red de dos capas de las diapositivas que calcula XOR (entradas ±1).
fn sgn(z: f64) -> f64 {
    if z > 0.0 { 1.0 } else { -1.0 }
}

fn main() {
    println!("  x1   x2 |  y1 (OR)  y2 (AND) | y3 = XOR");
    for (x1, x2) in [(-1.0, -1.0), (-1.0, 1.0), (1.0, -1.0), (1.0, 1.0)] {
        let y1 = sgn(x1 + x2 + 1.0); // OR
        let y2 = sgn(x1 + x2 - 1.0); // AND
        let y3 = sgn(y1 - y2 - 1.0); // OR y no AND
        println!("{x1:+4} {x2:+4} | {y1:+8} {y2:+9} | {y3:+8}");
    }
}
