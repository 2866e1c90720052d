//! The bundled UCI digits, their split, and the errors on malformed files.

use std::path::Path;

use digits::uci::{self, PIXELS};

fn header() -> String {
    let mut h: Vec<String> = (0..PIXELS).map(|i| format!("p{i}")).collect();
    h.push("label".into());
    h.join(",")
}

fn row(pixel: u32, label: u32) -> String {
    let mut r: Vec<String> = (0..PIXELS)
        .map(|i| ((pixel + i as u32) % 17).to_string())
        .collect();
    r.push(label.to_string());
    r.join(",")
}

fn err(text: &str) -> String {
    format!("{:#}", uci::parse_csv(text, "d.csv").unwrap_err())
}

#[test]
fn bundled_split_has_the_published_sizes_and_rows() {
    let split = uci::bundled();
    assert_eq!(split.train.len(), 1437);
    assert_eq!(split.test.len(), 360);
    assert_eq!(split.train.features(), 64);
    assert_eq!((split.test.width, split.test.height), (8, 8));
    // Every class appears in both parts, and pixels are scaled to [0, 1].
    for digit in 0..10 {
        assert!(split.train.labels.contains(&digit));
        assert!(split.test.labels.contains(&digit));
    }
    assert!(split.train.images.iter().all(|&p| (0.0..=1.0).contains(&p)));
    assert_eq!(split.train.images.iter().cloned().fold(0.0, f64::max), 1.0);

    // The first data row of the file (label 0) is not a test row, so it is
    // the first training row; row 4 is the first test row.
    let text = std::fs::read_to_string(uci::data_dir().join("digits.csv")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let first: Vec<f64> = lines[1].split(',').map(|f| f.parse().unwrap()).collect();
    assert_eq!(split.train.labels[0], first[64] as usize);
    let pixels: Vec<f64> = first[..64].iter().map(|p| p / 16.0).collect();
    assert_eq!(split.train.images.row(0).to_vec(), pixels);
    let fifth: Vec<f64> = lines[5].split(',').map(|f| f.parse().unwrap()).collect();
    assert_eq!(split.test.labels[0], fifth[64] as usize);
}

#[test]
fn load_from_disk_equals_the_bundled_copy() {
    let dir = uci::data_dir();
    let split = uci::load(&dir.join("digits.csv"), &dir.join("digits_test_rows.txt")).unwrap();
    assert_eq!(split, uci::bundled());
}

#[test]
fn a_missing_file_is_named() {
    let missing = Path::new("/nonexistent/digits.csv");
    let e = format!("{:#}", uci::load(missing, missing).unwrap_err());
    assert!(e.contains("no se pudo leer /nonexistent/digits.csv"), "{e}");
}

#[test]
fn a_good_small_file_parses() {
    let text = format!("{}\n{}\n{}\n", header(), row(0, 3), row(5, 9));
    let d = uci::parse_csv(&text, "d.csv").unwrap();
    assert_eq!(d.labels, vec![3, 9]);
    assert_eq!(d.images[[1, 0]], 5.0 / 16.0);
    // Windows line endings too.
    let crlf = text.replace('\n', "\r\n");
    assert_eq!(uci::parse_csv(&crlf, "d.csv").unwrap(), d);
}

#[test]
fn malformed_files_get_line_and_column() {
    assert!(err("").contains("vacío"));
    let e = err("a,b\n");
    assert!(e.contains("línea 1") && e.contains("encabezado"), "{e}");
    let bad_name = header().replace("p7,", "q7,");
    let e = err(&format!("{bad_name}\n{}\n", row(0, 1)));
    assert!(
        e.contains("línea 1, columna 8") && e.contains("«q7»"),
        "{e}"
    );

    let mut fields: Vec<String> = row(0, 1).split(',').map(String::from).collect();
    fields[12] = "x".into();
    let e = err(&format!(
        "{}\n{}\n{}\n",
        header(),
        row(0, 2),
        fields.join(",")
    ));
    assert!(
        e.contains("d.csv, línea 3, columna 13") && e.contains("p12") && e.contains("«x»"),
        "{e}"
    );

    fields[12] = "17".into();
    let e = err(&format!("{}\n{}\n", header(), fields.join(",")));
    assert!(
        e.contains("línea 2, columna 13") && e.contains("vale 17"),
        "{e}"
    );

    let e = err(&format!("{}\n{}\n", header(), row(0, 10)));
    assert!(
        e.contains("columna 65") && e.contains("la etiqueta vale 10"),
        "{e}"
    );

    let short = row(0, 1).rsplit_once(',').unwrap().0.to_string();
    let e = err(&format!("{}\n{short}\n", header()));
    assert!(e.contains("línea 2") && e.contains("64 columnas"), "{e}");

    let e = err(&format!("{}\n", header()));
    assert!(e.contains("ninguna imagen"), "{e}");
}

#[test]
fn malformed_split_files_are_rejected() {
    let e = |text: &str| format!("{:#}", uci::parse_test_rows(text, "t.txt", 5).unwrap_err());
    assert!(e("1\nx\n").contains("t.txt, línea 2, columna 1: «x»"));
    assert!(e("1\n5\n").contains("la fila 5 no existe"));
    assert!(e("1\n1\n").contains("la fila 1 está repetida"));
    assert!(e("").contains("0 filas de 5"));
    assert!(e("0\n1\n2\n3\n4\n").contains("5 filas de 5"));
    assert_eq!(
        uci::parse_test_rows("3\n\n1\n", "t.txt", 5).unwrap(),
        vec![3, 1]
    );
}
