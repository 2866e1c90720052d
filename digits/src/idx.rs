//! MNIST's IDX files (<http://yann.lecun.com/exdb/mnist/>), for a user who
//! has downloaded them: the four files, decompressed, in one folder.
//!
//! An IDX file is a big-endian header and the data: images are magic
//! `0x00000803`, count, rows, columns, then `count·rows·columns` bytes
//! (0–255); labels are magic `0x00000801`, count, then `count` bytes (0–9).

use std::path::Path;

use anyhow::{Context, Result, bail};
use ndarray::Array2;

use crate::{CLASSES, Dataset, Split};

/// Magic number of an IDX file of unsigned bytes in three dimensions.
pub const IMAGES_MAGIC: u32 = 0x0000_0803;
/// Magic number of an IDX file of unsigned bytes in one dimension.
pub const LABELS_MAGIC: u32 = 0x0000_0801;

/// The four MNIST files, as the MNIST site names them once decompressed.
pub const TRAIN_IMAGES: &str = "train-images-idx3-ubyte";
pub const TRAIN_LABELS: &str = "train-labels-idx1-ubyte";
pub const TEST_IMAGES: &str = "t10k-images-idx3-ubyte";
pub const TEST_LABELS: &str = "t10k-labels-idx1-ubyte";

/// Reads MNIST from `dir`: 60 000 training and 10 000 test images of 28×28.
pub fn load_mnist(dir: &Path) -> Result<Split> {
    Ok(Split {
        train: load_pair(&dir.join(TRAIN_IMAGES), &dir.join(TRAIN_LABELS))?,
        test: load_pair(&dir.join(TEST_IMAGES), &dir.join(TEST_LABELS))?,
    })
}

/// Reads one images file and its labels file.
pub fn load_pair(images: &Path, labels: &Path) -> Result<Dataset> {
    let image_bytes = read(images)?;
    let label_bytes = read(labels)?;
    parse_pair(
        &image_bytes,
        &images.display().to_string(),
        &label_bytes,
        &labels.display().to_string(),
    )
}

/// Parses an images file and a labels file held in memory; the names are
/// used in errors.
pub fn parse_pair(
    images: &[u8],
    images_name: &str,
    labels: &[u8],
    labels_name: &str,
) -> Result<Dataset> {
    let (count, height, width, pixels) = parse_images(images, images_name)?;
    let labels = parse_labels(labels, labels_name)?;
    if labels.len() != count {
        bail!(
            "{images_name} tiene {count} imágenes y {labels_name} tiene {} etiquetas: tienen que ser la misma cantidad (¿son archivos de conjuntos distintos?)",
            labels.len()
        );
    }
    let images = Array2::from_shape_vec((count, height * width), pixels)
        .context("no se pudo armar la matriz de imágenes")?;
    Ok(Dataset {
        images,
        labels,
        width,
        height,
    })
}

/// Parses an images file: `(count, rows, columns, pixels in [0, 1])`.
pub fn parse_images(bytes: &[u8], name: &str) -> Result<(usize, usize, usize, Vec<f64>)> {
    let header = header(bytes, name, IMAGES_MAGIC, 4, "imágenes")?;
    let (count, rows, cols) = (header[1], header[2], header[3]);
    if rows == 0 || cols == 0 {
        bail!("{name}: el encabezado dice imágenes de {rows}×{cols} píxeles");
    }
    let data = body(bytes, name, 16, &[count, rows, cols])?;
    let pixels = data.iter().map(|&p| f64::from(p) / 255.0).collect();
    Ok((count, rows, cols, pixels))
}

/// Parses a labels file: one digit 0–9 per image.
pub fn parse_labels(bytes: &[u8], name: &str) -> Result<Vec<usize>> {
    let header = header(bytes, name, LABELS_MAGIC, 2, "etiquetas")?;
    let data = body(bytes, name, 8, &[header[1]])?;
    data.iter()
        .enumerate()
        .map(|(i, &label)| {
            if usize::from(label) < CLASSES {
                Ok(usize::from(label))
            } else {
                bail!(
                    "{name}: la etiqueta {i} (byte {}) vale {label}; las etiquetas van de 0 a 9",
                    8 + i
                )
            }
        })
        .collect()
}

/// The header's big-endian words: the magic number, then the sizes.
fn header(bytes: &[u8], name: &str, magic: u32, words: usize, kind: &str) -> Result<Vec<usize>> {
    let word = |i: usize| {
        bytes
            .get(4 * i..4 * i + 4)
            .map(|w| u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
    };
    let truncated = || {
        anyhow::anyhow!(
            "{name} está cortado: tiene {} bytes y sólo el encabezado de un archivo IDX de {kind} ocupa {}",
            bytes.len(),
            4 * words
        )
    };
    let found = word(0).ok_or_else(truncated)?;
    if found != magic {
        let gzip = bytes.starts_with(&[0x1f, 0x8b]);
        bail!(
            "{name} no es un archivo IDX de {kind}: empieza con el número mágico 0x{found:08x} y tiene que ser 0x{magic:08x}{}",
            if gzip {
                " (es un archivo comprimido con gzip: descomprimilo con `gunzip`)"
            } else {
                ""
            }
        );
    }
    (0..words)
        .map(|i| word(i).map(|v| v as usize).ok_or_else(truncated))
        .collect()
}

/// The data after a header of `offset` bytes: exactly the product of `dims`.
fn body<'a>(bytes: &'a [u8], name: &str, offset: usize, dims: &[usize]) -> Result<&'a [u8]> {
    let expected = dims
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .and_then(|n| n.checked_add(offset));
    let dims_text = dims
        .iter()
        .map(usize::to_string)
        .collect::<Vec<_>>()
        .join("×");
    match expected {
        Some(n) if bytes.len() < n => bail!(
            "{name} está cortado: el encabezado anuncia {dims_text} bytes de datos ({n} bytes en total) y el archivo tiene {}",
            bytes.len()
        ),
        Some(n) if bytes.len() > n => bail!(
            "{name} tiene {} bytes, {} de más: el encabezado anuncia {dims_text} bytes de datos ({n} bytes en total)",
            bytes.len(),
            bytes.len() - n
        ),
        Some(_) => Ok(&bytes[offset..]),
        None => bail!("{name}: el encabezado anuncia un tamaño imposible ({dims_text})"),
    }
}

fn read(path: &Path) -> Result<Vec<u8>> {
    if !path.exists() {
        let gz = path.with_file_name(format!(
            "{}.gz",
            path.file_name()
                .map(|n| n.to_string_lossy())
                .unwrap_or_default()
        ));
        if gz.exists() {
            bail!(
                "no está {}, pero está {}: descomprimilo con `gunzip {}`",
                path.display(),
                gz.display(),
                gz.display()
            );
        }
        bail!(
            "no está {}: la carpeta de MNIST tiene que tener los cuatro archivos {TRAIN_IMAGES}, {TRAIN_LABELS}, {TEST_IMAGES} y {TEST_LABELS}, descomprimidos",
            path.display()
        );
    }
    std::fs::read(path).with_context(|| format!("no se pudo leer {}", path.display()))
}
