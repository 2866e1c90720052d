// The two ways of writing the bias give the same weighted sum.
fn main() {
    let w: [f64; 2] = [1.2, 0.7];
    let x = [3.0, 4.0];

    // This book: z = w·x + b, with b = −2.
    let b = -2.0;
    let z_book = w[0] * x[0] + w[1] * x[1] + b;

    // The slides: z = wᵀx − θ, with the threshold θ = 2 (that is, θ = −b).
    let theta = 2.0;
    let z_slides = w[0] * x[0] + w[1] * x[1] - theta;

    println!("z (libro)         = {z_book}");
    println!("z (diapositivas)  = {z_slides}");
    println!("z con 6 decimales = {z_book:.6}");
    println!("¿z == 4.4?        {}", z_book == 4.4);
    println!("¿|z − 4.4| < 1e-9? {}", (z_book - 4.4).abs() < 1e-9);
}
