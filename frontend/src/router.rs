//! The app's addresses: parsing a path into a `Route`, the browser history, and link clicks.
//! Ten fixed routes need no router framework; leaving leptos_router out keeps 10 % off the wasm.

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

/// Every page of the app, with the ids its address carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    Offers,
    Offer(i64),
    Apply(i64),
    SignIn,
    SignUp,
    MyApplications,
    MyOffers,
    NewOffer,
    EditOffer(i64),
    Dashboard(i64),
    NotFound,
}

impl Route {
    /// The route of a path (without its query); a trailing slash is ignored.
    pub fn parse(path: &str) -> Route {
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        let id = |text: &str| text.parse::<i64>().ok().filter(|id| *id > 0);
        match segments.as_slice() {
            [] => Route::Offers,
            ["offers", n] => id(n).map_or(Route::NotFound, Route::Offer),
            ["offers", n, "apply"] => id(n).map_or(Route::NotFound, Route::Apply),
            ["signin"] => Route::SignIn,
            ["signup"] => Route::SignUp,
            ["me", "applications"] => Route::MyApplications,
            ["recruiter", "offers"] => Route::MyOffers,
            ["recruiter", "offers", "new"] => Route::NewOffer,
            ["recruiter", "offers", n, "edit"] => id(n).map_or(Route::NotFound, Route::EditOffer),
            ["recruiter", "offers", n, "dashboard"] => {
                id(n).map_or(Route::NotFound, Route::Dashboard)
            }
            _ => Route::NotFound,
        }
    }
}

/// The value of `key` in a query string (`?a=1&b=2`), percent-decoded.
pub fn query_value(search: &str, key: &str) -> Option<String> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| decode(v))
}

fn decode(text: &str) -> String {
    let hex = |byte: u8| (byte as char).to_digit(16).map(|d| d as u8);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', high, low]) => hex(*high).zip(hex(*low)).map(|(h, l)| h * 16 + l),
            _ => None,
        };
        match (escaped, bytes[i]) {
            (Some(byte), _) => {
                out.push(byte);
                i += 3;
                continue;
            }
            (None, b'+') => out.push(b' '),
            (None, byte) => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Where the browser is: path and query, kept in step with the history.
#[derive(Debug, Clone, Copy)]
pub struct Location {
    pub path: RwSignal<String>,
    pub search: RwSignal<String>,
}

impl Location {
    pub fn route(self) -> Route {
        self.path.with(|path| Route::parse(path))
    }

    pub fn query(self, key: &str) -> Option<String> {
        self.search.with(|search| query_value(search, key))
    }

    /// Path and query, as a `next=` parameter wants them.
    pub fn here(self) -> String {
        self.path.get_untracked() + &self.search.get_untracked()
    }

    fn read_browser(self) {
        let location = window().location();
        self.path
            .set(location.pathname().unwrap_or_else(|_| "/".into()));
        self.search.set(location.search().unwrap_or_default());
    }

    /// Sends the user to sign-in, with the way back to this page; once is enough when several
    /// parts of the page notice a missing session at the same time.
    pub fn to_sign_in(self) {
        if self.path.get_untracked() != "/signin" {
            let next = crate::api::encode(&self.here());
            self.go(&format!("/signin?next={next}"), true);
        }
    }

    /// Goes to `href` (a path on this site) as a new history entry, or in place of this one.
    pub fn go(self, href: &str, replace: bool) {
        if let Ok(history) = window().history() {
            let state = wasm_bindgen::JsValue::NULL;
            let _ = if replace {
                history.replace_state_with_url(&state, "", Some(href))
            } else {
                history.push_state_with_url(&state, "", Some(href))
            };
        }
        self.read_browser();
        window().scroll_to_with_x_and_y(0.0, 0.0);
        // Screen readers and keyboards start on the new page's content.
        if let Some(main) = document().get_element_by_id("main") {
            if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                let _ = main.focus();
            }
        }
    }

    /// Reads the address, follows the back and forward buttons, and turns clicks on links to
    /// this site into history entries instead of page loads.
    pub fn provide() -> Location {
        let location = Location {
            path: RwSignal::new(String::new()),
            search: RwSignal::new(String::new()),
        };
        location.read_browser();
        let on_pop = Closure::<dyn Fn()>::new(move || location.read_browser());
        let _ =
            window().add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
        on_pop.forget();
        let on_click =
            Closure::<dyn Fn(web_sys::MouseEvent)>::new(move |event: web_sys::MouseEvent| {
                if let Some(href) = internal_link(&event) {
                    event.prevent_default();
                    location.go(&href, false);
                }
            });
        let _ =
            document().add_event_listener_with_callback("click", on_click.as_ref().unchecked_ref());
        on_click.forget();
        provide_context(location);
        location
    }
}

/// The path of a plain left click on a link to this site, which the app handles itself.
fn internal_link(event: &web_sys::MouseEvent) -> Option<String> {
    if event.default_prevented()
        || event.button() != 0
        || event.ctrl_key()
        || event.meta_key()
        || event.shift_key()
        || event.alt_key()
    {
        return None;
    }
    let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    let anchor = target.closest("a[href]").ok()??;
    if anchor.has_attribute("download")
        || anchor.get_attribute("target").is_some_and(|t| t != "_self")
    {
        return None;
    }
    let href = anchor.get_attribute("href")?;
    // Only paths of this app: API, docs and other origins load normally.
    (href.starts_with('/')
        && !href.starts_with("//")
        && !href.starts_with("/api")
        && !href.starts_with("/docs"))
    .then_some(href)
}

pub fn use_location() -> Location {
    expect_context::<Location>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_has_its_address() {
        assert_eq!(Route::parse("/"), Route::Offers);
        assert_eq!(Route::parse(""), Route::Offers);
        assert_eq!(Route::parse("/offers/42"), Route::Offer(42));
        assert_eq!(Route::parse("/offers/42/"), Route::Offer(42));
        assert_eq!(Route::parse("/offers/42/apply"), Route::Apply(42));
        assert_eq!(Route::parse("/signin"), Route::SignIn);
        assert_eq!(Route::parse("/signup"), Route::SignUp);
        assert_eq!(Route::parse("/me/applications"), Route::MyApplications);
        assert_eq!(Route::parse("/recruiter/offers"), Route::MyOffers);
        assert_eq!(Route::parse("/recruiter/offers/new"), Route::NewOffer);
        assert_eq!(
            Route::parse("/recruiter/offers/7/edit"),
            Route::EditOffer(7)
        );
        assert_eq!(
            Route::parse("/recruiter/offers/7/dashboard"),
            Route::Dashboard(7)
        );
    }

    #[test]
    fn unknown_addresses_and_bad_ids_are_not_found() {
        for path in [
            "/offers",
            "/offers/abc",
            "/offers/0",
            "/offers/-3",
            "/offers/1/x",
            "/admin",
            "/recruiter",
        ] {
            assert_eq!(Route::parse(path), Route::NotFound, "{path}");
        }
    }

    #[test]
    fn query_values_are_found_and_decoded() {
        let search = "?q=d%C3%A9veloppeur+rust&next=%2Foffers%2F4%2Fapply&empty&page=2";
        assert_eq!(
            query_value(search, "q").as_deref(),
            Some("développeur rust")
        );
        assert_eq!(
            query_value(search, "next").as_deref(),
            Some("/offers/4/apply")
        );
        assert_eq!(query_value(search, "empty").as_deref(), Some(""));
        assert_eq!(query_value(search, "page").as_deref(), Some("2"));
        assert_eq!(query_value(search, "missing"), None);
        assert_eq!(query_value("?bad=%zz%4", "bad").as_deref(), Some("%zz%4"));
    }
}
