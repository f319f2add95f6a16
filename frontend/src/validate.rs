//! Checks the browser makes before sending anything: the CV file and the editable lists.
//! The API checks again; these only spare the user a useless upload.

/// The API's default limit on a request body; the CV must fit under it with the form around it.
pub const MAX_CV_BYTES: f64 = 10.0 * 1024.0 * 1024.0 - 64.0 * 1024.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CvProblem {
    NotPdf,
    TooLarge,
    Empty,
}

/// Accepts a file that says it is a PDF by its type or, when the browser gives no type, by
/// its name; the server then looks at the bytes themselves.
pub fn check_cv(name: &str, mime: &str, size: f64) -> Result<(), CvProblem> {
    let says_pdf = match mime {
        "" => name.to_ascii_lowercase().ends_with(".pdf"),
        mime => mime == "application/pdf" || mime == "application/x-pdf",
    };
    if !says_pdf {
        Err(CvProblem::NotPdf)
    } else if size <= 0.0 {
        Err(CvProblem::Empty)
    } else if size > MAX_CV_BYTES {
        Err(CvProblem::TooLarge)
    } else {
        Ok(())
    }
}

/// The items of an editable list as the API wants them: trimmed, blanks dropped.
pub fn clean_items(items: &[String]) -> Vec<String> {
    items
        .iter()
        .map(|item| item.trim().to_owned())
        .filter(|item| !item.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_under_the_limit_passes() {
        assert_eq!(check_cv("cv.pdf", "application/pdf", 120_000.0), Ok(()));
        assert_eq!(check_cv("CV.PDF", "", 120_000.0), Ok(()));
    }

    #[test]
    fn other_files_are_refused_with_the_reason() {
        assert_eq!(
            check_cv("cv.docx", "application/msword", 10.0),
            Err(CvProblem::NotPdf)
        );
        assert_eq!(
            check_cv("cv.pdf", "image/png", 10.0),
            Err(CvProblem::NotPdf)
        );
        assert_eq!(check_cv("cv.txt", "", 10.0), Err(CvProblem::NotPdf));
        assert_eq!(
            check_cv("cv.pdf", "application/pdf", 0.0),
            Err(CvProblem::Empty)
        );
        assert_eq!(
            check_cv("cv.pdf", "application/pdf", 10.0 * 1024.0 * 1024.0),
            Err(CvProblem::TooLarge)
        );
    }

    #[test]
    fn list_items_are_trimmed_and_blanks_dropped() {
        let items = vec![" Rust ".to_owned(), "   ".to_owned(), "SQL".to_owned()];
        assert_eq!(clean_items(&items), vec!["Rust", "SQL"]);
    }
}
