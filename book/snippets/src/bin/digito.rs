// Un dígito manuscrito de 8×8 (UCI «Optical Recognition of Handwritten Digits»,
// primera fila de la parte de prueba: un cero); cada píxel, una intensidad de
// 0 a 16.
const DIGIT: [u8; 64] = [
    0, 0, 5, 13, 9, 1, 0, 0, //
    0, 0, 13, 15, 10, 15, 5, 0, //
    0, 3, 15, 2, 0, 11, 8, 0, //
    0, 4, 12, 0, 0, 8, 8, 0, //
    0, 5, 8, 0, 0, 9, 8, 0, //
    0, 4, 11, 0, 1, 12, 7, 0, //
    0, 2, 14, 5, 10, 12, 0, 0, //
    0, 0, 6, 13, 10, 0, 0, 0, //
];

fn main() {
    // Dibujarlo: caracteres más oscuros para intensidades más grandes.
    let shades = [' ', '.', ':', '+', '#'];
    for row in DIGIT.chunks(8) {
        let line: String = row
            .iter()
            .map(|&p| shades[(p as usize * (shades.len() - 1)).div_ceil(16)])
            .flat_map(|c| [c, c]) // dos caracteres por píxel se ven cuadrados
            .collect();
        println!("|{line}|");
    }

    // Para la red, la imagen es sólo un vector de d números.
    let x: Vec<f64> = DIGIT.iter().map(|&p| p as f64 / 16.0).collect();
    println!(
        "d = {} entradas, {} de ellas distintas de cero",
        x.len(),
        x.iter().filter(|&&v| v > 0.0).count()
    );

    // Una imagen de 28×28 (como en MNIST) y una red 784 → 128 → 10.
    let d = 28 * 28;
    let layers = [d, 128, 10];
    let params: usize = layers.windows(2).map(|p| p[0] * p[1] + p[1]).sum();
    println!("28×28 = {d} entradas; red {layers:?}: {params} parámetros");
}
