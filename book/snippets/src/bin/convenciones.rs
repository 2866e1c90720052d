// Las dos maneras de escribir el sesgo dan la misma suma ponderada.
fn main() {
    let w: [f64; 2] = [1.2, 0.7];
    let x = [3.0, 4.0];

    // Este libro: z = w·x + b, con b = −2.
    let b = -2.0;
    let z_book = w[0] * x[0] + w[1] * x[1] + b;

    // Las diapositivas también escriben z = wᵀx − θ, con el umbral θ = 2 (θ = −b).
    let theta = 2.0;
    let z_slides = w[0] * x[0] + w[1] * x[1] - theta;

    println!("z (libro)         = {z_book}");
    println!("z (diapositivas)  = {z_slides}");
    println!("z con 6 decimales = {z_book:.6}");
    println!("¿z == 4.4?        {}", z_book == 4.4);
    println!("¿|z − 4.4| < 1e-9? {}", (z_book - 4.4).abs() < 1e-9);
}
