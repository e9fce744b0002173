use super::*;

const MACKINNON: &str = include_str!("../../../sources/000_ea5e3ea7e789e4ef.txt");
const FOREIGN_POLICY: &str = include_str!("../../../sources/002_f4e20dadbff31c7d.txt");

/// The site boilerplate of the blog the second text was scraped from: its
/// signature and slogan, as the bundled config.toml declares them.
const BLOG_BOILERPLATE: &[&str] = &[
    "يقول محدّثي",
    "لمّا تخرج الكلمة للعلن",
    "كل يرميها بسهم عينه",
    "ماهر حمصي",
    "إبداع بلا رتوش",
];

fn blog_rules() -> Rules {
    Rules::new(&BLOG_BOILERPLATE.iter().map(|s| s.to_string()).collect::<Vec<_>>())
}

fn block_words(block: &Block) -> Vec<String> {
    let inlines: Vec<&Inline> = match block {
        Block::Heading(inl) | Block::Quote(inl) => inl.iter().collect(),
        Block::Paragraph(lines) | Block::Bullets(lines) => lines.iter().flatten().collect(),
        Block::Ordered(items) => {
            let mut words = Vec::new();
            for (marker, inl) in items {
                words.push(marker.clone());
                words.extend(inl.iter().flat_map(|i| i.text().split_whitespace().map(String::from)));
            }
            return words;
        }
        Block::Caption { text, .. } => return text.split_whitespace().map(String::from).collect(),
    };
    inlines
        .into_iter()
        .flat_map(|i| i.text().split_whitespace().map(String::from))
        .collect()
}

/// Every word of the input is in the body, in order, or moved or dropped.
fn assert_words_kept(input: &str, draft: &Draft) {
    let split = |s: &str| s.split_whitespace().map(String::from).collect::<Vec<_>>();
    let body: Vec<String> = draft.blocks.iter().flat_map(block_words).collect();
    // Ordered-list markers are glued to their item's text when no space follows.
    let mut raw: Vec<String> = split(input);
    let mut kept: Vec<String> = body.clone();
    kept.extend(draft.moved.iter().flat_map(|m| split(m)));
    kept.extend(draft.dropped.iter().flat_map(|d| split(&d.text)));
    let glue = |words: Vec<String>| -> String { words.concat() };
    let mut a: Vec<char> = glue(std::mem::take(&mut raw)).chars().collect();
    let mut b: Vec<char> = glue(kept).chars().collect();
    a.sort_unstable();
    b.sort_unstable();
    assert_eq!(a, b, "the letters of the input and of the draft differ");
    // The body's words appear in the input in the same order.
    let text: String = input.split_whitespace().collect();
    let mut from = 0;
    for word in &body {
        let at = text[from..]
            .find(word.as_str())
            .unwrap_or_else(|| panic!("{word} out of order"));
        from += at + word.len();
    }
}

fn texts(blocks: &[Block]) -> Vec<String> {
    blocks.iter().map(|b| block_words(b).join(" ")).collect()
}

#[test]
fn the_first_seed_byline_outlet_headings_and_translator() {
    let draft = recognise(MACKINNON, &Rules::default()).unwrap();
    assert_eq!(draft.authors, ["إيمي ماكينون"]);
    assert_eq!(draft.translator.as_deref(), Some("الجزيرة"));
    assert_eq!(draft.source.as_deref(), Some("الشرق اليوم"));
    assert_eq!(
        draft.title.as_deref(),
        Some("هناك 3 أشياء مهمة تجب معرفتها عن تدخل التحالف بقيادة روسيا في كازاخستان")
    );
    assert!(draft.title_from_body);
    let headings: Vec<String> = draft
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Heading(_)))
        .map(|b| block_words(b).join(" "))
        .collect();
    assert_eq!(
        headings,
        [
            "1- يحدث أول مرة",
            "2- انقطاع في السياسة الخارجية لكازاخستان",
            "3-هل هو تكرار لما حدث بجورجيا ومولدوفا وسوريا؟"
        ]
    );
    assert!(texts(&draft.blocks)[0].starts_with("هناك 3 أشياء"));
    assert!(draft.date.is_none());
    assert_words_kept(MACKINNON, &draft);
}

#[test]
fn the_second_seed_title_standfirst_caption_list_and_credit() {
    let draft = recognise(FOREIGN_POLICY, &blog_rules()).unwrap();
    assert_eq!(draft.title.as_deref(), Some("لماذا أرسلت روسيا قوات إلى كازاخستان ؟"));
    assert_eq!(
        draft.summary.as_deref(),
        Some("إن مساعدة موسكو السريعة لنظام مجاور تتماشى مع أهدافها الإستراتيجية الأوسع.")
    );
    assert!(matches!(&draft.blocks[0], Block::Caption { text, .. } if text.starts_with("A gas mask")));
    let Some(Block::Ordered(items)) = draft.blocks.iter().find(|b| matches!(b, Block::Ordered(_))) else {
        panic!("no list: {:?}", texts(&draft.blocks));
    };
    assert_eq!(items.len(), 5);
    assert_eq!(items[0].0, "1)");
    assert_eq!(draft.source.as_deref(), Some("فورين بوليسي"));
    let dropped: Vec<&str> = draft.dropped.iter().map(|d| d.text.as_str()).collect();
    assert!(dropped.contains(&"إشترك في القائمة البريدية"), "{dropped:?}");
    assert!(dropped.contains(&"ماهر حمصي"), "{dropped:?}");
    assert!(
        texts(&draft.blocks)
            .last()
            .unwrap()
            .starts_with("هناك الكثير على المحك")
    );
    assert!(draft.date_mentions.iter().any(|d| d == "2 يناير"));
    assert_words_kept(FOREIGN_POLICY, &draft);
}

#[test]
fn without_the_sites_patterns_its_signature_stays_in_the_body() {
    let draft = recognise(FOREIGN_POLICY, &Rules::default()).unwrap();
    assert!(texts(&draft.blocks).iter().any(|t| t == "إبداع بلا رتوش"));
    assert_words_kept(FOREIGN_POLICY, &draft);
}

const WIRE: &str = "الكرملين: القوات ستبقى في كازاخستان حتى استقرار الوضع\n\n\
موسكو، 10 يناير 2022 (رويترز) - قال المتحدث باسم الكرملين ديمتري بيسكوف يوم الاثنين إن قوات منظمة معاهدة الأمن الجماعي ستبقى في كازاخستان ما دامت هناك حاجة إليها.\n\n\
وأضاف بيسكوف أن المهمة محددة بوقت، وأن القرار يعود إلى رئيس كازاخستان قاسم جومارت توكاييف.\n\n\
اقرأ أيضاً: توكاييف يعلن انتهاء مهمة القوات\n\
© 2022 رويترز. جميع الحقوق محفوظة\n";

#[test]
fn a_wire_report_gets_its_dateline_date_agency_and_loses_its_boilerplate() {
    let draft = recognise(WIRE, &Rules::default()).unwrap();
    assert_eq!(
        draft.title.as_deref(),
        Some("الكرملين: القوات ستبقى في كازاخستان حتى استقرار الوضع")
    );
    assert_eq!(draft.summary, None, "the lead paragraph is body");
    assert_eq!(draft.source.as_deref(), Some("رويترز"));
    assert_eq!(
        draft.date,
        Some(FoundDate {
            ymd: (2022, 1, 10),
            certain: true
        })
    );
    assert!(texts(&draft.blocks)[0].starts_with("قال المتحدث باسم الكرملين"));
    assert_eq!(draft.dropped.len(), 2);
    assert_eq!(draft.dropped[0].line, 7);
    assert_words_kept(WIRE, &draft);
}

#[test]
fn hard_wrapped_paragraphs_are_joined_and_crlf_free_text_keeps_its_lines() {
    let text = "تحليل: لماذا تدخلت روسيا الآن؟\n\nبقلم: سارة الأحمد\n\n\
في الثاني من يناير خرج المحتجون إلى شوارع مدينة\nجاناوزين احتجاجا على ارتفاع أسعار الغاز المسال،\nثم امتدت الاحتجاجات إلى ألماتي.\n\n\
ويرى محللون أن موسكو رأت في الطلب فرصة لتعزيز نفوذها.\n";
    let draft = recognise(text, &Rules::default()).unwrap();
    assert_eq!(draft.authors, ["سارة الأحمد"]);
    assert_eq!(draft.blocks.len(), 2, "{:?}", texts(&draft.blocks));
    let Block::Paragraph(lines) = &draft.blocks[0] else {
        panic!()
    };
    assert_eq!(lines.len(), 3);
    assert_words_kept(text, &draft);
}

#[test]
fn english_bylines_levantine_dates_and_bullets_of_numbers_in_prose() {
    let text = "By Jane Doe\n\
بيروت في 6 كانون الثاني/يناير 2022 - أعلنت وزارة الخارجية اللبنانية أنها تتابع التطورات في كازاخستان عن كثب وتدعو إلى الحوار.\n\
وقالت الوزارة إن 2022- عام صعب على المنطقة كلها بحسب تعبيرها في البيان.\n";
    let draft = recognise(text, &Rules::default()).unwrap();
    assert_eq!(draft.authors, ["Jane Doe"]);
    assert_eq!(
        draft.date,
        Some(FoundDate {
            ymd: (2022, 1, 6),
            certain: true
        })
    );
    assert_eq!(draft.source, None, "a place with a date is a dateline, not a source");
    assert!(draft.blocks.iter().all(|b| matches!(b, Block::Paragraph(_))));
    assert_words_kept(text, &draft);
}

#[test]
fn a_text_without_a_body_fails_with_a_reason() {
    assert_eq!(recognise("", &Rules::default()).unwrap_err(), "the text has no body");
    assert_eq!(
        recognise("عنوان وحيد\n\n\u{a0}\n", &Rules::default()).unwrap_err(),
        "the text is one short line, a title without a body"
    );
    assert!(recognise("بقلم: أحمد\nإشترك في القائمة البريدية\n", &Rules::default()).is_err());
}

#[test]
fn a_city_dateline_is_no_source() {
    let text = "الرئيس يطلب المساعدة\n\nأستانا - طلب الرئيس الكازاخستاني من الحلفاء إرسال قوات لحفظ السلام في البلاد.\n";
    let draft = recognise(text, &Rules::default()).unwrap();
    assert_eq!(draft.source, None);
    assert_eq!(draft.moved.last().map(String::as_str), Some("أستانا -"));
    assert_words_kept(text, &draft);
}

#[test]
fn datelines_with_agencies_and_dates_of_any_length() {
    let text = "طهران، 2 يناير 2023 (أ ف ب) - أعلنت الحكومة الإيرانية أنها تتابع التطورات في كازاخستان وتدعو إلى التهدئة.\nوقال المتحدث إن طهران على اتصال بالأطراف كلها.\n";
    let draft = recognise(text, &Rules::default()).unwrap();
    assert_eq!(draft.source.as_deref(), Some("أ ف ب"));
    assert_eq!(
        draft.date,
        Some(FoundDate {
            ymd: (2023, 1, 2),
            certain: true
        })
    );
    assert_eq!(
        draft.title.as_deref(),
        Some("أعلنت الحكومة الإيرانية أنها تتابع التطورات في كازاخستان وتدعو إلى التهدئة")
    );
    for (prefix, source) in [
        ("سبوتنيك عربي - ", Some("سبوتنيك عربي")),
        ("نور سلطان - ", None),
        ("المدن – ", None),
    ] {
        let text =
            format!("عنوان الخبر\n\n{prefix}قال مسؤولون إن الوضع في البلاد عاد إلى طبيعته بعد أيام من الاضطرابات.\n");
        let draft = recognise(&text, &Rules::default()).unwrap();
        assert_eq!(draft.source.as_deref(), source, "{prefix}");
        assert!(texts(&draft.blocks)[0].starts_with("قال مسؤولون"), "{prefix}");
        assert_words_kept(&text, &draft);
    }
}

#[test]
fn a_title_from_the_body_ends_at_a_sentence_not_at_an_abbreviation() {
    let text = "Growth slowed to 4.5% in Jan. 2022 across the region, the bank said in its report on Monday.\nMore text follows here in a second paragraph of the report.\n";
    let draft = recognise(text, &Rules::default()).unwrap();
    assert_eq!(
        draft.title.as_deref(),
        Some("Growth slowed to 4.5% in Jan. 2022 across the region")
    );
    let text = "نور سلطان، 17 تموز 2019 (د ب أ) - المفاوضات بين الحكومة والمعارضة\nتعثرت مجددا بعد أسبوع من الاجتماعات المتواصلة في العاصمة.\n\nوقال مصدر إن الجولة المقبلة ستعقد الشهر القادم.\n";
    let draft = recognise(text, &Rules::default()).unwrap();
    assert!(draft.title_from_body, "a wrapped first line is no title");
    assert_eq!(
        draft.title.as_deref(),
        Some("المفاوضات بين الحكومة والمعارضة تعثرت مجددا بعد أسبوع من الاجتماعات المتواصلة في العاصمة")
    );
    assert_words_kept(text, &draft);
}

#[test]
fn two_bylines_joined_by_waw_and_a_byline_after_the_caption() {
    assert_eq!(
        lines::byline("كتبت: طارق العلي ووليد داود"),
        Some(vec!["طارق العلي".into(), "وليد داود".into()])
    );
    assert_eq!(lines::byline("بقلم: وليد داود"), Some(vec!["وليد داود".into()]));
    let text = "عنوان التقرير\n\nملخص قصير للتقرير.\n\nSoldiers stand guard in central Almaty on Jan. 7. REUTERS/Pavel Mikheyev\n\nBy Jane Doe and John Smith\n\nسبوتنيك عربي - قال مسؤولون إن الوضع في البلاد عاد إلى طبيعته بعد أيام من الاضطرابات.\n";
    let draft = recognise(text, &Rules::default()).unwrap();
    assert_eq!(draft.authors, ["Jane Doe", "John Smith"]);
    assert_eq!(draft.source.as_deref(), Some("سبوتنيك عربي"));
    assert!(matches!(draft.blocks[0], Block::Caption { .. }));
    assert_words_kept(text, &draft);
}

#[test]
fn a_numbered_heading_after_a_list_starts_a_section() {
    let text =
        "عنوان\n\nالأسباب هي:\n1) أول\n2) ثان\n3- القسم الثالث\nنص القسم الثالث هنا وهو طويل بما يكفي ليكون فقرة.\n";
    let draft = recognise(text, &Rules::default()).unwrap();
    let kinds: Vec<&str> = draft
        .blocks
        .iter()
        .map(|b| match b {
            Block::Ordered(items) => {
                if items.len() == 2 {
                    "list"
                } else {
                    "wrong list"
                }
            }
            Block::Heading(_) => "heading",
            Block::Paragraph(_) => "paragraph",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["paragraph", "list", "heading", "paragraph"]);
    assert_words_kept(text, &draft);
}

#[test]
fn a_long_title_right_above_a_dateline_is_a_title() {
    let text = "الحكومة تعلن خطة جديدة لإصلاح قطاع الطاقة بعد أسابيع من الاحتجاجات في المدن الكبرى\n\
الرياض، ٣ أغسطس ٢٠٢٣ - أعلنت الحكومة اليوم خطة من عشر نقاط لإصلاح قطاع الطاقة في البلاد.\n\
وقال الوزير إن الخطة ستنفذ على مراحل.\n";
    let draft = recognise(text, &Rules::default()).unwrap();
    assert_eq!(
        draft.title.as_deref(),
        Some("الحكومة تعلن خطة جديدة لإصلاح قطاع الطاقة بعد أسابيع من الاحتجاجات في المدن الكبرى")
    );
    assert!(!draft.title_from_body);
    assert_eq!(
        draft.date,
        Some(FoundDate {
            ymd: (2023, 8, 3),
            certain: true
        })
    );
    assert_words_kept(text, &draft);
}
