// Softmax, con y sin restar el máximo, y la entropía cruzada de un ejemplo.
fn softmax_ingenua(z: &[f64]) -> Vec<f64> {
    let e: Vec<f64> = z.iter().map(|v| v.exp()).collect();
    let suma: f64 = e.iter().sum();
    e.iter().map(|v| v / suma).collect()
}

fn softmax(z: &[f64]) -> Vec<f64> {
    let m = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let e: Vec<f64> = z.iter().map(|v| (v - m).exp()).collect();
    let suma: f64 = e.iter().sum();
    e.iter().map(|v| v / suma).collect()
}

fn mostrar(v: &[f64]) -> String {
    let partes: Vec<String> = v.iter().map(|x| format!("{x:.4}")).collect();
    format!("[{}]", partes.join(", "))
}

fn main() {
    for z in [[1.0, 2.0, 3.0], [1000.0, 1001.0, 1002.0]] {
        println!("z = {z:?}");
        println!("  ingenua:         {}", mostrar(&softmax_ingenua(&z)));
        println!("  restando el máx: {}", mostrar(&softmax(&z)));
    }
    // Entropía cruzada y gradiente para z = [1, 2, 3] con la clase 2.
    let z = [1.0, 2.0, 3.0];
    let y = [0.0, 0.0, 1.0];
    let p = softmax(&z);
    let costo: f64 = -y.iter().zip(&p).map(|(yk, pk)| yk * pk.ln()).sum::<f64>();
    let gradiente: Vec<f64> = p.iter().zip(&y).map(|(pk, yk)| pk - yk).collect();
    println!("C = −ln P₂ = {costo:.4}");
    println!("∂C/∂z = P − y = {}", mostrar(&gradiente));
}
