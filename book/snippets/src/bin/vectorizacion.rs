// Una capa densa 784 → 128 en forma matricial, para una imagen y para un lote.
use ndarray::{Array1, Array2, Axis};

fn main() {
    let (d, m) = (28 * 28, 128);

    // Pesos y entradas fijos, para que todos obtengan los mismos números.
    let w = Array2::from_shape_fn((m, d), |(j, k)| {
        ((j * 7 + k * 3) % 13) as f64 / 100.0 - 0.06
    });
    let b = Array1::from_shape_fn(m, |j| j as f64 / 1000.0);
    let x = Array1::from_shape_fn(d, |k| (k % 28) as f64 / 27.0); // una «imagen»

    // z = W x + b, las 128 neuronas a la vez.
    let z = w.dot(&x) + &b;
    // Las formas, como las escriben las diapositivas (vectores columna) y
    // como las guarda ndarray (un vector es un Array1).
    println!(
        "x: {}×1, W[1]: {}×{}, b[1]: {}×1 → z: {}×1",
        x.len(),
        w.nrows(),
        w.ncols(),
        b.len(),
        z.len()
    );
    println!(
        "en ndarray: x {:?}, W {:?}, b {:?}, z {:?}",
        x.dim(),
        w.dim(),
        b.dim(),
        z.dim()
    );
    // El mismo z[0] con un bucle: una fila de W por x.
    let z0: f64 = (0..d).map(|k| w[[0, k]] * x[k]).sum::<f64>() + b[0];
    println!("z[0] con la matriz = {:.6}, con un bucle = {z0:.6}", z[0]);

    // Un lote de n = 3 imágenes, una por fila: Z = X Wᵀ + b.
    let x_batch = Array2::from_shape_fn((3, d), |(i, k)| ((k + 5 * i) % 28) as f64 / 27.0);
    let z_batch = x_batch.dot(&w.t()) + &b;
    println!("X: {:?} → Z = X Wᵀ + b: {:?}", x_batch.dim(), z_batch.dim());
    let same = (&z_batch.index_axis(Axis(0), 0) - &z)
        .iter()
        .all(|v| v.abs() < 1e-12);
    println!("¿la fila 0 de Z es W x₀ + b? {same}");
}
