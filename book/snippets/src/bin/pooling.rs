// Max pooling con ventanas de 2×2 y paso 2: cada lado queda a la mitad.
use ndarray::{Array2, array, s};

fn max_pool(input: &Array2<f64>, size: usize, stride: usize) -> Array2<f64> {
    let (h, w) = input.dim();
    let out = ((h - size) / stride + 1, (w - size) / stride + 1);
    Array2::from_shape_fn(out, |(i, j)| {
        let window = input.slice(s![
            i * stride..i * stride + size,
            j * stride..j * stride + size
        ]);
        window.iter().copied().fold(f64::NEG_INFINITY, f64::max)
    })
}

fn main() {
    let input = array![
        [1.0, 3.0, 2.0, 1.0],
        [4.0, 2.0, 0.0, 1.0],
        [5.0, 1.0, 7.0, 8.0],
        [0.0, 2.0, 6.0, 3.0],
    ];
    println!("entrada:\n{input}");
    println!("max pooling 2×2, paso 2:\n{}", max_pool(&input, 2, 2));
}
