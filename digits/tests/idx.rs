//! The IDX loader on small files the tests write, and its errors.

use std::path::{Path, PathBuf};

use digits::idx::{self, IMAGES_MAGIC, LABELS_MAGIC};

fn images_file(count: u32, rows: u32, cols: u32, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for word in [IMAGES_MAGIC, count, rows, cols] {
        out.extend(word.to_be_bytes());
    }
    out.extend(data);
    out
}

fn labels_file(labels: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend(LABELS_MAGIC.to_be_bytes());
    out.extend((labels.len() as u32).to_be_bytes());
    out.extend(labels);
    out
}

/// A fresh folder under the system's temporary folder.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("digits-idx-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_mnist(dir: &Path, test_labels: &[u8]) {
    // Three 2×3 training images and two test images.
    let train: Vec<u8> = (0..18).map(|i| (i * 15) as u8).collect();
    std::fs::write(dir.join(idx::TRAIN_IMAGES), images_file(3, 2, 3, &train)).unwrap();
    std::fs::write(dir.join(idx::TRAIN_LABELS), labels_file(&[7, 0, 9])).unwrap();
    std::fs::write(dir.join(idx::TEST_IMAGES), images_file(2, 2, 3, &[255; 12])).unwrap();
    std::fs::write(dir.join(idx::TEST_LABELS), labels_file(test_labels)).unwrap();
}

fn err(images: &[u8], labels: &[u8]) -> String {
    format!(
        "{:#}",
        idx::parse_pair(images, "img", labels, "lab").unwrap_err()
    )
}

#[test]
fn reads_a_small_mnist_folder() {
    let dir = scratch("good");
    write_mnist(&dir, &[1, 2]);
    let split = idx::load_mnist(&dir).unwrap();
    assert_eq!(split.train.labels, vec![7, 0, 9]);
    assert_eq!((split.train.height, split.train.width), (2, 3));
    assert_eq!(split.train.images.shape(), &[3, 6]);
    assert_eq!(split.train.images[[1, 0]], 90.0 / 255.0);
    assert_eq!(split.test.images[[1, 5]], 1.0);
    assert_eq!(split.test.labels, vec![1, 2]);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn missing_and_compressed_files_are_explained() {
    let dir = scratch("missing");
    let e = format!("{:#}", idx::load_mnist(&dir).unwrap_err());
    assert!(
        e.contains("no está") && e.contains(idx::TRAIN_IMAGES),
        "{e}"
    );
    write_mnist(&dir, &[1, 2]);
    let images = dir.join(idx::TRAIN_IMAGES);
    std::fs::rename(&images, dir.join(format!("{}.gz", idx::TRAIN_IMAGES))).unwrap();
    let e = format!("{:#}", idx::load_mnist(&dir).unwrap_err());
    assert!(e.contains("gunzip"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_bad_label_in_the_test_files_is_named() {
    let dir = scratch("label");
    write_mnist(&dir, &[1, 12]);
    let e = format!("{:#}", idx::load_mnist(&dir).unwrap_err());
    assert!(
        e.contains(idx::TEST_LABELS) && e.contains("la etiqueta 1 (byte 9) vale 12"),
        "{e}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn wrong_magic_truncated_and_wrong_size_files_are_rejected() {
    let images = images_file(2, 2, 2, &[0; 8]);
    let labels = labels_file(&[1, 2]);
    assert!(idx::parse_pair(&images, "img", &labels, "lab").is_ok());

    // Labels where images are expected, and the other way round.
    let e = err(&labels, &labels);
    assert!(
        e.contains("img no es un archivo IDX de imágenes") && e.contains("0x00000801"),
        "{e}"
    );
    let e = err(&images, &images);
    assert!(e.contains("lab no es un archivo IDX de etiquetas"), "{e}");
    // A gzip file is recognised.
    let e = err(
        &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        &labels,
    );
    assert!(e.contains("gunzip"), "{e}");

    // Shorter than its header; shorter than its data; longer.
    let e = err(&images[..10], &labels);
    assert!(
        e.contains("img está cortado") && e.contains("10 bytes"),
        "{e}"
    );
    let e = err(&images[..20], &labels);
    assert!(
        e.contains("img está cortado") && e.contains("2×2×2") && e.contains("24 bytes en total"),
        "{e}"
    );
    let mut long = images.clone();
    long.push(0);
    let e = err(&long, &labels);
    assert!(e.contains("25 bytes, 1 de más"), "{e}");
    let e = err(&images, &labels[..9]);
    assert!(e.contains("lab está cortado"), "{e}");

    // Images and labels that do not match in number.
    let e = err(&images, &labels_file(&[1, 2, 3]));
    assert!(e.contains("2 imágenes") && e.contains("3 etiquetas"), "{e}");
    // Zero-sized images.
    let e = err(&images_file(1, 0, 2, &[]), &labels_file(&[1]));
    assert!(e.contains("0×2"), "{e}");
    // A header announcing more than memory can hold.
    let e = err(&images_file(u32::MAX, u32::MAX, u32::MAX, &[]), &labels);
    assert!(e.contains("cortado") || e.contains("imposible"), "{e}");
}
