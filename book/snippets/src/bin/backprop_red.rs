// Backpropagation a mano en una red sigmoide 2 → 2 → 1, con error cuadrático.
use ndarray::{Array1, Array2, array};

fn sigmoid(z: &Array1<f64>) -> Array1<f64> {
    z.mapv(|v| 1.0 / (1.0 + (-v).exp()))
}

/// Vector columna por vector fila: el producto exterior u vᵀ.
fn outer(u: &Array1<f64>, v: &Array1<f64>) -> Array2<f64> {
    Array2::from_shape_fn((u.len(), v.len()), |(i, j)| u[i] * v[j])
}

fn main() {
    let (w1, b1) = (array![[0.15, 0.20], [0.25, 0.30]], array![0.35, 0.35]);
    let (w2, b2) = (array![[0.40, 0.45]], array![0.60]);
    let (x, y) = (array![0.05, 0.10], array![0.99]);

    // Hacia adelante: guardar todas las activaciones.
    let a0 = x;
    let a1 = sigmoid(&(w1.dot(&a0) + &b1));
    let a2 = sigmoid(&(w2.dot(&a1) + &b2));
    let cost = 0.5 * (&a2 - &y).mapv(|e| e * e).sum();
    println!("a[1] = {a1:.6}, a[2] = {a2:.6}, C = {cost:.6}");

    // Hacia atrás: δ[L] = (a[L] − y) ⊙ σ'(z[L]), después
    // δ[l] = (W[l+1]ᵀ δ[l+1]) ⊙ σ'(z[l]).
    let delta2 = (&a2 - &y) * &a2 * a2.mapv(|a| 1.0 - a);
    let delta1 = w2.t().dot(&delta2) * &a1 * a1.mapv(|a| 1.0 - a);
    println!("δ[2] = {delta2:.6}");
    println!("δ[1] = {delta1:.6}");

    // Gradientes: ∂C/∂W[l] = δ[l] a[l−1]ᵀ y ∂C/∂b[l] = δ[l].
    println!("∂C/∂W[2] = {:.6}", outer(&delta2, &a1));
    println!("∂C/∂W[1] =\n{:.6}", outer(&delta1, &a0));
    println!("∂C/∂b[1] = {delta1:.6}");
}
