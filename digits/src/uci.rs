//! The UCI 8×8 digits (`data/digits.csv`) and their fixed 80/20 split
//! (`data/digits_test_rows.txt`).
//!
//! The CSV has a header `p0,…,p63,label` and one image per line: 64 pixels
//! (integers 0–16) and the label (0–9). The split file lists the 0-based
//! data rows that form the test set, one per line; every other row is
//! training data, in file order.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use ndarray::Array2;

use crate::{CLASSES, Dataset, Split};

/// Pixels per image (8×8).
pub const PIXELS: usize = 64;
/// Largest pixel value in the file (a count of set pixels in a 4×4 block).
pub const MAX_PIXEL: u32 = 16;
/// Images in the shipped file.
pub const ROWS: usize = 1797;
/// Test rows of the fixed split.
pub const TEST_ROWS: usize = 360;

const CSV_TEXT: &str = include_str!("../../data/digits.csv");
const TEST_ROWS_TEXT: &str = include_str!("../../data/digits_test_rows.txt");

/// The folder of the shipped files (`data/` at the workspace root).
pub fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data")
}

/// The shipped set with its fixed split: 1437 training and 360 test images.
/// The files are compiled in, so this works from any folder.
pub fn bundled() -> Split {
    // The shipped files are checked by this crate's tests, so a failure here
    // is a broken build, not a user's input.
    parse_split(
        CSV_TEXT,
        "data/digits.csv",
        TEST_ROWS_TEXT,
        "data/digits_test_rows.txt",
    )
    .expect("the bundled digits files are valid (checked by the tests)")
}

/// Reads a digits CSV and a split file from disk.
pub fn load(csv: &Path, test_rows: &Path) -> Result<Split> {
    let csv_text = read(csv)?;
    let rows_text = read(test_rows)?;
    parse_split(
        &csv_text,
        &csv.display().to_string(),
        &rows_text,
        &test_rows.display().to_string(),
    )
}

/// Parses a CSV and a split file; `csv_name` and `rows_name` name them in
/// errors.
pub fn parse_split(csv: &str, csv_name: &str, rows: &str, rows_name: &str) -> Result<Split> {
    let all = parse_csv(csv, csv_name)?;
    let test_rows = parse_test_rows(rows, rows_name, all.len())?;
    let mut is_test = vec![false; all.len()];
    for &r in &test_rows {
        is_test[r] = true;
    }
    let train_rows: Vec<usize> = (0..all.len()).filter(|&r| !is_test[r]).collect();
    Ok(Split {
        train: all.select(&train_rows),
        test: all.select(&test_rows),
    })
}

/// Parses the digits CSV: header, then 64 pixels (0–16) and a label (0–9)
/// per line. Pixels are scaled to `[0, 1]` (divided by 16).
pub fn parse_csv(text: &str, name: &str) -> Result<Dataset> {
    let mut lines = text.lines().enumerate();
    let Some((_, header)) = lines.next() else {
        bail!("{name} está vacío: tiene que empezar con el encabezado p0,…,p63,label");
    };
    check_header(header.trim_end_matches('\r'), name)?;

    let mut pixels = Vec::with_capacity(ROWS * PIXELS);
    let mut labels = Vec::with_capacity(ROWS);
    for (index, line) in lines {
        let line_no = index + 1;
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split(',').collect();
        if fields.len() != PIXELS + 1 {
            bail!(
                "{name}, línea {line_no}: tiene {} columnas y tiene que tener {} (64 píxeles y la etiqueta)",
                fields.len(),
                PIXELS + 1
            );
        }
        for (col, field) in fields.iter().enumerate() {
            let max = if col < PIXELS {
                MAX_PIXEL
            } else {
                CLASSES as u32 - 1
            };
            let what = if col < PIXELS {
                format!("el píxel p{col}")
            } else {
                "la etiqueta".to_string()
            };
            let value: u32 = field.trim().parse().map_err(|_| {
                anyhow::anyhow!(
                    "{name}, línea {line_no}, columna {}: {what} es «{}», que no es un número entero entre 0 y {max}",
                    col + 1,
                    field.trim()
                )
            })?;
            if value > max {
                bail!(
                    "{name}, línea {line_no}, columna {}: {what} vale {value}, fuera del rango 0–{max}",
                    col + 1
                );
            }
            if col < PIXELS {
                pixels.push(f64::from(value) / f64::from(MAX_PIXEL));
            } else {
                labels.push(value as usize);
            }
        }
    }
    if labels.is_empty() {
        bail!("{name} no tiene ninguna imagen después del encabezado");
    }
    let images = Array2::from_shape_vec((labels.len(), PIXELS), pixels)
        .context("no se pudo armar la matriz de imágenes")?;
    Ok(Dataset {
        images,
        labels,
        width: 8,
        height: 8,
    })
}

fn check_header(header: &str, name: &str) -> Result<()> {
    let fields: Vec<&str> = header.split(',').map(str::trim).collect();
    let expected = (0..PIXELS)
        .map(|i| format!("p{i}"))
        .chain(std::iter::once("label".to_string()));
    if fields.len() != PIXELS + 1 {
        bail!(
            "{name}, línea 1: el encabezado tiene {} columnas y tiene que ser p0,…,p63,label ({} columnas)",
            fields.len(),
            PIXELS + 1
        );
    }
    for (col, (got, want)) in fields.iter().zip(expected).enumerate() {
        if *got != want {
            bail!(
                "{name}, línea 1, columna {}: el encabezado dice «{got}» donde tiene que decir «{want}»",
                col + 1
            );
        }
    }
    Ok(())
}

/// Parses the list of test rows: one 0-based row number per line, each
/// below `rows` and none repeated.
pub fn parse_test_rows(text: &str, name: &str, rows: usize) -> Result<Vec<usize>> {
    let mut seen = vec![false; rows];
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line_no = index + 1;
        let field = line.trim();
        if field.is_empty() {
            continue;
        }
        let row: usize = field.parse().map_err(|_| {
            anyhow::anyhow!(
                "{name}, línea {line_no}, columna 1: «{field}» no es un número de fila (un entero desde 0)"
            )
        })?;
        if row >= rows {
            bail!(
                "{name}, línea {line_no}, columna 1: la fila {row} no existe (el archivo de datos tiene {rows} filas, de 0 a {})",
                rows.saturating_sub(1)
            );
        }
        if seen[row] {
            bail!("{name}, línea {line_no}, columna 1: la fila {row} está repetida");
        }
        seen[row] = true;
        out.push(row);
    }
    if out.is_empty() || out.len() == rows {
        bail!(
            "{name}: el conjunto de prueba tiene {} filas de {rows}; tienen que quedar filas para prueba y para entrenamiento",
            out.len()
        );
    }
    Ok(out)
}

fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| {
        format!(
            "no se pudo leer {} (los archivos de los dígitos vienen en la carpeta data/ del repositorio)",
            path.display()
        )
    })
}
