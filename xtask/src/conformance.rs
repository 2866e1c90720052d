//! Whether a student's chapter file still has the API of its stub, whatever
//! the student wrote in it: the bodies of the exercises are set aside (they
//! are the student's), and so are the student's own helpers, imports and
//! tests. Everything else the stub has (module docs, types, signatures, doc
//! comments, given helpers) must be there, token for token (layout and plain
//! comments aside).

use std::collections::BTreeMap;

use quote::ToTokens;

/// What differs between the stub and the student's file, one line each.
pub fn differences(stub: &str, student: &str, exercises: &[String]) -> Vec<String> {
    let stub = match syn::parse_file(stub) {
        Ok(file) => file,
        Err(e) => return vec![format!("the stub does not parse: {e}")],
    };
    let student = match syn::parse_file(student) {
        Ok(file) => file,
        Err(e) => {
            let at = e.span().start();
            return vec![format!(
                "it does not parse (line {}, column {}): {e}",
                at.line,
                at.column + 1
            )];
        }
    };
    let mut problems = Vec::new();
    if module_docs(&stub) != module_docs(&student) {
        problems.push("its module documentation (`//!`) differs from the stub's".to_string());
    }
    let theirs = items(&student, exercises);
    for (key, (ours, signature)) in items(&stub, exercises) {
        match theirs.get(&key) {
            None => problems.push(format!("{key} is missing")),
            Some((tokens, _)) if *tokens == ours => {}
            Some((_, their_signature)) if *their_signature != signature => problems.push(format!(
                "{key} changed: the stub has `{signature}`, the file has `{their_signature}`"
            )),
            Some(_) => problems.push(format!(
                "{key} changed (its doc comment, attributes, fields or given body)"
            )),
        }
    }
    problems
}

fn module_docs(file: &syn::File) -> Vec<String> {
    file.attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .map(|a| a.to_token_stream().to_string())
        .collect()
}

/// The items that must match, by a readable key: their tokens (with each
/// exercise's body set aside) and their signature or first line.
fn items(file: &syn::File, exercises: &[String]) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    for item in &file.items {
        let (key, signature) = match item {
            syn::Item::Use(_) => continue,
            syn::Item::Fn(f) if !crate::chapter::is_pub(&f.vis) => continue,
            syn::Item::Fn(f) => {
                let key = format!("function `{}`", f.sig.ident);
                if exercises.contains(&f.sig.ident.to_string()) {
                    let mut f = f.clone();
                    // The student's body, and any attribute they put on
                    // their function, are theirs.
                    f.attrs.retain(|a| a.path().is_ident("doc"));
                    *f.block = syn::parse_quote!({});
                    let sig = f.sig.to_token_stream().to_string();
                    out.insert(key, (f.to_token_stream().to_string(), sig));
                    continue;
                }
                (key, f.sig.to_token_stream().to_string())
            }
            syn::Item::Struct(s) if crate::chapter::is_pub(&s.vis) => (
                format!("struct `{}`", s.ident),
                format!("struct {}", s.ident),
            ),
            syn::Item::Enum(e) if crate::chapter::is_pub(&e.vis) => {
                (format!("enum `{}`", e.ident), format!("enum {}", e.ident))
            }
            syn::Item::Const(c) if crate::chapter::is_pub(&c.vis) => (
                format!("constant `{}`", c.ident),
                format!("const {}: {}", c.ident, c.ty.to_token_stream()),
            ),
            syn::Item::Type(t) if crate::chapter::is_pub(&t.vis) => (
                format!("type `{}`", t.ident),
                t.to_token_stream().to_string(),
            ),
            syn::Item::Trait(t) if crate::chapter::is_pub(&t.vis) => {
                (format!("trait `{}`", t.ident), format!("trait {}", t.ident))
            }
            syn::Item::Impl(i) => {
                let what = match &i.trait_ {
                    Some((_, path, _)) => format!(
                        "impl {} for {}",
                        path.to_token_stream(),
                        i.self_ty.to_token_stream()
                    ),
                    None => format!("impl {}", i.self_ty.to_token_stream()),
                };
                (format!("`{what}`"), what)
            }
            // The student's own private items and anything else: theirs.
            _ => continue,
        };
        out.insert(key, (item.to_token_stream().to_string(), signature));
    }
    out
}

/// The exercises of a student's file whose body is not `todo!("<name>")`,
/// the body a stub ships with (and that tells the grader which function is
/// still pending).
pub fn not_stubs(student: &str, exercises: &[String]) -> Result<Vec<String>, syn::Error> {
    let file = syn::parse_file(student)?;
    let mut problems = Vec::new();
    for name in exercises {
        let function = file.items.iter().find_map(|item| match item {
            syn::Item::Fn(f) if f.sig.ident == name => Some(f),
            _ => None,
        });
        let stub: syn::Block = syn::parse_quote!({ todo!(#name) });
        match function {
            None => problems.push(format!("{name} is missing")),
            Some(f)
                if f.block.to_token_stream().to_string() != stub.to_token_stream().to_string() =>
            {
                problems.push(format!("the body of {name} is not `todo!(\"{name}\")`"));
            }
            Some(_) => {}
        }
    }
    Ok(problems)
}
