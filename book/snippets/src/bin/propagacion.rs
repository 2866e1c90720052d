// Propagación hacia adelante de una red sigmoide 2 → 3 → 1 con parámetros
// elegidos a mano.
use ndarray::{Array1, array};

fn sigmoid(z: &Array1<f64>) -> Array1<f64> {
    z.mapv(|v| 1.0 / (1.0 + (-v).exp()))
}

fn main() {
    let weights = [
        array![[0.5, -0.4], [0.3, 0.8], [-0.6, 0.1]],
        array![[1.0, -1.5, 0.7]],
    ];
    let biases = [array![0.1, -0.2, 0.0], array![0.3]];

    let mut a = array![1.0, 2.0]; // a[0] = x
    println!("a[0] = {a:.4}");
    for (l, (w, b)) in weights.iter().zip(&biases).enumerate() {
        let z = w.dot(&a) + b; // z[l] = W[l] a[l−1] + b[l]
        a = sigmoid(&z); // a[l] = σ(z[l])
        println!("z[{}] = {z:.4}", l + 1);
        println!("a[{}] = {a:.4}", l + 1);
    }
}
