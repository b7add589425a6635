//! The frame every public page shares: language, navigation, the link to the same page in the
//! other language, and the footer. No script: the pages work without JavaScript.

use axum::response::Response;
use maud::{DOCTYPE, Markup, html};

use super::Lang;

/// A whole page. `path` is the page's Vietnamese path (with its query), which gives both
/// languages' addresses for the switch and for `hreflang`.
pub fn page(lang: Lang, path: &str, title: &str, main: Markup) -> Response {
    let words = lang.words();
    let other = lang.other();
    let stylesheet = crate::assets::url("public.css").unwrap_or_default();
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (words.site) }
                meta name="description" content=(words.tagline);
                link rel="stylesheet" href=(stylesheet);
                link rel="alternate" hreflang="vi" href=(Lang::Vi.path(path));
                link rel="alternate" hreflang="en" href=(Lang::En.path(path));
            }
            body {
                a.skip href="#main" { (words.skip_to_content) }
                header.site {
                    a.brand href=(lang.path("/")) { (words.site) }
                    nav aria-label=(words.site) {
                        a href=(lang.path("/")) { (words.nav_home) }
                        a href=(lang.path("/offers")) { (words.nav_offers) }
                    }
                    a.language href=(other.path(path)) lang=(other.code()) hreflang=(other.code()) {
                        (words.other_language)
                    }
                }
                main #main { (main) }
                footer.site { p { (words.footer) } }
            }
        }
    };
    super::html(markup)
}
