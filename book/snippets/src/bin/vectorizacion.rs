// A dense layer 784 → 128 in matrix form, for one image and for a batch.
use ndarray::{Array1, Array2, Axis};

fn main() {
    let (d, m) = (28 * 28, 128);

    // Deterministic weights and inputs, so that everyone gets the same numbers.
    let w = Array2::from_shape_fn((m, d), |(j, k)| {
        ((j * 7 + k * 3) % 13) as f64 / 100.0 - 0.06
    });
    let b = Array1::from_shape_fn(m, |j| j as f64 / 1000.0);
    let x = Array1::from_shape_fn(d, |k| (k % 28) as f64 / 27.0); // one "image"

    // z = W x + b, all 128 neurons at once.
    let z = w.dot(&x) + &b;
    println!(
        "W: {:?}, x: {:?}, b: {:?} → z: {:?}",
        w.dim(),
        x.dim(),
        b.dim(),
        z.dim()
    );

    // The same z[0] with an explicit loop: one row of W times x.
    let z0: f64 = (0..d).map(|k| w[[0, k]] * x[k]).sum::<f64>() + b[0];
    println!("z[0] con la matriz = {:.6}, con un bucle = {z0:.6}", z[0]);

    // A batch of n = 3 images, one per row: Z = X Wᵀ + b.
    let x_batch = Array2::from_shape_fn((3, d), |(i, k)| ((k + 5 * i) % 28) as f64 / 27.0);
    let z_batch = x_batch.dot(&w.t()) + &b;
    println!("X: {:?} → Z = X Wᵀ + b: {:?}", x_batch.dim(), z_batch.dim());
    let same = (&z_batch.index_axis(Axis(0), 0) - &z)
        .iter()
        .all(|v| v.abs() < 1e-12);
    println!("¿la fila 0 de Z es W x₀ + b? {same}");
}
