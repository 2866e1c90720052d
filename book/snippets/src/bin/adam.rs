// El primer paso del descenso común y el de Adam, para gradientes de tamaños
// muy distintos: el paso de Adam mide más o menos η, sea cual sea la escala
// del gradiente.
fn main() {
    let (eta, beta1, beta2, eps) = (0.001, 0.9, 0.999, 1e-8);
    println!("gradiente | paso de GD (η g) | paso de Adam");
    for g in [1e-3_f64, 1.0, 1e3] {
        // t = 1; m y v empiezan en cero.
        let m = (1.0 - beta1) * g;
        let v = (1.0 - beta2) * g * g;
        let m_hat = m / (1.0 - beta1);
        let v_hat = v / (1.0 - beta2);
        let adam = eta * m_hat / (v_hat.sqrt() + eps);
        println!("{g:9.0e} | {:16.1e} | {adam:.6}", eta * g);
    }
}
