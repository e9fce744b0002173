//! Line index of the body being rendered, for [`super::locate`]: a link, or
//! a raw HTML fragment with a problem, is located in O(log n) instead of by
//! counting lines from the start of the body each time (O(n) each, so an
//! article of 20,000 links took 11.5 s). The index is made by the first
//! lookup of a render, so an article that needs none never makes it, and it
//! is dropped when the render ends.
//!
//! It is kept per thread, for the body that a [`Scope`] names, rather than
//! in [`super::RenderInput`], which every caller would then have to fill. A
//! scope borrows its body, so while it lives no other text can have the same
//! address and length; a lookup outside any scope counts from the start.

use std::cell::RefCell;
use std::marker::PhantomData;

use crate::diagnostics::{LineIndex, line_col};

thread_local! {
    /// The scopes open on this thread, innermost last.
    static SCOPES: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
}

/// One open scope: its body's address and length, and its index once made.
struct Entry {
    body: (usize, usize),
    index: Option<LineIndex>,
}

/// While it lives, lines of its body are located through one index. Not
/// `Send`: it closes the scope it opened on its own thread.
pub struct Scope<'a> {
    _body: PhantomData<(&'a str, *const ())>,
}

/// Opens a scope for `body`, closed when the returned value is dropped.
pub fn scope(body: &str) -> Scope<'_> {
    SCOPES.with_borrow_mut(|scopes| {
        scopes.push(Entry {
            body: key(body),
            index: None,
        })
    });
    Scope { _body: PhantomData }
}

impl Drop for Scope<'_> {
    fn drop(&mut self) {
        SCOPES.with_borrow_mut(|scopes| scopes.pop());
    }
}

/// The 1-based line and character column of byte `offset` of `body`, as
/// [`line_col`] gives them.
pub fn line_col_in(body: &str, offset: usize) -> (usize, usize) {
    SCOPES.with_borrow_mut(|scopes| match scopes.iter_mut().rev().find(|e| e.body == key(body)) {
        Some(entry) => entry
            .index
            .get_or_insert_with(|| LineIndex::new(body))
            .line_col(body, offset),
        None => line_col(body, offset),
    })
}

fn key(body: &str) -> (usize, usize) {
    (body.as_ptr() as usize, body.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_serves_its_own_body_and_only_inside_its_scope() {
        let text = "سطر أول\nسطر ثان\n";
        let other = String::from(text);
        let at = text.find('ث').unwrap();
        {
            let _lines = scope(text);
            assert_eq!(line_col_in(text, at), (2, 5));
            assert_eq!(line_col_in(&other, at), (2, 5));
            SCOPES.with_borrow(|s| assert!(s[0].index.is_some() && s.len() == 1));
            {
                let _inner = scope(&other);
                assert_eq!(line_col_in(&text[..4], 2), (1, 2));
                assert_eq!(line_col_in(&other, 0), (1, 1));
                SCOPES.with_borrow(|s| assert!(s[1].index.is_some() && s.len() == 2));
            }
        }
        SCOPES.with_borrow(|s| assert!(s.is_empty()));
        assert_eq!(line_col_in(text, at), (2, 5));
    }
}
