//! Import stage: turns raw scraped texts (plain text in any of the usual
//! encodings, or an HTML page) into articles of the site. Reading gives text
//! ([`read`]), an HTML page gives its main content ([`html`]); a plain text
//! gets its structure recognised ([`structure`], [`dates`]); [`write`] turns
//! the result into a Markdown file that is never written over another.
//! Only structure is ever added: the words are the raw text's.

pub mod article;
pub mod dates;
pub mod html;
pub mod lines;
pub mod read;
pub mod structure;
