//! Writes the book's figures into `book/src/figures/`:
//! `cargo run -p book-figures`.

use std::fs;
use std::process::ExitCode;

fn main() -> ExitCode {
    let dir = book_figures::output_dir();
    if let Err(e) = fs::create_dir_all(&dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    for figure in book_figures::all() {
        let path = dir.join(figure.file_name);
        let status = match fs::read_to_string(&path) {
            Ok(old) if old == figure.svg => "unchanged",
            Ok(_) => "updated",
            Err(_) => "created",
        };
        if status != "unchanged"
            && let Err(e) = fs::write(&path, &figure.svg)
        {
            eprintln!("error: cannot write {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        println!(
            "{status:>9} book/src/figures/{} ({} bytes)",
            figure.file_name,
            figure.svg.len()
        );
    }
    ExitCode::SUCCESS
}
