//! Text extraction from PDF bytes, run inside the sandboxed child process.
//! The file is loaded and re-serialised with a recent lopdf, which repairs common defects
//! (odd cross-reference line endings, damaged xref tables, owner-only encryption), and the
//! result is read by pdf-extract.

use std::panic::{catch_unwind, AssertUnwindSafe};

use serde::{Deserialize, Serialize};

use super::text::{has_readable_text, normalize};

/// How far into a file readers look for the `%PDF-` header.
const HEADER_WINDOW: usize = 1024;

/// Whether `bytes` starts like a PDF: `%PDF-` within the first 1024 bytes, as readers allow.
pub fn looks_like_pdf(bytes: &[u8]) -> bool {
    let window = &bytes[..bytes.len().min(HEADER_WINDOW)];
    window.windows(5).any(|w| w == b"%PDF-")
}

/// What the child reports to the API process (serialised as JSON over a pipe).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Extraction {
    Ok {
        text: String,
        pages: u32,
    },
    /// Opening the file needs a user password.
    Encrypted,
    /// The pages hold no extractable text (a scan or an image).
    NoText {
        pages: u32,
    },
    TooManyPages {
        pages: u32,
        max: u32,
    },
    /// The structure could not be read, even after repair.
    Malformed {
        reason: String,
    },
    /// The extractor panicked on this file.
    Panicked {
        reason: String,
    },
}

/// Extracts the text of a PDF; never panics (panics are reported as `Panicked`).
pub fn extract(bytes: &[u8], max_pages: u32, max_text_chars: usize) -> Extraction {
    match catch_unwind(AssertUnwindSafe(|| {
        extract_unguarded(bytes, max_pages, max_text_chars)
    })) {
        Ok(extraction) => extraction,
        Err(payload) => Extraction::Panicked {
            reason: payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".to_owned()),
        },
    }
}

fn extract_unguarded(bytes: &[u8], max_pages: u32, max_text_chars: usize) -> Extraction {
    let mut document = match lopdf::Document::load_mem(bytes) {
        Ok(document) => document,
        Err(error) => {
            return Extraction::Malformed {
                reason: error.to_string(),
            }
        }
    };
    // Loading decrypts with the empty user password when that is enough (owner-only
    // protection); a file that is still encrypted afterwards needs a real password.
    if document.is_encrypted() && !document.was_encrypted() {
        return Extraction::Encrypted;
    }
    let pages = u32::try_from(document.get_pages().len()).unwrap_or(u32::MAX);
    if pages == 0 {
        return Extraction::Malformed {
            reason: "the document has no pages".to_owned(),
        };
    }
    if pages > max_pages {
        return Extraction::TooManyPages {
            pages,
            max: max_pages,
        };
    }
    // pdf-extract climbs /Parent links for inherited attributes without noticing a loop; a
    // cycle would spin until the sandbox's time limit, holding an extraction slot.
    if let Some(page) = document
        .get_pages()
        .into_values()
        .find(|page| parent_chain_loops(&document, *page))
    {
        return Extraction::Malformed {
            reason: format!("the page tree loops back on itself above page object {page:?}"),
        };
    }
    if document.was_encrypted() {
        document.trailer.remove(b"Encrypt");
    }
    let mut repaired = Vec::with_capacity(bytes.len());
    if let Err(error) = document.save_to(&mut repaired) {
        return Extraction::Malformed {
            reason: format!("cannot rewrite the document: {error}"),
        };
    }
    drop(document);
    match pdf_extract::extract_text_from_mem(&repaired) {
        Ok(raw) => {
            let text = normalize(&raw, max_text_chars);
            if has_readable_text(&text) {
                Extraction::Ok { text, pages }
            } else {
                Extraction::NoText { pages }
            }
        }
        Err(error) => Extraction::Malformed {
            reason: error.to_string(),
        },
    }
}

/// Whether following /Parent from `page` ever comes back to a node already passed.
fn parent_chain_loops(document: &lopdf::Document, page: lopdf::ObjectId) -> bool {
    let mut seen = std::collections::HashSet::new();
    let mut node = page;
    loop {
        if !seen.insert(node) {
            return true;
        }
        let parent = document
            .get_dictionary(node)
            .and_then(|dictionary| dictionary.get(b"Parent"))
            .and_then(lopdf::Object::as_reference);
        match parent {
            Ok(parent) => node = parent,
            Err(_) => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{extract, looks_like_pdf, Extraction};

    /// Found by the pdf_intake fuzz target's seeds: this file used to spin until the sandbox
    /// stopped it after 10 s.
    #[test]
    fn a_page_tree_cycle_is_malformed_at_once() {
        let bytes = include_bytes!("../../tests/fixtures/pdf/page_tree_cycle.pdf");
        assert!(
            matches!(extract(bytes, 50, 20_000), Extraction::Malformed { ref reason } if reason.contains("loops")),
            "{:?}",
            extract(bytes, 50, 20_000)
        );
        let fine = include_bytes!("../../tests/fixtures/pdf/cv_en_rust_backend.pdf");
        assert!(matches!(extract(fine, 50, 20_000), Extraction::Ok { .. }));
    }

    #[test]
    fn finds_the_header_within_the_first_kilobyte() {
        assert!(looks_like_pdf(b"%PDF-1.7\n..."));
        let mut late = vec![b' '; 1000];
        late.extend_from_slice(b"%PDF-1.4");
        assert!(looks_like_pdf(&late));
        let mut too_late = vec![b' '; 1020];
        too_late.extend_from_slice(b"%PDF-1.4");
        assert!(!looks_like_pdf(&too_late));
        assert!(!looks_like_pdf(b"\x89PNG\r\n"));
        assert!(!looks_like_pdf(b""));
    }
}
