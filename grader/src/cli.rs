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
";

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Grade(GradeOptions),
    List,
    Hint(String),
    Help,
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

pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Command> {
    let mut args = args.into_iter().peekable();
    match args.peek().map(String::as_str) {
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
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String> {
            match inline.clone().or_else(|| args.next()) {
                Some(v) => Ok(v),
                None => bail!("a `{name}` le falta el valor"),
            }
        };
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
