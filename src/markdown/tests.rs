use std::path::PathBuf;

use super::*;
use crate::entities::Matcher;

fn render_body(body: &str, dir: TextDirection) -> Rendered {
    let file = SourceFile {
        path: PathBuf::from("content/a.md"),
        body_line: 4,
    };
    let mut links = LinkTargets::new();
    links.insert("articles/b.md".into(), "articles/b/index.html".into());
    let input = RenderInput {
        body,
        file: &file,
        dir,
        page_path: "articles/a/",
        links: &links,
        mentions: None,
    };
    render(&input, MarkdownOptions::default())
}

fn html(body: &str) -> String {
    numbered(&render_body(body, TextDirection::Rtl).html)
}

/// `html` with each passage's id replaced by its number, and the number's
/// anchor removed: `<p id="p-k3f9a2"><span id="p-1"></span>` becomes
/// `<p id="p-1">`, so that tests of other things read simply.
fn numbered(html: &str) -> String {
    let mut out = html.to_string();
    while let Some(span) = out.find("<span id=\"p-") {
        let close = span + out[span..].find("</span>").expect("an anchor closes") + "</span>".len();
        let number = out[span + 10..].split('"').next().unwrap_or_default().to_string();
        let tag = out[..span].rfind('<').expect("the passage's tag");
        let id_at = tag + out[tag..span].find(" id=\"").expect("the passage's id") + 5;
        let id_end = id_at + out[id_at..].find('"').expect("a quoted id");
        out = format!("{}{number}{}{}", &out[..id_at], &out[id_end..span], &out[close..]);
    }
    out
}

#[test]
fn english_paragraph_in_arabic_page_gets_dir_ltr() {
    let out = html("نص عربي.\n\nA gas mask lies near the fence, on Jan. 7.\n");
    assert!(out.contains("<p id=\"p-1\">نص عربي.</p>"), "{out}");
    assert!(out.contains("<p id=\"p-2\" dir=\"ltr\">"), "{out}");
}

#[test]
fn arabic_paragraph_opening_with_acronym_gets_no_dir() {
    let out = html("CSTO هي منظمة معاهدة الأمن الجماعي بقيادة روسيا.\n");
    assert!(out.starts_with("<p id=\"p-1\">CSTO"), "{out}");
}

/// The rule of direction: quoted and bracketed runs do not decide it.
#[test]
fn arabic_sentence_quoting_english_stays_right_to_left() {
    let body = "قال المتحدث: \"Kazakhstan is stable\" ثم غادر.\n\n\
                CSTO نشرت قواتها في ألماتي.\n\n\
                A gas mask lies near the fence (قناع غاز), on Jan. 7.\n";
    let out = html(body);
    assert!(out.contains("<p id=\"p-1\">قال"), "{out}");
    assert!(out.contains("<p id=\"p-2\">CSTO"), "{out}");
    assert!(out.contains("<p id=\"p-3\" dir=\"ltr\">A gas"), "{out}");
    let english = render_body("He said «كازاخستان مستقرة تماما اليوم» and left.\n", TextDirection::Ltr);
    let english = numbered(&english.html);
    assert!(english.starts_with("<p id=\"p-1\">He said"), "{english}");
}

#[test]
fn figure_caption_gets_its_own_direction() {
    let out = html("![](<> \"A gas mask lies near the fence\")\n");
    assert_eq!(
        out,
        "<figure id=\"p-1\"><figcaption dir=\"ltr\">A gas mask lies near the fence</figcaption></figure>\n"
    );
}

#[test]
fn code_is_always_ltr_and_known_languages_are_highlighted() {
    let rendered = render_body("نص `x = 1` هنا\n\n```rust\nfn main() {}\n```\n", TextDirection::Rtl);
    assert!(
        rendered.html.contains("<code dir=\"ltr\">x = 1</code>"),
        "{}",
        rendered.html
    );
    assert!(
        rendered
            .html
            .contains("<pre class=\"code\" dir=\"ltr\"><code class=\"language-rust\"")
    );
    assert!(rendered.html.contains("<span class=\"hl-"), "{}", rendered.html);
    assert!(rendered.has_code);
}

#[test]
fn unknown_language_is_plain_escaped_code() {
    let rendered = render_body("```nosuchlang\n<b>&\n```\n", TextDirection::Rtl);
    assert!(rendered.html.contains("&lt;b&gt;&amp;"), "{}", rendered.html);
    assert!(!rendered.has_code);
}

#[test]
fn heading_ids_keep_arabic_and_repeats_are_numbered() {
    let rendered = render_body("## مُقدّمة\n\n## مقدمة\n\n## Intro {#intro}\n", TextDirection::Rtl);
    let ids: Vec<&str> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
    assert_eq!(ids, ["مقدمة", "مقدمة-1", "intro"]);
    assert!(
        rendered.html.contains("<h2 id=\"intro\" dir=\"ltr\">"),
        "{}",
        rendered.html
    );
}

#[test]
fn inline_latin_run_ending_in_digits_is_isolated() {
    let out = html("أطلقت الشركة GPT-4 في السوق.\n");
    assert!(out.contains("<bdi>GPT-4</bdi>"), "{out}");
}

#[test]
fn table_alignment_is_logical() {
    let out = html("| أ | ب |\n|:--|--:|\n| ١ | Latin text |\n");
    assert!(out.contains("<th class=\"align-start\" id=\"p-1\">"), "{out}");
    assert!(
        out.contains("<td class=\"align-end\" id=\"p-4\" dir=\"ltr\">Latin text</td>"),
        "{out}"
    );
    assert!(!out.contains("left") && !out.contains("right"));
}

#[test]
fn at_links_resolve_relative_and_unknown_ones_are_located() {
    let rendered = render_body(
        "انظر [هنا](@/articles/b.md#مقدمة).\n\n[x](@/nope.md)\n",
        TextDirection::Rtl,
    );
    assert!(
        rendered
            .html
            .contains("href=\"../../articles/b/index.html#%D9%85%D9%82%D8%AF%D9%85%D8%A9\""),
        "{}",
        rendered.html
    );
    assert_eq!(rendered.problems.len(), 1);
    assert_eq!((rendered.problems[0].line, rendered.problems[0].col), (6, 1));
}

#[test]
fn raw_html_is_sanitized_unless_trusted() {
    let body = "<div onclick=\"x()\">نص</div>\n\nفقرة <script>alert(1)</script> و<b>غامق</b>\n";
    let out = html(body);
    assert!(!out.contains("onclick") && !out.contains("<script"), "{out}");
    assert!(out.contains("<b>غامق</b>"), "{out}");
    let file = SourceFile {
        path: PathBuf::from("content/a.md"),
        body_line: 1,
    };
    let links = LinkTargets::new();
    let input = RenderInput {
        body,
        file: &file,
        dir: TextDirection::Rtl,
        page_path: "",
        links: &links,
        mentions: None,
    };
    let trusted = render(
        &input,
        MarkdownOptions {
            trust_html: true,
            ..MarkdownOptions::default()
        },
    );
    assert!(trusted.html.contains("<script>alert(1)</script>"), "{}", trusted.html);
}

#[test]
fn hostile_addresses_are_dropped_to_their_text_in_every_link_form() {
    let body = "[نص](javascript:alert(1)) أول.\n\n\
                [مرجع][r] ثان.\n\n\
                <javascript:alert(3)>\n\n\
                ![وصف الصورة](data:text/html,x) ثالث.\n\n\
                <a href=\"java&#115;cript:alert(5)\">رابع</a>\n\n\
                [r]: JavaScript:alert(2)\n";
    let rendered = render_body(body, TextDirection::Rtl);
    let out = &rendered.html;
    for kept in [
        "نص أول.",
        "مرجع ثان.",
        "javascript:alert(3)",
        "وصف الصورة ثالث.",
        "رابع",
    ] {
        assert!(out.contains(kept), "{kept} is lost: {out}");
    }
    assert!(!out.to_ascii_lowercase().contains("href=\"java"), "{out}");
    assert!(!out.contains("<img") && !out.contains("href=\"#\""), "{out}");
    let located: Vec<(usize, usize)> = rendered.problems.iter().map(|p| (p.line, p.col)).collect();
    assert_eq!(
        located,
        [(4, 1), (6, 1), (8, 1), (10, 1), (12, 1)],
        "{:?}",
        rendered.problems
    );
    assert!(rendered.problems.iter().all(|p| !p.is_error()));
}

#[test]
fn list_item_and_quote_directions_follow_their_text() {
    let out = html("- بند عربي\n- An English item\n\n> An English quote.\n");
    assert!(out.contains("<li id=\"p-1\">بند عربي</li>"), "{out}");
    assert!(out.contains("<li id=\"p-2\" dir=\"ltr\">An English item</li>"), "{out}");
    assert!(out.contains("<blockquote dir=\"ltr\">"), "{out}");
    assert!(
        out.contains("<p id=\"p-3\">An English quote.</p>"),
        "nested paragraph inherits: {out}"
    );
}

fn render_with_mentions(body: &str, excluded: &[usize]) -> Rendered {
    render_with_mentions_and(body, excluded, MarkdownOptions::default())
}

fn render_with_mentions_and(body: &str, excluded: &[usize], options: MarkdownOptions) -> Rendered {
    let file = SourceFile {
        path: PathBuf::from("content/a.md"),
        body_line: 1,
    };
    let links = LinkTargets::new();
    let matcher = Matcher::new([
        (0, "توكاييف"),
        (0, "قاسم جومارت توكاييف"),
        (1, "كازاخستان"),
        (1, "الكازاخستاني"),
    ]);
    let entry_files = [
        "actors/tokayev/index.html".to_string(),
        "countries/kazakhstan/index.html".to_string(),
    ];
    let mentions = MentionInput {
        matcher: &matcher,
        entry_files: &entry_files,
        excluded,
    };
    let input = RenderInput {
        body,
        file: &file,
        dir: TextDirection::Rtl,
        page_path: "articles/a/",
        links: &links,
        mentions: Some(mentions),
    };
    render(&input, options)
}

/// A name the parser splits into several text events (a line break, a
/// bracket, typographic quotation marks) is found whole.
#[test]
fn names_split_by_the_parser_are_found_whole() {
    let rendered = render_with_mentions("وصل قاسم جومارت\nتوكاييف إلى [كازاخستان] أمس.\n", &[]);
    let html = &rendered.html;
    assert!(html.contains(">قاسم جومارت\nتوكاييف</a>"), "{html}");
    assert!(
        html.contains("[<a class=\"mention\" href=\"../../countries/kazakhstan/index.html\">كازاخستان</a>]"),
        "{html}"
    );
    let passage = &rendered.passages[0];
    assert_eq!(passage.text, "وصل قاسم جومارت\nتوكاييف إلى [كازاخستان] أمس.");
    let smart = MarkdownOptions {
        smart_punctuation: true,
        ..MarkdownOptions::default()
    };
    let rendered = render_with_mentions_and("قال \"قاسم جومارت توكاييف\" إن 'الكازاخستاني' غادر.\n", &[], smart);
    let entries: Vec<usize> = rendered.passages[0].mentions.iter().map(|m| m.entry).collect();
    assert_eq!(entries, [0, 1], "{}", rendered.html);
    assert!(rendered.html.contains("“<a class=\"mention\""), "{}", rendered.html);
}

#[test]
fn first_mention_of_each_entry_links_and_every_mention_is_recorded() {
    let rendered = render_with_mentions(
        "## توكاييف\n\nطلب توكاييف من كازاخستان، وقال الرئيس الكازاخستاني.\n\nثم عاد توكاييف و`توكاييف` و[توكاييف](https://x.org).\n",
        &[],
    );
    let html = &rendered.html;
    assert_eq!(html.matches("class=\"mention\"").count(), 2, "{html}");
    assert!(
        html.contains("<a class=\"mention\" href=\"../../actors/tokayev/index.html\">توكاييف</a>"),
        "{html}"
    );
    assert!(
        html.contains("<h2 id=\"توكاييف\">توكاييف</h2>"),
        "no mention in headings: {html}"
    );
    let counts: Vec<usize> = rendered.passages.iter().map(|p| p.mentions.len()).collect();
    assert_eq!(counts, [3, 1], "not in code or link text");
    let first = &rendered.passages[0];
    assert_eq!(&first.text[first.mentions[2].range.clone()], "الكازاخستاني");
}

#[test]
fn excluded_entries_are_not_detected() {
    let rendered = render_with_mentions("طلب توكاييف من كازاخستان.\n", &[1]);
    let entries: Vec<usize> = rendered.passages[0].mentions.iter().map(|m| m.entry).collect();
    assert_eq!(entries, [0]);
}

/// Regression: NUL bytes reached the HTML.
#[test]
fn nul_bytes_are_dropped_with_a_warning() {
    let rendered = render_body("نص\0 عربي.\n\n```\ncode\0\n```\n\n<b>\0</b>\n", TextDirection::Rtl);
    assert!(!rendered.html.contains('\0'), "{:?}", rendered.html);
    assert!(rendered.html.contains("نص عربي."), "{}", rendered.html);
    let warning = rendered
        .problems
        .iter()
        .find(|p| p.message.contains("NUL"))
        .expect("a warning");
    assert_eq!((warning.line, warning.col), (4, 3));
    assert!(warning.message.starts_with("3 NUL"), "{}", warning.message);
}

/// How deeply `html` nests elements, by its tags.
fn html_depth(html: &str) -> usize {
    let fragment = scraper::Html::parse_fragment(html);
    fragment
        .root_element()
        .descendants()
        .map(|node| node.ancestors().count())
        .max()
        .unwrap_or(0)
}

#[test]
fn markdown_nested_past_the_limit_keeps_its_words_and_is_located() {
    let deep = nesting::NESTING_LIMIT * 3;
    for (opener, kind) in [("> ", "quotes"), ("- ", "lists"), ("> - ", "both")] {
        let body = format!(
            "فقرة أولى.\n\n{}قال توكاييف إن القوات ستغادر\n\nفقرة أخيرة.\n",
            opener.repeat(deep)
        );
        let out = render_body(&body, TextDirection::Rtl);
        for words in ["فقرة أولى.", "قال توكاييف إن القوات ستغادر", "فقرة أخيرة."]
        {
            assert!(out.html.contains(words), "{kind}: {words} lost");
        }
        let depth = html_depth(&out.html);
        assert!(depth <= nesting::NESTING_LIMIT + 4, "{kind}: nested {depth} deep");
        let warnings: Vec<_> = out.problems.iter().filter(|p| p.message.contains("nested")).collect();
        assert_eq!(warnings.len(), 1, "{kind}: {:?}", out.problems);
        assert_eq!(warnings[0].line, 4 + 2, "{kind}: line of the deep line");
    }
    let shallow = render_body("> > - اقتباس داخل قائمة\n", TextDirection::Rtl);
    assert!(shallow.problems.is_empty(), "{:?}", shallow.problems);
    assert_eq!(shallow.html.matches("<blockquote").count(), 2);
}

#[test]
fn sibling_items_past_the_limit_do_not_run_together() {
    let indent = |level: usize| "  ".repeat(level);
    let mut body = String::new();
    for level in 0..nesting::NESTING_LIMIT / 2 + 2 {
        body.push_str(&format!("{}- مستوى\n", indent(level)));
    }
    let last = nesting::NESTING_LIMIT / 2 + 2;
    body.push_str(&format!("{}- أول\n{}- ثان\n", indent(last), indent(last)));
    let out = html(&body);
    assert!(!out.contains("أولثان"), "items ran together");
    assert!(out.contains("أول") && out.contains("ثان"));
}

#[test]
fn an_unclosed_declaration_keeps_the_paragraphs_after_it() {
    // `<!a` opens an HTML block that CommonMark ends only at a `>`.
    for opener in ["<!a", "<!DOCTYPE html", "<!x y z"] {
        let out = render_body(
            &format!("{opener}\n\nفقرة أولى بعد الوسم.\n\nفقرة ثانية.\n"),
            TextDirection::Rtl,
        );
        assert!(
            out.html.contains("فقرة أولى بعد الوسم.") && out.html.contains("فقرة ثانية."),
            "{opener}: {}",
            out.html
        );
        assert!(
            out.problems.iter().any(|p| p.message.contains("never closed")),
            "{opener}: {:?}",
            out.problems
        );
    }
}

#[test]
fn passage_ids_come_from_their_words_and_numbers_stay_reachable() {
    let body = "قال توكاييف إن القوات ستغادر.\n\nفقرة ثانية طويلة عن الوضع في ألماتي بعد أيام من الاضطرابات التي شهدتها المدينة الكبرى.\n\nقال توكاييف إن القوات ستغادر.\n";
    let first = render_body(body, TextDirection::Rtl);
    let ids: Vec<&str> = first.passages.iter().map(|p| p.id.as_str()).collect();
    assert!(ids[0].starts_with("p-") && ids[0].len() == 8, "{ids:?}");
    assert_eq!(ids[2], format!("{}-2", ids[0]), "the same words again get -2");
    assert!(
        first
            .html
            .contains(&format!("<p id=\"{}\"><span id=\"p-1\"></span>", ids[0])),
        "{}",
        first.html
    );
    // A paragraph inserted above, and an edit after the first twelve words
    // of another, keep every id.
    let edited = format!(
        "فقرة جديدة في أول المقال.\n\n{}",
        body.replace("المدينة الكبرى.", "المدينة الكبرى، وقد تغير الوضع كثيرا.")
    );
    let second = render_body(&edited, TextDirection::Rtl);
    let after: Vec<&str> = second.passages.iter().skip(1).map(|p| p.id.as_str()).collect();
    assert_eq!(after, ids);
    // The numbers move with the inserted paragraph, as before.
    assert!(second.html.contains("<span id=\"p-4\"></span>"));
}
