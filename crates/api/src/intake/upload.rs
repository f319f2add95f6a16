//! Reading a CV upload (`multipart/form-data` with a `cv` file and optional `answers`)
//! without ever buffering more than the configured limit.

use std::time::Duration;

use actix_multipart::Multipart;
use futures_util::TryStreamExt;
use tokio::sync::{Semaphore, SemaphorePermit};

use crate::error::ApiError;

/// Upload bodies held in memory at once, across requests, counted in KiB. A burst of large
/// uploads waits in line, its bytes left in the clients' and the kernel's buffers, instead of
/// growing the process by the sum of their sizes.
pub struct UploadMemory {
    kib: Semaphore,
    capacity_kib: u32,
}

impl UploadMemory {
    pub fn new(bytes: usize) -> UploadMemory {
        let capacity_kib = u32::try_from(bytes.div_ceil(1024))
            .unwrap_or(u32::MAX)
            .max(1);
        UploadMemory {
            kib: Semaphore::new(capacity_kib as usize),
            capacity_kib,
        }
    }

    /// Waits until `bytes` (at most the whole budget) fit; they are held while the permit lives.
    pub async fn reserve(&self, bytes: usize) -> Result<SemaphorePermit<'_>, ApiError> {
        let kib = u32::try_from(bytes.div_ceil(1024))
            .unwrap_or(u32::MAX)
            .clamp(1, self.capacity_kib);
        self.kib
            .acquire_many(kib)
            .await
            .map_err(|e| ApiError::Internal(format!("upload queue closed: {e}")))
    }
}

/// How long a client has to send a whole upload once its turn came: a trickle cannot hold a
/// share of the upload memory for ever (10 MiB in this time is 85 KiB/s).
pub const UPLOAD_READ_LIMIT: Duration = Duration::from_secs(120);

/// The parts of an application upload.
#[derive(Debug, Default)]
pub struct Upload {
    pub cv: Option<UploadedFile>,
    /// The raw `answers` field, a JSON array of strings.
    pub answers: Option<String>,
}

#[derive(Debug)]
pub struct UploadedFile {
    /// The client's file name, sanitised for display.
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// Largest `answers` field accepted.
const MAX_ANSWERS_BYTES: usize = 64 * 1024;

/// Reads every part within [`UPLOAD_READ_LIMIT`] (408 after it), counting bytes across all of
/// them against `limit` (413 past it); `expected` is the declared body size, reserved up front.
pub async fn read_upload(
    multipart: Multipart,
    limit: usize,
    expected: usize,
) -> Result<Upload, ApiError> {
    tokio::time::timeout(UPLOAD_READ_LIMIT, read_parts(multipart, limit, expected))
        .await
        .unwrap_or_else(|_| {
            Err(ApiError::RequestTimeout(format!(
                "the upload did not arrive within {} s: try again on a faster connection",
                UPLOAD_READ_LIMIT.as_secs()
            )))
        })
}

async fn read_parts(
    mut multipart: Multipart,
    limit: usize,
    expected: usize,
) -> Result<Upload, ApiError> {
    let too_large = || {
        ApiError::PayloadTooLarge(format!(
            "the upload is larger than the limit of {limit} bytes ({} MiB)",
            limit / (1024 * 1024)
        ))
    };
    let mut upload = Upload::default();
    let mut total = 0usize;
    while let Some(mut field) = multipart.try_next().await.map_err(malformed)? {
        let name = field.name().unwrap_or_default().to_owned();
        let filename = field
            .content_disposition()
            .and_then(|cd| cd.get_filename())
            .map(sanitize_filename);
        if name != "cv" && name != "answers" {
            return Err(ApiError::BadRequest(format!(
                "unexpected form field `{name}`: send only `cv` (the PDF) and `answers`"
            )));
        }
        // The CV is nearly all of the body: one allocation of its size, not a doubling series.
        let mut bytes = Vec::with_capacity(if name == "cv" { expected.min(limit) } else { 0 });
        while let Some(chunk) = field.try_next().await.map_err(malformed)? {
            total += chunk.len();
            if total > limit {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "cv" if upload.cv.is_some() => {
                return Err(ApiError::BadRequest(
                    "send one `cv` file, not several".to_owned(),
                ))
            }
            "cv" => {
                upload.cv = Some(UploadedFile {
                    filename: filename.unwrap_or_else(|| "cv.pdf".to_owned()),
                    bytes,
                })
            }
            // `answers`, the only other field let through above.
            _ => {
                if bytes.len() > MAX_ANSWERS_BYTES {
                    return Err(ApiError::invalid_field(
                        "answers",
                        format!("must be at most {MAX_ANSWERS_BYTES} bytes"),
                    ));
                }
                let text = String::from_utf8(bytes)
                    .map_err(|_| ApiError::invalid_field("answers", "must be UTF-8 text"))?;
                upload.answers = Some(text);
            }
        }
    }
    Ok(upload)
}

fn malformed(error: actix_multipart::MultipartError) -> ApiError {
    ApiError::BadRequest(format!("the multipart body could not be read: {error}"))
}

/// The last path segment, without control characters, at most 100 characters: only ever shown.
pub fn sanitize_filename(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect::<String>()
        .trim()
        .trim_start_matches('.')
        .to_owned();
    if cleaned.is_empty() {
        "cv.pdf".to_owned()
    } else {
        cleaned
    }
}

#[cfg(test)]
mod tests {
    use super::sanitize_filename;

    #[test]
    fn keeps_only_a_displayable_base_name() {
        assert_eq!(sanitize_filename("../../etc/passwd"), "passwd");
        assert_eq!(
            sanitize_filename("C:\\Users\\ana\\CV Ana Lopès.pdf"),
            "CV Ana Lopès.pdf"
        );
        assert_eq!(sanitize_filename("..."), "cv.pdf");
        assert_eq!(sanitize_filename("a\u{0}b\nc.pdf"), "abc.pdf");
        assert_eq!(sanitize_filename(&"x".repeat(300)).chars().count(), 100);
    }
}
