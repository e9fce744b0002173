//! Finding the passage that holds a quote: the evidence of a case names an
//! article and words of it, not a paragraph number, so that it keeps
//! pointing at the same words when the article is edited.
//!
//! A quote and a passage are compared word by word under the folding of
//! mention detection (hamza forms, ة/ه, ى/ي, harakat, tatweel, digits), with
//! punctuation and the spaces between words left out.

use super::Passage;
use crate::entities::normalize::normalize;

/// What a quote finds among the passages of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QuoteMatch<'p> {
    /// The one passage that holds it.
    One(&'p Passage),
    /// No passage: the one that holds most of its words, if any does.
    None(Option<&'p Passage>),
    /// Several passages hold it.
    Several(Vec<&'p Passage>),
}

/// The passage of `passages` that holds `quote`.
pub fn find_quote<'p>(passages: &'p [Passage], quote: &str) -> QuoteMatch<'p> {
    let wanted = words(quote);
    if wanted.is_empty() {
        return QuoteMatch::None(None);
    }
    let needle = format!(" {} ", wanted.join(" "));
    let holding: Vec<&Passage> = passages
        .iter()
        .filter(|p| format!(" {} ", words(&p.text).join(" ")).contains(&needle))
        .collect();
    match holding.as_slice() {
        [one] => QuoteMatch::One(one),
        [] => QuoteMatch::None(closest(passages, &wanted)),
        _ => QuoteMatch::Several(holding),
    }
}

/// The passage that holds the most of `wanted`'s words.
fn closest<'p>(passages: &'p [Passage], wanted: &[String]) -> Option<&'p Passage> {
    passages
        .iter()
        .map(|p| {
            let have = words(&p.text);
            (wanted.iter().filter(|w| have.contains(w)).count(), p)
        })
        .filter(|(shared, _)| *shared > 0)
        .max_by_key(|(shared, _)| *shared)
        .map(|(_, p)| p)
}

/// The folded words of `text`.
fn words(text: &str) -> Vec<String> {
    normalize(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bidi::TextDirection;

    fn passage(id: &str, text: &str) -> Passage {
        Passage {
            id: id.to_string(),
            text: text.to_string(),
            dir: TextDirection::Rtl,
            mentions: Vec::new(),
        }
    }

    #[test]
    fn a_quote_finds_its_passage_under_folding_and_punctuation() {
        let passages = [
            passage(
                "p-a",
                "وهكذا ، كان المنطق الاستراتيجي الأوسع للتدخل الروسي في كازاخستان موجودًا.",
            ),
            passage(
                "p-b",
                "جاء الزناد في شكل محتجين يقتحمون المباني العامة ، وجاء الدعم من العناصر المحلية.",
            ),
        ];
        assert_eq!(
            find_quote(&passages, "جاء الزناد في شكل محتجين").clone(),
            QuoteMatch::One(&passages[1])
        );
        // Hamza, harakat and punctuation do not matter.
        assert_eq!(
            find_quote(&passages, "المنطق الإستراتيجي الأوسع، للتدخل"),
            QuoteMatch::One(&passages[0])
        );
        // Whole words only.
        assert_eq!(find_quote(&passages, "جاء الزنا"), QuoteMatch::None(Some(&passages[1])));
    }

    #[test]
    fn no_passage_or_several_are_reported_with_the_closest() {
        let passages = [
            passage("p-a", "قال توكاييف إن القوات ستغادر."),
            passage("p-b", "قال توكاييف إن القوات ستغادر قريبا."),
        ];
        assert!(matches!(find_quote(&passages, "إن القوات ستغادر"), QuoteMatch::Several(v) if v.len() == 2));
        assert_eq!(
            find_quote(&passages, "القوات باقية قريبا"),
            QuoteMatch::None(Some(&passages[1]))
        );
        assert_eq!(find_quote(&passages, "بيلاروسيا"), QuoteMatch::None(None));
    }
}
