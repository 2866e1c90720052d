// Una celda recurrente armada a mano recuerda si el viaje «llega» o «sale».
use ndarray::{Array1, Array2, array};

/// Un paso: h_t = tanh(W_x x_t + W_h h_{t−1} + b).
fn rnn_step(
    wx: &Array2<f64>,
    wh: &Array2<f64>,
    b: &Array1<f64>,
    x: &Array1<f64>,
    h: &Array1<f64>,
) -> Array1<f64> {
    (wx.dot(x) + wh.dot(h) + b).mapv(f64::tanh)
}

/// La entrada de cada palabra: la componente 0 marca «llegaría»; la 1, «saldría».
fn encode(word: &str) -> Array1<f64> {
    match word {
        "llegaría" => array![1.0, 0.0],
        "saldría" => array![0.0, 1.0],
        _ => array![0.0, 0.0],
    }
}

fn main() {
    let wx = array![[2.0, 0.0], [0.0, 2.0]]; // escribe el verbo en el estado
    let wh = array![[1.5, 0.0], [0.0, 1.5]]; // y lo conserva ahí
    let b = array![0.0, 0.0];

    for sentence in [
        "llegaría a Neuquén el 2 de Noviembre",
        "saldría de Neuquén el 2 de Noviembre",
    ] {
        println!("«{sentence}»");
        let mut h = array![0.0, 0.0];
        for word in sentence.split(' ') {
            h = rnn_step(&wx, &wh, &b, &encode(word), &h);
            if word == "Neuquén" {
                let slot = if h[0] > h[1] { "destino" } else { "origen" };
                println!("  en «Neuquén»: h = {h:.3} → {slot}");
            }
        }
    }
}
