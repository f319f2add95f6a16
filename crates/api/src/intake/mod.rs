//! CV intake: reading the multipart upload, recognising a PDF, and extracting its text in an
//! isolated child process, so that no PDF can crash, hang or exhaust the API process.

pub mod pdf;
pub mod sandbox;
pub mod text;
pub mod upload;

pub use pdf::{looks_like_pdf, Extraction};
pub use sandbox::{ExtractedCv, ExtractionFailure, ExtractionLimits, PdfExtractor};
pub use upload::{read_upload, Upload, UploadMemory, UploadedFile};
