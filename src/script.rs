//! JSON inside a `<script>` element (the search index, JSON-LD): written so
//! that no text it holds can close the element.

use std::io::{self, Write};

/// Collects JSON for a `<script>`: writes `</` as `<\/` (the same string in
/// JSON) so that no text can close the script element.
#[derive(Default)]
pub struct ScriptSafe {
    bytes: Vec<u8>,
}

impl ScriptSafe {
    /// What was written.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// What was written, as text.
    pub fn into_string(self) -> String {
        String::from_utf8(self.bytes).expect("JSON is UTF-8")
    }
}

impl Write for ScriptSafe {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(slash) = rest.iter().position(|&b| b == b'/') {
            self.bytes.extend_from_slice(&rest[..slash]);
            if self.bytes.last() == Some(&b'<') {
                self.bytes.push(b'\\');
            }
            self.bytes.push(b'/');
            rest = &rest[slash + 1..];
        }
        self.bytes.extend_from_slice(rest);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_safe_json_cannot_close_the_script_even_across_writes() {
        use std::io::Write;
        let mut script = ScriptSafe { bytes: Vec::new() };
        script.write_all(b"\"a<").unwrap();
        script.write_all(b"/script>b</p>\"").unwrap();
        assert_eq!(script.bytes, br#""a<\/script>b<\/p>""#);
        let text: String = serde_json::from_slice(&script.bytes).unwrap();
        assert_eq!(text, "a</script>b</p>");
    }
}
