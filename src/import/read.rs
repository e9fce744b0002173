//! Reading an input file: its bytes become text (UTF-8 with or without a
//! BOM, UTF-16 with a BOM, or a legacy encoding such as Windows-1256,
//! detected with chardetng and decoded with encoding_rs), with every line
//! ending (CRLF, CR) made LF. A binary or empty file is refused.
//!
//! Bytes that are UTF-8 apart from a few damaged sequences (a truncated
//! download, a stray byte) are read as UTF-8, each damaged sequence becoming
//! U+FFFD: chardetng rules UTF-8 out at the first invalid byte and would
//! read such a file as Windows-1256, turning every Arabic word into
//! mojibake.

use std::borrow::Cow;
use std::fmt;

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8};

/// A decoded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without BOM, with LF line ends.
    pub text: String,
    /// The encoding it was read in (`UTF-8`, `UTF-16LE`, `windows-1256`...).
    pub encoding: &'static str,
}

/// Why a file gives no text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// No bytes, or nothing but white space.
    Empty,
    /// Not text: the reason, for the report.
    Binary(String),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Empty => f.write_str("the file is empty"),
            ReadError::Binary(why) => write!(f, "not a text file ({why})"),
        }
    }
}

/// Signatures of the binary formats a scrape folder is likely to hold, with
/// how the report names them.
const MAGIC: &[(&[u8], &str)] = &[
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a DOCX/ODT document)"),
    (b"PK\x05\x06", "a ZIP archive (or a DOCX/ODT document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
];

/// The top-level domain given to chardetng: an Arabic-script one (Egypt),
/// so that an ambiguous legacy text is read as Windows-1256. (`ar` would be
/// Argentina, a Western domain.)
const DETECTION_TLD: &[u8] = b"eg";

/// At most one damaged sequence per this many well-formed non-ASCII
/// characters for bytes that are not valid UTF-8 to be read as UTF-8.
const DAMAGE_RATIO: usize = 20;

/// Control characters (other than tab, line feed and form feed) making up
/// more than one character in this many mark a binary file.
const CONTROL_RATIO: usize = 20;

/// Decodes the bytes of a file.
pub fn decode(bytes: &[u8]) -> Result<Decoded, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if let Some(kind) = binary_signature(bytes) {
        return Err(ReadError::Binary(kind.to_owned()));
    }
    let (text, encoding) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) => (decode_as(encoding, &bytes[bom..]), encoding),
        None => decode_unmarked(bytes)?,
    };
    check_text(&text)?;
    Ok(Decoded {
        text: normalize_newlines(text),
        encoding: encoding.name(),
    })
}

/// The name of the binary format the bytes start with, if any.
fn binary_signature(bytes: &[u8]) -> Option<&'static str> {
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|&(_, kind)| kind)
        .or_else(|| is_webp(bytes).then_some("a WebP image"))
}

/// Whether the bytes are a WebP image (`RIFF`, a length, `WEBP`).
fn is_webp(bytes: &[u8]) -> bool {
    bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP")
}

/// Bytes without a BOM: UTF-8 when they are (or nearly are), otherwise the
/// encoding chardetng guesses. NUL bytes mean a binary file here, as only
/// UTF-16 (which needs its BOM) would have them.
fn decode_unmarked(bytes: &[u8]) -> Result<(Cow<'_, str>, &'static Encoding), ReadError> {
    if bytes.contains(&0) {
        return Err(ReadError::Binary("contains NUL bytes".to_owned()));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((Cow::Borrowed(text), UTF_8));
    }
    if nearly_utf8(bytes) {
        return Ok((String::from_utf8_lossy(bytes), UTF_8));
    }
    let encoding = detect(bytes);
    Ok((decode_as(encoding, bytes), encoding))
}

/// Whether bytes that are not valid UTF-8 are still UTF-8 text with a few
/// damaged sequences: well-formed multi-byte characters outnumber the
/// damaged sequences [`DAMAGE_RATIO`] to one. A legacy encoding's letters
/// are single high bytes, almost never well-formed UTF-8.
fn nearly_utf8(bytes: &[u8]) -> bool {
    let (mut wide, mut damaged) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        wide += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        damaged += usize::from(!chunk.invalid().is_empty());
    }
    wide > 0 && damaged.saturating_mul(DAMAGE_RATIO) <= wide
}

/// The legacy encoding chardetng guesses for the bytes.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(Some(DETECTION_TLD), Utf8Detection::Allow)
}

/// The bytes (without any BOM) decoded in `encoding`; malformed sequences
/// become U+FFFD.
fn decode_as<'a>(encoding: &'static Encoding, bytes: &'a [u8]) -> Cow<'a, str> {
    encoding.decode_without_bom_handling(bytes).0
}

/// Refuses a decoded text that is empty, blank, or mostly control
/// characters.
fn check_text(text: &str) -> Result<(), ReadError> {
    if text.trim().is_empty() {
        return Err(ReadError::Empty);
    }
    let (mut chars, mut controls) = (0usize, 0usize);
    for c in text.chars() {
        chars += 1;
        controls += usize::from(c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'));
    }
    if controls.saturating_mul(CONTROL_RATIO) > chars {
        let share = controls * 100 / chars;
        return Err(ReadError::Binary(format!(
            "{share}% of its characters are control characters"
        )));
    }
    Ok(())
}

/// The text with every CRLF and lone CR made LF.
fn normalize_newlines(text: Cow<'_, str>) -> String {
    if !text.contains('\r') {
        return text.into_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            out.push('\n');
            chars.next_if_eq(&'\n');
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines of an Arabic news report, as a scraped file holds them.
    const NEWS: &str = "أعلنت وزارة الخارجية المصرية، اليوم الأحد، عن استئناف المحادثات.\n\
        وقال المتحدث الرسمي إن الجولة المقبلة ستعقد في القاهرة “خلال أيام”.\n\
        وأضاف أن الوفدين اتفقا على جدول أعمال يشمل ملفات الحدود والمياه.";

    /// The text in Windows-1256.
    fn cp1256(text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(text);
        assert!(!unmappable, "Windows-1256 lacks a character of the test text");
        bytes.into_owned()
    }

    /// The text in UTF-16 with its BOM, little- or big-endian.
    fn utf16(text: &str, little: bool) -> Vec<u8> {
        let bom: [u8; 2] = if little { [0xff, 0xfe] } else { [0xfe, 0xff] };
        let units = text
            .encode_utf16()
            .flat_map(|unit| if little { unit.to_le_bytes() } else { unit.to_be_bytes() });
        bom.into_iter().chain(units).collect()
    }

    /// Decodes bytes that must be text.
    fn text(bytes: &[u8]) -> Decoded {
        decode(bytes).expect("the bytes are text")
    }

    #[test]
    fn utf8_is_read_as_is() {
        let decoded = text(NEWS.as_bytes());
        assert_eq!(decoded.text, NEWS);
        assert_eq!(decoded.encoding, "UTF-8");
    }

    #[test]
    fn utf8_bom_is_removed() {
        let bytes = [b"\xef\xbb\xbf".as_slice(), NEWS.as_bytes()].concat();
        let decoded = text(&bytes);
        assert_eq!(decoded.text, NEWS);
        assert_eq!(decoded.encoding, "UTF-8");
    }

    #[test]
    fn windows_1256_is_detected() {
        let decoded = text(&cp1256(NEWS));
        assert_eq!(decoded.text, NEWS);
        assert_eq!(decoded.encoding, "windows-1256");
    }

    #[test]
    fn short_windows_1256_line_is_detected() {
        let line = "القدس - أصيب ثلاثة فلسطينيين برصاص الاحتلال.";
        let decoded = text(&cp1256(line));
        assert_eq!(decoded.text, line);
        assert_eq!(decoded.encoding, "windows-1256");
    }

    #[test]
    fn utf16_with_bom_is_read_both_ways() {
        let little = text(&utf16(NEWS, true));
        assert_eq!(little.text, NEWS);
        assert_eq!(little.encoding, "UTF-16LE");
        let big = text(&utf16(NEWS, false));
        assert_eq!(big.text, NEWS);
        assert_eq!(big.encoding, "UTF-16BE");
    }

    #[test]
    fn crlf_and_lone_cr_become_lf() {
        let crlf = NEWS.replace('\n', "\r\n");
        assert_eq!(text(crlf.as_bytes()).text, NEWS);
        let cr = NEWS.replace('\n', "\r");
        assert_eq!(text(cr.as_bytes()).text, NEWS);
        let mixed = "سطر أول\r\nسطر ثان\rسطر ثالث\n\r\n";
        assert_eq!(text(mixed.as_bytes()).text, "سطر أول\nسطر ثان\nسطر ثالث\n\n");
    }

    #[test]
    fn crlf_in_windows_1256_becomes_lf() {
        let decoded = text(&cp1256(&NEWS.replace('\n', "\r\n")));
        assert_eq!(decoded.text, NEWS);
        assert_eq!(decoded.encoding, "windows-1256");
    }

    #[test]
    fn empty_and_blank_files_are_refused() {
        assert_eq!(decode(b""), Err(ReadError::Empty));
        assert_eq!(decode(b" \n\t\r\n  "), Err(ReadError::Empty));
        assert_eq!(decode(b"\xef\xbb\xbf\n"), Err(ReadError::Empty));
        assert_eq!(decode(&utf16(" \n ", true)), Err(ReadError::Empty));
    }

    #[test]
    fn binary_signatures_are_named() {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0";
        assert_eq!(decode(png), Err(ReadError::Binary("a PNG image".into())));
        let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj";
        assert_eq!(decode(pdf), Err(ReadError::Binary("a PDF file".into())));
        let jpeg = b"\xff\xd8\xff\xe0\0\x10JFIF";
        assert_eq!(decode(jpeg), Err(ReadError::Binary("a JPEG image".into())));
        let docx = b"PK\x03\x04\x14\0\x06\0";
        assert!(matches!(decode(docx), Err(ReadError::Binary(why)) if why.contains("DOCX")));
    }

    #[test]
    fn nul_bytes_mark_a_binary_file() {
        let bytes = [NEWS.as_bytes(), b"\0\0\x01\0"].concat();
        let error = decode(&bytes).expect_err("NUL bytes are not text");
        assert_eq!(error, ReadError::Binary("contains NUL bytes".into()));
        assert_eq!(error.to_string(), "not a text file (contains NUL bytes)");
    }

    #[test]
    fn control_characters_mark_a_binary_file() {
        let bytes: Vec<u8> = (1u8..=8).cycle().take(64).chain(*b"abc").collect();
        assert!(matches!(decode(&bytes), Err(ReadError::Binary(why)) if why.contains("control")));
    }

    /// A UTF-8 file with a few damaged bytes stays UTF-8 (chardetng would
    /// say Windows-1256 and lose every Arabic word): only the damaged bytes
    /// become U+FFFD.
    #[test]
    fn utf8_with_a_few_invalid_bytes_keeps_its_words() {
        let mut bytes = NEWS.as_bytes().to_vec();
        bytes.insert(NEWS.find("اليوم").unwrap_or(0), 0xff);
        bytes.extend_from_slice(b"\xd8");
        let decoded = text(&bytes);
        assert_eq!(decoded.encoding, "UTF-8");
        for word in ["وزارة", "الخارجية", "المحادثات", "القاهرة", "والمياه"] {
            assert!(decoded.text.contains(word), "{word} is lost");
        }
        assert_eq!(decoded.text.matches('\u{fffd}').count(), 2);
    }

    #[test]
    fn latin_legacy_text_is_not_forced_into_utf8() {
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode("Le président a déclaré à la presse");
        let decoded = text(&bytes);
        assert_eq!(decoded.text, "Le président a déclaré à la presse");
        assert_eq!(decoded.encoding, "windows-1252");
    }

    #[test]
    fn windows_1256_html_page_is_detected() {
        let page = "<!DOCTYPE html>\r\n<html lang=\"ar\" dir=\"rtl\"><head>\r\n\
            <meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1256\">\r\n\
            <title>الحكومة تقر موازنة العام المقبل</title></head>\r\n\
            <body><p>أقر مجلس الوزراء مشروع الموازنة العامة للدولة.</p></body></html>";
        let decoded = text(&cp1256(page));
        assert_eq!(decoded.encoding, "windows-1256");
        assert_eq!(decoded.text, page.replace("\r\n", "\n"));
    }

    /// A committed fixture, decoded, against the seed it was made from.
    fn assert_fixture(fixture: &str, seed: &str, encoding: &str) {
        let root = env!("CARGO_MANIFEST_DIR");
        let bytes = std::fs::read(format!("{root}/tests/fixtures/import/{fixture}")).expect("the fixture is committed");
        let expected = std::fs::read_to_string(format!("{root}/sources/{seed}")).expect("the seed is committed");
        let decoded = text(&bytes);
        assert_eq!(decoded.encoding, encoding);
        assert_eq!(decoded.text, expected);
    }

    #[test]
    fn windows_1256_crlf_fixture_gives_the_seed() {
        assert_fixture("cp1256-crlf.txt", "000_ea5e3ea7e789e4ef.txt", "windows-1256");
    }

    #[test]
    fn utf16_bom_cr_fixture_gives_the_seed() {
        assert_fixture("utf16-bom.txt", "002_f4e20dadbff31c7d.txt", "UTF-16LE");
    }
}
