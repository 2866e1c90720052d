// A vertical-edge detector: a 3×3 kernel slid over a 6×6 image.
use ndarray::{Array2, array, s};

fn main() {
    // Bright left half (10), dark right half (0).
    let image = Array2::from_shape_fn((6, 6), |(_, j)| if j < 3 { 10.0 } else { 0.0 });
    let kernel = array![[1.0, 0.0, -1.0], [1.0, 0.0, -1.0], [1.0, 0.0, -1.0]];

    // Stride 1, no padding: (6 − 3)/1 + 1 = 4 positions in each direction.
    // Each output is the sum of a window multiplied element by element by the
    // kernel (not flipped, as neural networks do it).
    let output = Array2::from_shape_fn((4, 4), |(i, j)| {
        let window = image.slice(s![i..i + 3, j..j + 3]);
        (&window * &kernel).sum()
    });

    println!("imagen:\n{image}");
    println!("núcleo:\n{kernel}");
    println!("salida:\n{output}");
}
