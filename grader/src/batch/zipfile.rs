//! Reads a submission handed out as a `.zip` (what course platforms give
//! to download): the list of its files, and the bytes of those named like
//! a chapter file. Only what such archives use: entries stored or
//! deflated (through miniz_oxide), no ZIP64, no encryption. Nothing is
//! written to disk, so a name with `..` or `/` leading cannot escape; a
//! symbolic link is listed as one and never read; the CRC of every file
//! read is checked, and no file may inflate past the chapter-size limit.

use std::path::Path;

use super::submission::{Entry, EntryKind, MAX_CHAPTER_BYTES, MAX_ENTRIES};
use crate::crc32::crc32;

/// The largest zip read (a submission is a few KiB, a whole repository a
/// few MiB).
const MAX_ZIP_BYTES: u64 = 64 * 1024 * 1024;

pub fn entries(path: &Path, chapters: &[&str]) -> Result<Vec<Entry>, String> {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let size = std::fs::metadata(path)
        .map_err(|e| format!("{name}: no se pudo leer ({e})"))?
        .len();
    if size > MAX_ZIP_BYTES {
        return Err(format!(
            "{name}: {size} bytes, más de {MAX_ZIP_BYTES}: no parece una entrega"
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("{name}: no se pudo leer ({e})"))?;
    parse(&bytes, chapters)
        .map_err(|why| format!("{name}: no es un .zip que se pueda leer ({why})"))
}

fn u16_at(b: &[u8], at: usize) -> Result<usize, String> {
    b.get(at..at + 2)
        .map(|s| u16::from_le_bytes([s[0], s[1]]) as usize)
        .ok_or_else(|| "termina antes de tiempo".to_string())
}

fn u32_at(b: &[u8], at: usize) -> Result<u32, String> {
    b.get(at..at + 4)
        .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
        .ok_or_else(|| "termina antes de tiempo".to_string())
}

pub fn parse(zip: &[u8], chapters: &[&str]) -> Result<Vec<Entry>, String> {
    // The end of the central directory: its signature, searched backwards
    // over the longest possible comment.
    let lowest = zip.len().saturating_sub(22 + 65535);
    let eocd = (lowest..=zip.len().saturating_sub(22))
        .rev()
        .find(|&i| zip[i..].starts_with(&[0x50, 0x4b, 0x05, 0x06]))
        .ok_or("no tiene directorio central")?;
    let count = u16_at(zip, eocd + 10)?;
    let offset = u32_at(zip, eocd + 16)?;
    if count == 0xFFFF || offset == 0xFFFF_FFFF {
        return Err("ZIP64, que no se lee".into());
    }
    if count > MAX_ENTRIES {
        return Err(format!("más de {MAX_ENTRIES} archivos"));
    }
    let mut entries = Vec::new();
    let mut at = offset as usize;
    for _ in 0..count {
        if u32_at(zip, at)? != 0x0201_4b50 {
            return Err("el directorio central está dañado".into());
        }
        let made_on_unix = zip.get(at + 5) == Some(&3);
        let flags = u16_at(zip, at + 8)?;
        let method = u16_at(zip, at + 10)?;
        let crc = u32_at(zip, at + 16)?;
        let packed = u32_at(zip, at + 20)? as usize;
        let unpacked = u64::from(u32_at(zip, at + 24)?);
        let name_len = u16_at(zip, at + 28)?;
        let extra_len = u16_at(zip, at + 30)?;
        let comment_len = u16_at(zip, at + 32)?;
        let mode = u32_at(zip, at + 38)? >> 16;
        let local = u32_at(zip, at + 42)? as usize;
        let name = zip
            .get(at + 46..at + 46 + name_len)
            .ok_or("el directorio central está dañado")?;
        let name = String::from_utf8_lossy(name).replace('\\', "/");
        at += 46 + name_len + extra_len + comment_len;
        if name.ends_with('/') {
            continue;
        }
        let file_name = name.rsplit('/').next().unwrap_or("");
        let chapter = file_name
            .strip_suffix(".rs")
            .is_some_and(|stem| chapters.contains(&stem));
        let kind = if made_on_unix && mode & 0o170000 == 0o120000 {
            EntryKind::Symlink
        } else if !chapter {
            EntryKind::File(None)
        } else if unpacked > MAX_CHAPTER_BYTES {
            EntryKind::TooBig(unpacked)
        } else if flags & 1 != 0 {
            EntryKind::Unreadable("está cifrado".into())
        } else {
            match read_file(zip, local, packed, method, crc) {
                Ok(bytes) => EntryKind::File(Some(bytes)),
                Err(why) => EntryKind::Unreadable(why),
            }
        };
        entries.push(Entry { path: name, kind });
    }
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(entries)
}

/// The bytes of one file, from its local header.
fn read_file(
    zip: &[u8],
    local: usize,
    packed: usize,
    method: usize,
    crc: u32,
) -> Result<Vec<u8>, String> {
    if u32_at(zip, local)? != 0x0403_4b50 {
        return Err("cabecera local dañada".into());
    }
    let start = local + 30 + u16_at(zip, local + 26)? + u16_at(zip, local + 28)?;
    let data = zip
        .get(start..start + packed)
        .ok_or("termina antes de tiempo")?;
    let bytes = match method {
        0 => data.to_vec(),
        8 => miniz_oxide::inflate::decompress_to_vec_with_limit(data, MAX_CHAPTER_BYTES as usize)
            .map_err(|e| format!("no se pudo descomprimir: {e:?}"))?,
        other => {
            return Err(format!(
                "usa un método de compresión que el corrector no lee ({other})"
            ));
        }
    };
    if crc32(&bytes) != crc {
        return Err("está dañado: su contenido no coincide con su CRC".into());
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A zip of `(name, bytes, deflated, unix mode)`.
    fn zip(files: &[(&str, &[u8], bool, u32)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for (name, bytes, deflated, mode) in files {
            let data = if *deflated {
                miniz_oxide::deflate::compress_to_vec(bytes, 6)
            } else {
                bytes.to_vec()
            };
            let method: u16 = if *deflated { 8 } else { 0 };
            let offset = out.len() as u32;
            let head = |sig: u32, central: bool| {
                let mut h = sig.to_le_bytes().to_vec();
                if central {
                    h.extend_from_slice(&[20, 3]);
                }
                h.extend_from_slice(&[20, 0, 0, 0]);
                h.extend_from_slice(&method.to_le_bytes());
                h.extend_from_slice(&[0, 0, 0, 0]);
                h.extend_from_slice(&crc32(bytes).to_le_bytes());
                h.extend_from_slice(&(data.len() as u32).to_le_bytes());
                h.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
                h.extend_from_slice(&(name.len() as u16).to_le_bytes());
                h.extend_from_slice(&[0, 0]);
                h
            };
            out.extend(head(0x0403_4b50, false));
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(&data);
            central.extend(head(0x0201_4b50, true));
            central.extend_from_slice(&[0, 0, 0, 0, 0, 0]);
            central.extend_from_slice(&(mode << 16).to_le_bytes());
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let at = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        out.extend_from_slice(&[0, 0, 0, 0]);
        out.extend_from_slice(&(files.len() as u16).to_le_bytes());
        out.extend_from_slice(&(files.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&at.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out
    }

    #[test]
    fn stored_and_deflated_chapters_are_read_links_are_not() {
        let text = b"pub fn sign(z: f64) -> f64 { z }\n".repeat(20);
        let archive = zip(&[
            ("tp/exercises/src/perceptron.rs", &text, true, 0o100644),
            ("tp/exercises/src/xor.rs", b"// xor", false, 0o100644),
            (
                "tp/exercises/src/backprop.rs",
                b"/etc/passwd",
                false,
                0o120777,
            ),
            ("tp/README.md", b"hola", true, 0o100644),
        ]);
        let chapters = ["perceptron", "xor", "backprop"];
        let entries = parse(&archive, &chapters).unwrap();
        let c = super::super::submission::collect(&entries, &chapters, true);
        assert_eq!(c.layout, "zip, copia del repositorio");
        assert_eq!(c.chapters[0], ("perceptron.rs".to_string(), text.clone()));
        assert_eq!(c.chapters[1], ("xor.rs".to_string(), b"// xor".to_vec()));
        assert!(
            c.problems[0].contains("enlace simbólico"),
            "{:?}",
            c.problems
        );
    }

    #[test]
    fn damaged_archives_are_refused_with_a_reason() {
        assert!(
            parse(b"esto no es un zip", &["xor"])
                .unwrap_err()
                .contains("directorio central")
        );
        let mut archive = zip(&[("xor.rs", b"// xor", false, 0o100644)]);
        // A flipped byte of the content: the CRC no longer matches.
        let at = archive.windows(6).position(|w| w == b"// xor").unwrap();
        archive[at + 3] = b'X';
        let entries = parse(&archive, &["xor"]).unwrap();
        assert!(
            matches!(&entries[0].kind, EntryKind::Unreadable(why) if why.contains("CRC")),
            "{entries:?}"
        );
        let collected = super::super::submission::collect(&entries, &["xor"], true);
        assert_eq!(
            collected.problems,
            ["xor.rs: no se pudo leer (está dañado: su contenido no coincide con su CRC)"]
        );
        let truncated = &archive[..archive.len() - 30];
        assert!(parse(truncated, &["xor"]).is_err());
    }
}
