fn main() {
    println!("grader: pendiente");
}
