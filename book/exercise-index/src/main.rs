//! Writes the book's index of exercises, `book/src/ejercicios.md`, from the
//! grader's catalog: `cargo run -p book-exercise-index`.

use std::fs;
use std::process::ExitCode;

fn main() -> ExitCode {
    let page = match book_exercise_index::render(
        &book_exercise_index::catalog_dir(),
        &book_snippets::src_dir(),
    ) {
        Ok(page) => page,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let path = book_exercise_index::output_path();
    let status = match fs::read_to_string(&path) {
        Ok(old) if old == page => "unchanged",
        Ok(_) => "updated",
        Err(_) => "created",
    };
    if status != "unchanged"
        && let Err(e) = fs::write(&path, &page)
    {
        eprintln!("error: cannot write {}: {e}", path.display());
        return ExitCode::FAILURE;
    }
    println!("{status:>9} book/src/ejercicios.md ({} bytes)", page.len());
    ExitCode::SUCCESS
}
