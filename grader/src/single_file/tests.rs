//! The token scan and the dependency check on small chapter files.

use super::*;

fn construct(source: &str) -> Option<String> {
    check(source).map(|r| r.construct)
}

#[test]
fn every_way_of_reading_another_file_is_refused() {
    let cases = [
        (
            "#[path = \"../../solutions/src/backprop.rs\"]\nmod r;\npub use r::*;",
            "#[path]",
        ),
        ("#[cfg_attr(all(), path = \"x.rs\")]\nmod r {}", "#[path]"),
        ("mod tablas;", "mod tablas;"),
        ("pub mod tablas ;", "mod tablas;"),
        ("include!(\"/x/solutions/src/xor.rs\");", "include!"),
        ("pub fn f() -> f64 { core::include!(\"x\") }", "include!"),
        ("const S: &str = include_str!(\"x\");", "include_str!"),
        (
            "const S: &str = std::include_str ! (\"x\");",
            "include_str!",
        ),
        ("const B: &[u8] = include_bytes!(\"x\");", "include_bytes!"),
        (
            "use std::include_str as leer;\nconst S: &str = leer!(\"x\");",
            "include_str",
        ),
        ("use std::include as traer;\ntraer!(\"x\");", "traer!"),
        ("const K: &str = env!(\"HOME\");", "env!"),
        (
            "const K: Option<&str> = option_env!(\"HOME\");",
            "option_env!",
        ),
        ("use std::env as e;\nconst K: &str = e!(\"HOME\");", "e!"),
        (
            "macro_rules! m { ($f:ident) => { $f!(\"x\") } }\nm!(include);",
            "$f!",
        ),
        (
            "#[doc = include_str!(\"../../solutions/src/xor.rs\")]\npub fn f() {}",
            "include_str!",
        ),
        ("pub fn r#include_str() {}", "include_str"),
    ];
    for (source, expected) in cases {
        assert_eq!(construct(source).as_deref(), Some(expected), "{source}");
    }
}

#[test]
fn ordinary_code_comments_and_strings_pass() {
    let fine = [
        "// include!(\"x\") #[path = \"y\"] mod z;\npub fn f() {}",
        "/* include_str!(\"x\") /* nested */ env!(\"X\") */ pub fn f() {}",
        "pub fn f() -> &'static str { \"include!(\\\"x\\\") mod y;\" }",
        "pub fn f() -> &'static str { r#\"include_str!(\"x\")\"# }",
        "pub fn f() { let path = 3; let env = 2; let include = path != env; }",
        "pub fn f(env: f64) -> bool { env != 0.0 }",
        "pub fn f<'a>(x: &'a str) -> char { let _ = x; 'm' }",
        "mod inner { pub fn g() {} }\npub fn f() { inner::g(); let _ = std::env::args(); }",
        "#[inline]\n#[allow(clippy::needless_range_loop)]\npub fn f(w: &[f64]) -> f64 { w[0] }",
        "pub fn f(t: (f64, f64)) -> f64 { t.0 + 1.5e-3 + 0x1f as f64 + t.1 }",
        "pub fn f() -> u8 { b'\"' }",
        "macro_rules! dos { ($x:expr) => { $x * 2.0 } }\npub fn f(x: f64) -> f64 { dos!(x) }",
        "/// Devuelve `include!`: nunca, es sólo una palabra.\npub fn f() {}",
    ];
    for source in fine {
        assert_eq!(construct(source), None, "{source}");
    }
}

#[test]
fn the_place_is_the_line_and_column_of_the_construct() {
    let refusal = check("pub fn f() {}\n\n    #[path = \"x\"]\n    mod r;\n").unwrap();
    assert_eq!((refusal.line, refusal.column), (3, 7));
    assert!(
        refusal
            .message
            .contains("usa otro archivo (`#[path]`, línea 3)")
    );
    assert!(
        refusal
            .message
            .contains("cada capítulo tiene que ser un solo archivo")
    );
}

#[test]
fn the_dependency_list_allows_only_the_listed_files() {
    let dir = std::env::temp_dir().join(format!("single-file-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("nncore")).unwrap();
    let chapter = dir.join("my chapter.rs");
    let lib = dir.join("nncore/lib.rs");
    let secret = dir.join("secret.rs");
    for f in [&chapter, &lib, &secret] {
        std::fs::write(f, "").unwrap();
    }
    let escaped = |p: &Path| p.display().to_string().replace(' ', "\\ ");
    let ok = format!("/t/harness: {} {}\n", escaped(&chapter), escaped(&lib));
    let allowed = [chapter.clone()];
    let dirs = [dir.join("nncore")];
    assert_eq!(check_dep_info(&ok, &allowed, &dirs), None);
    let bad = format!("/t/harness: {} {}\n", escaped(&chapter), escaped(&secret));
    assert_eq!(check_dep_info(&bad, &allowed, &dirs), Some(secret.clone()));
    let refusal = Refusal::read_at_build(&secret);
    assert!(
        refusal
            .message
            .starts_with(&format!("usa otro archivo (`{}`)", secret.display())),
        "{}",
        refusal.message
    );
    let _ = std::fs::remove_dir_all(&dir);
}
