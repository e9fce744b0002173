//! Sanitizing pass: the HTML of a body that contains raw HTML is cleaned with
//! ammonia (scripts, event handlers, `javascript:` URLs and styles removed),
//! keeping the markup the other passes write. Bodies without raw HTML are
//! safe by construction and skip this pass.

use std::collections::HashSet;
use std::sync::OnceLock;

use ammonia::Builder;

fn cleaner() -> &'static Builder<'static> {
    static CLEANER: OnceLock<Builder<'static>> = OnceLock::new();
    CLEANER.get_or_init(|| {
        let mut builder = Builder::default();
        builder
            .add_tags(["bdi", "figure", "figcaption", "mark", "input"])
            .add_generic_attributes(["id", "dir", "class"])
            .add_generic_attribute_prefixes(["data-"])
            .add_tag_attributes("input", ["type", "checked", "disabled"])
            .url_schemes(HashSet::from(["http", "https", "mailto"]));
        builder
    })
}

/// Cleans rendered HTML that came from a body with raw HTML in it.
pub fn clean(html: &str) -> String {
    cleaner().clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed_markup_is_kept() {
        let html = "<p id=\"p-1\" dir=\"ltr\" onclick=\"x()\">a <bdi>C++</bdi><script>alert(1)</script>\
                    <a href=\"javascript:alert(1)\">b</a><img src=x onerror=alert(1)></p>";
        let clean = clean(html);
        assert!(
            clean.starts_with("<p id=\"p-1\" dir=\"ltr\">a <bdi>C++</bdi>"),
            "{clean}"
        );
        assert!(!clean.contains("script") && !clean.contains("onclick") && !clean.contains("onerror"));
        assert!(!clean.contains("javascript"), "{clean}");
    }
}
