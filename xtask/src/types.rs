//! Rust types as the dispatch writes them: which ones can cross the wire,
//! the owned type a parameter is decoded as, and the names they use.

use std::collections::BTreeSet;

use syn::{GenericArgument, PathArguments, Type};

/// How one parameter is decoded: the owned type, and whether the function
/// takes a reference to it.
pub struct Decoded {
    pub owned: String,
    pub by_ref: bool,
}

/// The type a parameter of type `ty` is decoded as, or `None` if its value
/// cannot travel as data (`&mut`, a closure, a generic or borrowed type...).
/// `local` are the types the chapter defines (written `student::T`).
pub fn decoded(ty: &Type, local: &BTreeSet<String>) -> Option<Decoded> {
    match ty {
        Type::Reference(r) if r.mutability.is_none() => {
            let owned = match &*r.elem {
                Type::Slice(slice) => format!("Vec<{}>", owned(&slice.elem, local)?),
                Type::Path(p) if p.qself.is_none() && p.path.is_ident("str") => "String".into(),
                other => owned(other, local)?,
            };
            Some(Decoded {
                owned,
                by_ref: true,
            })
        }
        Type::Paren(p) => decoded(&p.elem, local),
        Type::Group(g) => decoded(&g.elem, local),
        other => Some(Decoded {
            owned: owned(other, local)?,
            by_ref: false,
        }),
    }
}

/// The spelling of an owned type, or `None` if it holds a reference, a
/// trait object or anything else that is not plain data.
pub fn owned(ty: &Type, local: &BTreeSet<String>) -> Option<String> {
    match ty {
        Type::Path(p) if p.qself.is_none() => {
            let mut out = String::new();
            if p.path.leading_colon.is_some() {
                out.push_str("::");
            }
            let single = p.path.segments.len() == 1;
            for (i, segment) in p.path.segments.iter().enumerate() {
                if i > 0 {
                    out.push_str("::");
                }
                let name = segment.ident.to_string();
                if single && local.contains(&name) {
                    out.push_str("student::");
                }
                out.push_str(&name);
                match &segment.arguments {
                    PathArguments::None => {}
                    PathArguments::AngleBracketed(args) => {
                        let mut parts = Vec::new();
                        for arg in &args.args {
                            let GenericArgument::Type(t) = arg else {
                                return None;
                            };
                            parts.push(owned(t, local)?);
                        }
                        out.push('<');
                        out.push_str(&parts.join(", "));
                        out.push('>');
                    }
                    PathArguments::Parenthesized(_) => return None,
                }
            }
            Some(out)
        }
        Type::Tuple(t) => {
            let parts: Option<Vec<String>> = t.elems.iter().map(|e| owned(e, local)).collect();
            let parts = parts?;
            Some(if parts.len() == 1 {
                format!("({},)", parts[0])
            } else {
                format!("({})", parts.join(", "))
            })
        }
        Type::Paren(p) => owned(&p.elem, local),
        Type::Group(g) => owned(&g.elem, local),
        _ => None,
    }
}

/// The first name of every path in `ty` (`Array1`, `nncore`, `Vec`...).
pub fn names(ty: &Type, out: &mut BTreeSet<String>) {
    match ty {
        Type::Path(p) => {
            if let Some(first) = p.path.segments.first() {
                out.insert(first.ident.to_string());
            }
            for segment in &p.path.segments {
                if let PathArguments::AngleBracketed(args) = &segment.arguments {
                    for arg in &args.args {
                        if let GenericArgument::Type(t) = arg {
                            names(t, out);
                        }
                    }
                }
            }
        }
        Type::Reference(r) => names(&r.elem, out),
        Type::Slice(s) => names(&s.elem, out),
        Type::Array(a) => names(&a.elem, out),
        Type::Tuple(t) => t.elems.iter().for_each(|e| names(e, out)),
        Type::Paren(p) => names(&p.elem, out),
        Type::Group(g) => names(&g.elem, out),
        _ => {}
    }
}

/// `Some(T)` if `ty` is `name<T>` (for `Vec`, `Option`), or the first
/// argument of `Result<T, E>`.
pub fn first_argument<'a>(ty: &'a Type, name: &str) -> Option<&'a Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    }
}

/// Whether `ty` holds a tuple anywhere.
pub fn has_tuple(ty: &Type) -> bool {
    match ty {
        Type::Tuple(t) => !t.elems.is_empty(),
        Type::Path(p) => p.path.segments.iter().any(|s| match &s.arguments {
            PathArguments::AngleBracketed(args) => args.args.iter().any(|a| match a {
                GenericArgument::Type(t) => has_tuple(t),
                _ => false,
            }),
            _ => false,
        }),
        Type::Paren(p) => has_tuple(&p.elem),
        Type::Group(g) => has_tuple(&g.elem),
        _ => false,
    }
}
