//! A validated page request: page from 1, at most 100 items a page, 20 by default.

use crate::error::ApiError;

pub const DEFAULT_PER_PAGE: u64 = 20;
pub const MAX_PER_PAGE: u64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pagination {
    pub page: u64,
    pub per_page: u64,
}

impl Pagination {
    pub fn parse(page: Option<u64>, per_page: Option<u64>) -> Result<Pagination, ApiError> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(DEFAULT_PER_PAGE);
        if page == 0 {
            return Err(ApiError::invalid_field("page", "pages start at 1"));
        }
        // Deep pages would make the database skip billions of rows.
        if page > 1_000_000 {
            return Err(ApiError::invalid_field("page", "must be at most 1000000"));
        }
        if per_page == 0 || per_page > MAX_PER_PAGE {
            return Err(ApiError::invalid_field(
                "per_page",
                format!("must be between 1 and {MAX_PER_PAGE}"),
            ));
        }
        Ok(Pagination { page, per_page })
    }

    pub fn offset(&self) -> u64 {
        (self.page - 1) * self.per_page
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_bounds() {
        assert_eq!(
            Pagination::parse(None, None).unwrap(),
            Pagination {
                page: 1,
                per_page: 20
            }
        );
        assert_eq!(Pagination::parse(Some(3), Some(100)).unwrap().offset(), 200);
        assert!(Pagination::parse(Some(0), None).is_err());
        assert!(Pagination::parse(None, Some(0)).is_err());
        assert!(Pagination::parse(None, Some(101)).is_err());
    }
}
