//! Previous/next links under a paginated list, with "page N of M".
//! The page lives in the URL's query, so a page can be bookmarked and the back button works.

use leptos::prelude::*;

use crate::i18n::{tr, txt};

pub fn page_count(total: u64, per_page: u64) -> u64 {
    total.div_ceil(per_page.max(1)).max(1)
}

#[component]
pub fn Pager(
    page: u64,
    total: u64,
    per_page: u64,
    /// The address of page `n`.
    href: impl Fn(u64) -> String + 'static,
) -> impl IntoView {
    let pages = page_count(total, per_page);
    let previous = (page > 1).then(|| href(page - 1));
    let next = (page < pages).then(|| href(page + 1));
    view! {
        <nav class="pager" aria-label=tr(txt::PAGINATION)>
            {previous.map(|href| view! {
                <a href=href rel="prev">"← " {tr(txt::PAGE_PREVIOUS)}</a>
            })}
            <span aria-current="page">{format!("{page} / {pages}")}</span>
            {next.map(|href| view! {
                <a href=href rel="next">{tr(txt::PAGE_NEXT)} " →"</a>
            })}
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_count_rounds_up_and_is_at_least_one() {
        assert_eq!(page_count(0, 20), 1);
        assert_eq!(page_count(20, 20), 1);
        assert_eq!(page_count(21, 20), 2);
        assert_eq!(page_count(5, 0), 5);
    }
}
