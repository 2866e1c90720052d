//! Command-line arguments, parsed by hand (the grader needs few, and its
//! messages are in Spanish).

use std::path::PathBuf;

use anyhow::{Result, bail};

pub const USAGE: &str = "\
Corrector de la Unidad IV – Redes Neuronales

Uso:
  cargo run -p grader [-- OPCIONES] [FILTRO...]   corrige los ejercicios
  cargo run -p grader -- list                     capítulos, ejercicios y puntos
  cargo run -p grader -- hint <capítulo::ejercicio>  pistas de un ejercicio
  cargo run -p grader -- batch CARPETA [OPCIONES DE LOTE]  corrige las entregas de un curso (docentes)
  cargo run -p grader -- package --gradescope [--out ARCHIVO.zip] [--seed N] [--unpacked]
                                                  el autograder de Gradescope (docentes)
  cargo run -p grader -- check [--seeds N] [CAPÍTULO...]
                                                  revisa el curso (docentes y CI); con
                                                  --seeds, en N semillas en vez de 12
  cargo run -p grader -- package --student CARPETA  la edición para estudiantes (docentes)

FILTRO es un capítulo (`perceptron`) o un ejercicio (`perceptron::sign`).

Opciones:
  -v, --verbose         muestra cada caso, no sólo el primero que falla
  -w, --watch           vuelve a corregir cada vez que guardás un archivo
      --format FORMATO  text (por defecto), json o gradescope
      --dir CARPETA     corrige los archivos de CARPETA (por defecto exercises/src)
      --solutions       corrige las soluciones de referencia (docentes)
      --seed N          semilla de los casos ocultos (para repetir una corrida)
      --output ARCHIVO  escribe el informe en ARCHIVO (completo o nada) en vez de mostrarlo
      --strict          corrige sólo con todas las protecciones del aislamiento
  -h, --help            esta ayuda

Opciones de lote (batch): cada subcarpeta o .zip de CARPETA es la entrega de
un estudiante (una copia de exercises/src, del crate exercises o del
repositorio entero).
      --out CARPETA     dónde van notas.csv, notas.json y lo ya corregido
                        (por defecto CARPETA-notas, al lado de CARPETA)
      --seed N          semilla de los casos ocultos (por defecto la de la
                        corrida anterior, o una nueva)
      --jobs N          entregas corregidas a la vez (por defecto, una por núcleo)
      --regrade         vuelve a corregir también lo ya corregido
      --no-strict       corrige aunque falten protecciones del aislamiento
";

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Grade(GradeOptions),
    Batch(BatchOptions),
    PackageGradescope(PackageOptions),
    /// What Gradescope's `run_autograder` runs.
    Autograde(AutogradeOptions),
    List,
    Hint(String),
    /// The course's self-check.
    Check(CheckOptions),
    Package(Package),
    Help,
}

/// What `package` builds.
#[derive(Debug, Clone, PartialEq)]
pub enum Package {
    /// The student edition, written to this new folder.
    Student(PathBuf),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
    Gradescope,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GradeOptions {
    pub selection: Vec<String>,
    pub verbose: bool,
    pub watch: bool,
    pub format: Format,
    pub dir: Option<PathBuf>,
    pub solutions: bool,
    pub seed: Option<u64>,
    /// Write the report to this file, atomically, instead of stdout.
    pub output: Option<PathBuf>,
    /// Refuse to grade without every protection of the sandbox.
    pub strict: bool,
}

/// `batch DIR`: a class's submissions.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchOptions {
    pub dir: PathBuf,
    pub out: Option<PathBuf>,
    pub seed: Option<u64>,
    pub jobs: Option<usize>,
    /// Grade again what an earlier run graded.
    pub regrade: bool,
    pub strict: bool,
}

fn parse_batch(args: impl Iterator<Item = String>) -> Result<Command> {
    let mut args = args.peekable();
    let mut dir = None;
    let mut opts = BatchOptions {
        dir: PathBuf::new(),
        out: None,
        seed: None,
        jobs: None,
        regrade: false,
        strict: true,
    };
    while let Some(arg) = args.next() {
        let (flag, inline) = split_flag(&arg);
        let mut value = |name: &str| flag_value(name, inline.clone(), &mut args);
        match flag.as_str() {
            "--out" => opts.out = Some(PathBuf::from(value("--out")?)),
            "--regrade" => opts.regrade = true,
            "--no-strict" => opts.strict = false,
            "--seed" => {
                let text = value("--seed")?;
                opts.seed = Some(text.parse().map_err(|_| {
                    anyhow::anyhow!("la semilla tiene que ser un entero no negativo, no `{text}`")
                })?);
            }
            "--jobs" => {
                let text = value("--jobs")?;
                opts.jobs = Some(text.parse().ok().filter(|n| *n > 0).ok_or_else(|| {
                    anyhow::anyhow!("`--jobs` tiene que ser un entero positivo, no `{text}`")
                })?);
            }
            f if f.starts_with('-') => {
                bail!(
                    "opción desconocida `{f}` para `batch` (mirá `cargo run -p grader -- --help`)"
                )
            }
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            _ => bail!("`batch` corrige una sola carpeta de entregas (sobra `{arg}`)"),
        }
    }
    let Some(dir) = dir else {
        bail!("falta la carpeta de entregas: por ejemplo `cargo run -p grader -- batch entregas/`");
    };
    opts.dir = dir;
    Ok(Command::Batch(opts))
}

/// The options of a subcommand: flags with values and switches, by name.
fn options(
    args: impl Iterator<Item = String>,
    command: &str,
    with_value: &[&str],
    switches: &[&str],
) -> Result<std::collections::BTreeMap<String, String>> {
    let mut found = std::collections::BTreeMap::new();
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let (flag, inline) = split_flag(&arg);
        if with_value.contains(&flag.as_str()) {
            let Some(v) = inline.or_else(|| args.next()) else {
                bail!("a `{flag}` le falta el valor");
            };
            found.insert(flag, v);
        } else if switches.contains(&flag.as_str()) {
            found.insert(flag, String::new());
        } else {
            bail!("`{arg}` no es una opción de `{command}` (mirá `cargo run -p grader -- --help`)");
        }
    }
    Ok(found)
}

fn seed_of(text: Option<&String>) -> Result<Option<u64>> {
    text.map(|t| {
        t.parse().map_err(|_| {
            anyhow::anyhow!("la semilla tiene que ser un entero no negativo, no `{t}`")
        })
    })
    .transpose()
}

pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command> {
    let mut args = args.into_iter().peekable();
    match args.peek().map(String::as_str) {
        Some("batch") => {
            args.next();
            return parse_batch(args);
        }
        Some("package") => {
            args.next();
            let o = options(
                args,
                "package",
                &["--out", "--seed", "--student"],
                &["--gradescope", "--unpacked"],
            )?;
            if let Some(out) = o.get("--student") {
                if o.len() > 1 {
                    bail!("`package --student CARPETA` no lleva otras opciones");
                }
                return Ok(Command::Package(Package::Student(PathBuf::from(out))));
            }
            if !o.contains_key("--gradescope") {
                bail!("`package` necesita qué paquete: `--gradescope` o `--student CARPETA`");
            }
            let unpacked = o.contains_key("--unpacked");
            let default = if unpacked {
                "autograder"
            } else {
                "autograder.zip"
            };
            return Ok(Command::PackageGradescope(PackageOptions {
                out: PathBuf::from(o.get("--out").map_or(default, String::as_str)),
                seed: seed_of(o.get("--seed"))?,
                unpacked,
            }));
        }
        Some("autograde") => {
            args.next();
            let o = options(
                args,
                "autograde",
                &["--submission", "--results", "--seed"],
                &["--no-strict"],
            )?;
            let path = |flag: &str, default: &str| {
                PathBuf::from(o.get(flag).map_or(default, String::as_str))
            };
            return Ok(Command::Autograde(AutogradeOptions {
                submission: path("--submission", "/autograder/submission"),
                results: path("--results", "/autograder/results/results.json"),
                seed: seed_of(o.get("--seed"))?,
                strict: !o.contains_key("--no-strict"),
            }));
        }
        Some("list") => {
            args.next();
            if let Some(extra) = args.next() {
                bail!("`list` no lleva argumentos (sobra `{extra}`)");
            }
            return Ok(Command::List);
        }
        Some("hint") => {
            args.next();
            let Some(id) = args.next() else {
                bail!(
                    "falta el ejercicio: por ejemplo `cargo run -p grader -- hint perceptron::sign`"
                );
            };
            return Ok(Command::Hint(id));
        }
        Some("check") => {
            args.next();
            return parse_check(args).map(Command::Check);
        }
        _ => {}
    }
    let mut opts = GradeOptions {
        selection: Vec::new(),
        verbose: false,
        watch: false,
        format: Format::Text,
        dir: None,
        solutions: false,
        seed: None,
        output: None,
        strict: false,
    };
    while let Some(arg) = args.next() {
        let (flag, inline) = split_flag(&arg);
        let mut value = |name: &str| flag_value(name, inline.clone(), &mut args);
        match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "-v" | "--verbose" => opts.verbose = true,
            "-w" | "--watch" => opts.watch = true,
            "--solutions" => opts.solutions = true,
            "--format" => {
                opts.format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "gradescope" => Format::Gradescope,
                    other => bail!("formato desconocido `{other}`: usá text, json o gradescope"),
                }
            }
            "--dir" => opts.dir = Some(PathBuf::from(value("--dir")?)),
            "--output" => opts.output = Some(PathBuf::from(value("--output")?)),
            "--strict" => opts.strict = true,
            "--seed" => {
                let text = value("--seed")?;
                opts.seed = Some(text.parse().map_err(|_| {
                    anyhow::anyhow!("la semilla tiene que ser un entero no negativo, no `{text}`")
                })?);
            }
            f if f.starts_with('-') => {
                bail!("opción desconocida `{f}` (mirá `cargo run -p grader -- --help`)")
            }
            _ => opts.selection.push(arg),
        }
    }
    if opts.solutions && opts.dir.is_some() {
        bail!("`--solutions` y `--dir` no se pueden usar juntos");
    }
    if opts.watch && opts.format != Format::Text {
        bail!("`--watch` sólo funciona con el formato text");
    }
    if opts.watch && opts.output.is_some() {
        bail!("`--watch` muestra cada corrida en la terminal: no se puede usar con `--output`");
    }
    Ok(Command::Grade(opts))
}

/// `--flag=value` as the flag and its value; any other argument whole.
fn split_flag(arg: &str) -> (String, Option<String>) {
    match arg.split_once('=') {
        Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
        _ => (arg.to_string(), None),
    }
}

/// The value of the option `name`: written after `=`, or the next argument.
fn flag_value(
    name: &str,
    inline: Option<String>,
    args: &mut impl Iterator<Item = String>,
) -> Result<String> {
    match inline.or_else(|| args.next()) {
        Some(v) => Ok(v),
        None => bail!("a `{name}` le falta el valor"),
    }
}

/// `autograde`: one Gradescope submission.
#[derive(Debug, Clone, PartialEq)]
pub struct AutogradeOptions {
    pub submission: PathBuf,
    pub results: PathBuf,
    pub seed: Option<u64>,
    pub strict: bool,
}

/// `package --gradescope`.
/// `check [--seeds N] [CAPÍTULO...]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CheckOptions {
    /// Chapter ids (empty: all).
    pub chapters: Vec<String>,
    /// How many seeds to judge each exercise on (None: the fixed 12).
    pub seeds: Option<usize>,
}

fn parse_check(mut args: impl Iterator<Item = String>) -> Result<CheckOptions> {
    let mut opts = CheckOptions::default();
    while let Some(arg) = args.next() {
        let (flag, inline) = split_flag(&arg);
        if flag == "--seeds" {
            let text = flag_value("--seeds", inline, &mut args)?;
            opts.seeds = match text.parse::<usize>() {
                Ok(n) if n > 0 => Some(n),
                _ => bail!(
                    "`--seeds` espera cuántas semillas (un entero de 1 en adelante), no `{text}`"
                ),
            };
        } else if arg.starts_with('-') {
            bail!("`check` sólo acepta `--seeds N` y nombres de capítulos (sobra `{arg}`)");
        } else {
            opts.chapters.push(arg);
        }
    }
    Ok(opts)
}

#[derive(Debug, Clone, PartialEq)]
pub struct PackageOptions {
    pub out: PathBuf,
    pub seed: Option<u64>,
    /// Write the folder Gradescope would unpack, not the zip.
    pub unpacked: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_words(words: &str) -> Result<Command> {
        parse(words.split_whitespace().map(String::from))
    }

    #[test]
    fn filters_flags_and_values() {
        let Command::Grade(o) = parse_words(
            "perceptron backprop::backprop -v --format=json --seed 7 --strict --output r.json",
        )
        .unwrap() else {
            panic!("not a grade command");
        };
        assert_eq!(o.selection, vec!["perceptron", "backprop::backprop"]);
        assert!(o.verbose);
        assert_eq!(o.format, Format::Json);
        assert_eq!(o.seed, Some(7));
        assert!(o.strict);
        assert_eq!(o.output, Some(PathBuf::from("r.json")));
    }

    #[test]
    fn subcommands() {
        assert_eq!(parse_words("list").unwrap(), Command::List);
        assert_eq!(
            parse_words("hint perceptron::sign").unwrap(),
            Command::Hint("perceptron::sign".into())
        );
        assert_eq!(parse_words("--help").unwrap(), Command::Help);
        assert_eq!(
            parse_words("check").unwrap(),
            Command::Check(CheckOptions::default())
        );
        assert_eq!(
            parse_words("check xor").unwrap(),
            Command::Check(CheckOptions {
                chapters: vec!["xor".into()],
                seeds: None
            })
        );
        assert_eq!(
            parse_words("check --seeds 300 xor capstone").unwrap(),
            Command::Check(CheckOptions {
                chapters: vec!["xor".into(), "capstone".into()],
                seeds: Some(300)
            })
        );
        assert_eq!(
            parse_words("check --seeds=5").unwrap(),
            Command::Check(CheckOptions {
                chapters: Vec::new(),
                seeds: Some(5)
            })
        );
        assert!(parse_words("check --seed 1").is_err());
        assert!(parse_words("check --seeds 0").is_err());
        assert!(parse_words("check --seeds muchas").is_err());
        assert!(parse_words("check --seeds").is_err());
        assert_eq!(
            parse_words("package --student out").unwrap(),
            Command::Package(Package::Student("out".into()))
        );
        assert!(parse_words("package --student").is_err());
        assert!(parse_words("package out").is_err());
    }

    #[test]
    fn batch_options() {
        let Command::Batch(b) =
            parse_words("batch entregas --out notas --seed 5 --jobs 3 --regrade").unwrap()
        else {
            panic!("not a batch command");
        };
        assert_eq!(b.dir, PathBuf::from("entregas"));
        assert_eq!(b.out, Some(PathBuf::from("notas")));
        assert_eq!(
            (b.seed, b.jobs, b.regrade, b.strict),
            (Some(5), Some(3), true, true)
        );
        let e = |w: &str| parse_words(w).unwrap_err().to_string();
        assert!(e("batch").contains("falta la carpeta de entregas"));
        assert!(e("batch a b").contains("sobra `b`"));
        assert!(e("batch a --jobs 0").contains("entero positivo"));
        assert!(e("batch a --verbose").contains("opción desconocida"));
    }

    #[test]
    fn mistakes_get_spanish_errors() {
        assert!(
            parse_words("--format xml")
                .unwrap_err()
                .to_string()
                .contains("formato desconocido")
        );
        assert!(
            parse_words("--seed abc")
                .unwrap_err()
                .to_string()
                .contains("semilla")
        );
        assert!(
            parse_words("--bogus")
                .unwrap_err()
                .to_string()
                .contains("opción desconocida")
        );
        assert!(
            parse_words("hint")
                .unwrap_err()
                .to_string()
                .contains("falta el ejercicio")
        );
        assert!(
            parse_words("--seed")
                .unwrap_err()
                .to_string()
                .contains("falta el valor")
        );
        assert!(
            parse_words("--watch --output x")
                .unwrap_err()
                .to_string()
                .contains("no se puede usar con `--output`")
        );
    }
}
