//! Reads one reference solution (`solutions/src/<chapter>.rs`): its items,
//! with their places in the text, and the exercise markers.
//!
//! A marker is a line comment on its own line right above a `pub fn` (below
//! its doc comment, or above it):
//!
//! - `// exercise`: the student writes this function's body; the stub gets
//!   `todo!("<name>")` instead.
//! - `// exercise: output (w, b)`: the same, and the parts of the tuple the
//!   function returns travel as a JSON object with these keys (`{"w": …,
//!   "b": …}`) instead of a list. The outermost tuple of the return type is
//!   named, also inside a `Vec` or a `Result`.

use std::ops::Range;

use anyhow::{Context, Result, bail};
use proc_macro2::Span;
use syn::spanned::Spanned;

/// A parsed solution file.
pub struct Chapter {
    /// The chapter's id: the file's name without `.rs`.
    pub name: String,
    pub source: String,
    pub file: syn::File,
    pub exercises: Vec<Exercise>,
    /// Byte ranges of the marker lines (with their line break).
    pub marker_lines: Vec<Range<usize>>,
}

/// A function marked as an exercise.
pub struct Exercise {
    pub name: String,
    pub params: Vec<Param>,
    /// The return type; `None` for `()`.
    pub output: Option<syn::Type>,
    /// The names given to the parts of the returned tuple, if any.
    pub output_names: Option<Vec<String>>,
    /// Byte range of the body, braces included.
    pub body: Range<usize>,
    /// The indentation of the line where the function starts.
    pub indent: String,
    /// Whether the function has generic parameters.
    pub generic: bool,
}

pub struct Param {
    pub name: String,
    pub ty: syn::Type,
}

/// One marker found in the text.
struct Marker {
    line: Range<usize>,
    line_number: usize,
    output_names: Option<Vec<String>>,
}

impl Chapter {
    /// Parses `source`, the solution file of chapter `name`.
    pub fn parse(name: &str, source: &str) -> Result<Chapter> {
        let file = syn::parse_file(source)
            .map_err(|e| located(source, e.span(), &e.to_string()))
            .with_context(|| format!("solutions/src/{name}.rs does not parse"))?;
        let markers =
            find_markers(source).with_context(|| format!("in solutions/src/{name}.rs"))?;
        let mut exercises = Vec::new();
        for marker in &markers {
            let fun = marked_fn(&file, source, marker).with_context(|| {
                format!(
                    "solutions/src/{name}.rs:{}: the `// exercise` marker",
                    marker.line_number
                )
            })?;
            exercises.push(
                exercise(source, fun, marker.output_names.clone()).with_context(|| {
                    format!("solutions/src/{name}.rs: exercise `{}`", fun.sig.ident)
                })?,
            );
        }
        if let Some(twice) = exercises
            .iter()
            .enumerate()
            .find(|(i, e)| exercises[..*i].iter().any(|f| f.name == e.name))
        {
            bail!(
                "solutions/src/{name}.rs: `{}` is marked as an exercise twice",
                twice.1.name
            );
        }
        Ok(Chapter {
            name: name.to_string(),
            source: source.to_string(),
            file,
            marker_lines: markers.into_iter().map(|m| m.line).collect(),
            exercises,
        })
    }

    pub fn exercise(&self, name: &str) -> Option<&Exercise> {
        self.exercises.iter().find(|e| e.name == name)
    }

    /// The `pub struct`s the chapter defines.
    pub fn structs(&self) -> Vec<&syn::ItemStruct> {
        self.file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Struct(s) if is_pub(&s.vis) => Some(s),
                _ => None,
            })
            .collect()
    }
}

pub fn is_pub(vis: &syn::Visibility) -> bool {
    matches!(vis, syn::Visibility::Public(_))
}

/// The byte range of a span in its file.
pub fn range(span: Span) -> Range<usize> {
    span.byte_range()
}

/// The byte range of an item, its attributes and doc comment included.
pub fn item_range(item: &impl Spanned) -> Range<usize> {
    range(item.span())
}

/// An error message that points at a place in `source`.
pub fn located(source: &str, span: Span, message: &str) -> anyhow::Error {
    let start = span.start();
    let line = source
        .lines()
        .nth(start.line.saturating_sub(1))
        .unwrap_or("");
    anyhow::anyhow!(
        "line {}, column {}: {message}\n    {}",
        start.line,
        start.column + 1,
        line.trim()
    )
}

fn find_markers(source: &str) -> Result<Vec<Marker>> {
    let mut markers = Vec::new();
    let mut offset = 0;
    for (i, line) in source.split_inclusive('\n').enumerate() {
        let range = offset..offset + line.len();
        offset += line.len();
        let code = line.trim();
        let Some(comment) = code.strip_prefix("//") else {
            continue;
        };
        if comment.starts_with('/') || comment.starts_with('!') {
            continue; // a doc comment
        }
        let text = comment.trim();
        let output_names = if text == "exercise" {
            None
        } else if let Some(rest) = text.strip_prefix("exercise:") {
            Some(
                output_names(rest.trim())
                    .with_context(|| format!("line {}: cannot read the marker `{code}`", i + 1))?,
            )
        } else {
            continue;
        };
        markers.push(Marker {
            line: range,
            line_number: i + 1,
            output_names,
        });
    }
    Ok(markers)
}

/// `output (a, b)` → `["a", "b"]`.
fn output_names(text: &str) -> Result<Vec<String>> {
    let Some(list) = text
        .strip_prefix("output")
        .map(str::trim)
        .and_then(|t| t.strip_prefix('('))
        .and_then(|t| t.strip_suffix(')'))
    else {
        bail!("write `// exercise` or `// exercise: output (name, name, …)`");
    };
    let names: Vec<String> = list.split(',').map(|n| n.trim().to_string()).collect();
    for name in &names {
        if syn::parse_str::<syn::Ident>(name).is_err() {
            bail!("`{name}` is not a valid name for an output");
        }
    }
    if names.len() < 2 {
        bail!("name at least two parts of the returned tuple");
    }
    Ok(names)
}

/// The free `pub fn` a marker stands above.
fn marked_fn<'a>(file: &'a syn::File, source: &str, marker: &Marker) -> Result<&'a syn::ItemFn> {
    let at = marker.line.start;
    // The item that holds the marker (between its doc comment and its
    // signature), or else the first item after it.
    let item = file
        .items
        .iter()
        .find(|item| item_range(*item).end > at)
        .context("is not followed by a function")?;
    let syn::Item::Fn(fun) = item else {
        if item_range(item).start < at {
            bail!("is inside an item; markers go right above a free `pub fn`");
        }
        bail!("is not followed by a free function (methods cannot be exercises yet)");
    };
    if declaration_start(fun) <= at {
        bail!("is inside the body of `{}`", fun.sig.ident);
    }
    let between = &source[marker.line.end.min(item_range(item).start)..item_range(item).start];
    if between.lines().any(|l| {
        let t = l.trim();
        !(t.is_empty() || t.starts_with("//") || t.starts_with("#["))
    }) {
        bail!("is not right above a function");
    }
    if !is_pub(&fun.vis) {
        bail!("marks `{}`, which is not `pub`", fun.sig.ident);
    }
    Ok(fun)
}

/// Where a function's declaration starts: its `pub`, or else its `fn`
/// (its attributes and doc comment come before).
fn declaration_start(fun: &syn::ItemFn) -> usize {
    if is_pub(&fun.vis) {
        range(fun.vis.span()).start
    } else {
        range(fun.sig.span()).start
    }
}

fn exercise(
    source: &str,
    fun: &syn::ItemFn,
    output_names: Option<Vec<String>>,
) -> Result<Exercise> {
    let mut params = Vec::new();
    for input in &fun.sig.inputs {
        let syn::FnArg::Typed(typed) = input else {
            bail!("an exercise is a free function: it cannot take `self`");
        };
        let syn::Pat::Ident(pat) = &*typed.pat else {
            bail!("each parameter needs a plain name (the input's name on the wire)");
        };
        params.push(Param {
            name: pat.ident.to_string(),
            ty: (*typed.ty).clone(),
        });
    }
    let output = match &fun.sig.output {
        syn::ReturnType::Default => None,
        syn::ReturnType::Type(_, ty) => Some((**ty).clone()),
    };
    let sig_line_start = source[..declaration_start(fun)]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let indent: String = source[sig_line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let braces = fun.block.brace_token.span;
    Ok(Exercise {
        name: fun.sig.ident.to_string(),
        params,
        output,
        output_names,
        body: range(braces.open()).start..range(braces.close()).end,
        indent,
        generic: !fun.sig.generics.params.is_empty(),
    })
}
