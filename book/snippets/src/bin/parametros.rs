// Cantidad de parámetros: capas densas contra capas convolucionales.
fn dense(inputs: usize, outputs: usize) -> usize {
    inputs * outputs + outputs
}

fn conv(kernel_h: usize, kernel_w: usize, in_channels: usize, filters: usize) -> usize {
    (kernel_h * kernel_w * in_channels + 1) * filters
}

fn main() {
    println!(
        "densa 784 → 128:                         {:>11}",
        dense(784, 128)
    );
    println!(
        "densa 224·224·3 → 1000:                  {:>11}",
        dense(224 * 224 * 3, 1000)
    );
    println!(
        "convolución 5×5, 1 canal, 32 filtros:    {:>11}",
        conv(5, 5, 1, 32)
    );
    println!(
        "convolución 3×3, 3 canales, 64 filtros:  {:>11}",
        conv(3, 3, 3, 64)
    );
}
