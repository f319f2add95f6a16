//! Reading a CV upload (`multipart/form-data` with a `cv` file and optional `answers`)
//! without ever buffering more than the configured limit.

use actix_multipart::Multipart;
use futures_util::TryStreamExt;

use crate::error::ApiError;

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

/// Reads every part, counting bytes across all of them against `limit` (413 past it).
pub async fn read_upload(mut multipart: Multipart, limit: usize) -> Result<Upload, ApiError> {
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
        let mut bytes = Vec::new();
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
