//! Structure of a plain scraped text.
