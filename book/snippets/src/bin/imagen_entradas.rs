// ¿Cuántas entradas tiene una red que mira una imagen? Una por número de la
// imagen: un número por píxel en escala de grises, tres (rojo, verde, azul)
// en color.
fn main() {
    let (height, width) = (64, 64);
    let grey = height * width;
    let colour = height * width * 3;
    println!("imagen de {height}×{width} en escala de grises: x tiene {grey} entradas");
    println!(
        "imagen de {height}×{width} en color (RGB), {height}×{width}×3: x tiene {colour} entradas"
    );
    // Con una primera capa oculta de 128 neuronas, W[1] tiene una fila por
    // neurona y una columna por entrada.
    let m = 128;
    for d in [grey, colour] {
        println!("con m = {m} neuronas: W[1] es de {m}×{d}, {} pesos", m * d);
    }
}
