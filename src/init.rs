//! Init: writes a new minimal site that builds at once with the embedded
//! theme: config.toml, a home page, an articles section with one article,
//! one entry in each default index, an example case, and empty templates/
//! and static/.

use std::path::Path;

use crate::error::{Error, Result};
use crate::fs;

/// The files of a new site, relative to its root.
const FILES: &[(&str, &str)] = &[
    ("config.toml", include_str!("init/config.toml")),
    ("content/_index.md", include_str!("init/home.md")),
    ("content/articles/_index.md", include_str!("init/articles.md")),
    (
        "content/articles/first-article.md",
        include_str!("init/first-article.md"),
    ),
    (
        "content/actors/example-person.md",
        include_str!("init/example-person.md"),
    ),
    (
        "content/countries/example-country.md",
        include_str!("init/example-country.md"),
    ),
    (
        "content/framework/example-variable.md",
        include_str!("init/example-variable.md"),
    ),
    ("content/cases/example-case.md", include_str!("init/example-case.md")),
];

/// Writes a new site into `dir`, which must be missing or empty.
pub fn init(dir: &Path) -> Result<()> {
    if fs::is_non_empty_dir(dir)? {
        return Err(Error::OutputRefused {
            path: dir.to_path_buf(),
            reason: "it is not empty".to_string(),
            hint: "give fihris init a new or empty folder".to_string(),
        });
    }
    for (path, text) in FILES {
        fs::write(&dir.join(path), text.as_bytes())?;
    }
    fs::create_dir_all(&dir.join("templates"))?;
    fs::create_dir_all(&dir.join("static"))?;
    Ok(())
}
