// Un detector de bordes verticales: un núcleo de 3×3 deslizado sobre una
// imagen de 6×6.
use ndarray::{Array2, array, s};

fn main() {
    // Mitad izquierda clara (10), mitad derecha oscura (0).
    let image = Array2::from_shape_fn((6, 6), |(_, j)| if j < 3 { 10.0 } else { 0.0 });
    let kernel = array![[1.0, 0.0, -1.0], [1.0, 0.0, -1.0], [1.0, 0.0, -1.0]];

    // Paso 1, sin relleno: (6 − 3)/1 + 1 = 4 posiciones en cada dirección.
    // Cada salida es la suma de una ventana multiplicada elemento a elemento
    // por el núcleo (sin invertirlo, como lo hacen las redes neuronales).
    let output = Array2::from_shape_fn((4, 4), |(i, j)| {
        let window = image.slice(s![i..i + 3, j..j + 3]);
        (&window * &kernel).sum()
    });

    println!("imagen:\n{image}");
    println!("núcleo:\n{kernel}");
    println!("salida:\n{output}");
}
