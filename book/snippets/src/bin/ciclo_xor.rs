// Un ciclo de entrenamiento completo: una red sigmoide 2 → 3 → 1 aprende XOR
// con entropía cruzada y descenso por el gradiente con el lote completo (los
// cuatro ejemplos a la vez).
use ndarray::{Array2, Axis, array};

fn sigmoid(z: &Array2<f64>) -> Array2<f64> {
    z.mapv(|v| 1.0 / (1.0 + (-v).exp()))
}

fn main() {
    // Datos: un ejemplo por fila, etiquetas en {0, 1}.
    let x = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
    let y = array![[0.0], [1.0], [1.0], [0.0]];
    let m = x.nrows() as f64;

    // Parámetros iniciales fijos (sirven cualesquiera chicos y distintos entre sí).
    let mut w1 = array![[0.5, -0.4], [0.9, 0.7], [-0.3, 0.8]];
    let mut b1 = array![0.0, 0.0, 0.0];
    let mut w2 = array![[0.6, -0.8, 0.5]];
    let mut b2 = array![0.0];
    let eta = 2.0;

    for epoch in 0..=2000 {
        // Propagación hacia adelante de todo el lote: Z = X Wᵀ + b.
        let a1 = sigmoid(&(x.dot(&w1.t()) + &b1));
        let a2 = sigmoid(&(a1.dot(&w2.t()) + &b2));

        // Entropía cruzada media (la pérdida que miramos).
        let loss = -(&y * &a2.mapv(f64::ln) + (1.0 - &y) * &a2.mapv(|a| (1.0 - a).ln())).sum() / m;
        if epoch % 250 == 0 {
            println!("época {epoch:4}: pérdida = {loss:.6}");
        }

        // Propagación hacia atrás: δ[2] = ŷ − y (entropía cruzada con salida sigmoide).
        let delta2 = (&a2 - &y) / m;
        let delta1 = delta2.dot(&w2) * &a1 * &a1.mapv(|a| 1.0 - a);

        // Un paso de descenso por el gradiente.
        w2 -= &(eta * delta2.t().dot(&a1));
        b2 -= &(eta * delta2.sum_axis(Axis(0)));
        w1 -= &(eta * delta1.t().dot(&x));
        b1 -= &(eta * delta1.sum_axis(Axis(0)));
    }

    let a1 = sigmoid(&(x.dot(&w1.t()) + &b1));
    let a2 = sigmoid(&(a1.dot(&w2.t()) + &b2));
    for (xi, yi) in x.rows().into_iter().zip(a2.column(0)) {
        println!("x = {xi} → ŷ = {yi:.4} → clase {}", u8::from(*yi > 0.5));
    }
}
