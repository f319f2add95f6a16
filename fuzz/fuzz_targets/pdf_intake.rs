//! PDF intake: any bytes give an extraction outcome, and no panic escapes `extract`.
//! Hangs and huge allocations are the sandbox's to stop (time and memory limits on the child).
#![no_main]

use std::sync::Once;

use libfuzzer_sys::fuzz_target;
use offreapi::intake::{looks_like_pdf, pdf::extract, Extraction};

fuzz_target!(|bytes: &[u8]| {
    // libfuzzer-sys aborts on every panic, even one `extract` catches and reports as
    // `Panicked` (as the API does); a panic that escapes still aborts through its own guard.
    static QUIET: Once = Once::new();
    // OFFREAPI_FUZZ_SHOW_PANICS=1 prints them, to see why an input aborts.
    QUIET.call_once(|| {
        if std::env::var_os("OFFREAPI_FUZZ_SHOW_PANICS").is_none() {
            std::panic::set_hook(Box::new(|_| {}));
        }
    });
    if !looks_like_pdf(bytes) {
        return;
    }
    match extract(bytes, 50, 20_000) {
        Extraction::Ok { text, pages } => {
            assert!(pages >= 1 && pages <= 50, "{pages} pages");
            assert!(text.chars().count() <= 20_000);
        }
        Extraction::TooManyPages { pages, max } => assert!(pages > max),
        Extraction::NoText { .. }
        | Extraction::Encrypted
        | Extraction::Malformed { .. }
        | Extraction::Panicked { .. } => {}
    }
});
