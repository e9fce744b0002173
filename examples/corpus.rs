//! Corpus generator for the benchmark: N Arabic articles with front matter,
//! 4 to 12 paragraphs, headings, lists, quotes, English runs, code blocks in a
//! few percent, and mentions drawn from a generated registry (hundreds of
//! actors, dozens of countries, the five framework variables). Deterministic
//! from a seed. Writes the corpus as a Fihris site and, with `--hugo DIR`,
//! the same articles as a Hugo site (taxonomies actors, countries, framework).
//!
//!     cargo run --release --example corpus -- --articles 10000 --seed 1 --out DIR [--hugo DIR]
//!
//! With `--raw DIR` it writes instead N raw texts, as scraped news sites give
//! them, for `fihris import` (bench/import.py): see [`raw_text`] for their
//! shapes. The registry then goes to `--out` only when it is given, and
//! `--manifest FILE` lists, for each text, what an import should read in it
//! (title, bylines, translator, source, date, blocks, dropped lines).
//!
//!     cargo run --release --example corpus -- --articles 10000 --seed 1 --raw DIR [--out DIR] [--manifest FILE]

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

/// A small deterministic generator (xorshift64*): the corpus must be the same for a seed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const FIRST: &[&str] = &[
    "أحمد",
    "محمد",
    "سامي",
    "ليلى",
    "نادية",
    "يوسف",
    "كريم",
    "هدى",
    "عمر",
    "سلمى",
    "رامي",
    "منى",
    "خالد",
    "ريم",
    "طارق",
    "إيمان",
    "وليد",
    "جمال",
    "سعاد",
    "فادي",
];
const LAST: &[&str] = &[
    "الخطيب",
    "بركات",
    "حداد",
    "منصور",
    "العلي",
    "شاهين",
    "نصار",
    "عيسى",
    "قاسم",
    "الزين",
    "سليمان",
    "يونس",
    "حمدان",
    "داود",
    "فارس",
    "رزق",
    "عطية",
    "موسى",
    "صالح",
    "بدران",
];
const COUNTRIES: &[(&str, &str)] = &[
    ("كازاخستان", "الكازاخستاني"),
    ("روسيا", "الروسي"),
    ("أرمينيا", "الأرميني"),
    ("أذربيجان", "الأذربيجاني"),
    ("بيلاروسيا", "البيلاروسي"),
    ("قيرغيزستان", "القيرغيزي"),
    ("طاجيكستان", "الطاجيكي"),
    ("أوزبكستان", "الأوزبكي"),
    ("تركمانستان", "التركمانستاني"),
    ("الصين", "الصيني"),
    ("الهند", "الهندي"),
    ("إيران", "الإيراني"),
    ("تركيا", "التركي"),
    ("جورجيا", "الجورجي"),
    ("أوكرانيا", "الأوكراني"),
    ("مولدوفا", "المولدوفي"),
    ("سوريا", "السوري"),
    ("العراق", "العراقي"),
    ("مصر", "المصري"),
    ("الأردن", "الأردني"),
    ("لبنان", "اللبناني"),
    ("فلسطين", "الفلسطيني"),
    ("السعودية", "السعودي"),
    ("قطر", "القطري"),
    ("الكويت", "الكويتي"),
    ("الإمارات", "الإماراتي"),
    ("عمان", "العماني"),
    ("اليمن", "اليمني"),
    ("ليبيا", "الليبي"),
    ("تونس", "التونسي"),
    ("الجزائر", "الجزائري"),
    ("المغرب", "المغربي"),
    ("السودان", "السوداني"),
    ("فرنسا", "الفرنسي"),
    ("ألمانيا", "الألماني"),
    ("بريطانيا", "البريطاني"),
    ("إيطاليا", "الإيطالي"),
    ("إسبانيا", "الإسباني"),
    ("اليابان", "الياباني"),
    ("كندا", "الكندي"),
];
/// The ISO 3166-1 alpha-2 code of each of `COUNTRIES`, for the map.
const COUNTRY_CODES: &[&str] = &[
    "KZ", "RU", "AM", "AZ", "BY", "KG", "TJ", "UZ", "TM", "CN", "IN", "IR", "TR", "GE", "UA", "MD", "SY", "IQ", "EG",
    "JO", "LB", "PS", "SA", "QA", "KW", "AE", "OM", "YE", "LY", "TN", "DZ", "MA", "SD", "FR", "DE", "GB", "IT", "ES",
    "JP", "CA",
];
const VARIABLES: &[(&str, &str)] = &[
    ("trigger", "دافع محدد"),
    ("local-support", "دعم من العناصر المحلية"),
    ("military-opposition", "ردود فعل عسكرية متوقعة"),
    ("technical-feasibility", "الجدوى الفنية"),
    ("expected-costs", "التكاليف السياسية والاقتصادية"),
];
const WORDS: &[&str] = &[
    "التدخل",
    "القوات",
    "الحكومة",
    "الاحتجاجات",
    "المنطقة",
    "السياسة",
    "الخارجية",
    "الأمن",
    "الاقتصاد",
    "المفاوضات",
    "الحدود",
    "الاتفاق",
    "الأزمة",
    "البرلمان",
    "الانتخابات",
    "المعارضة",
    "الجيش",
    "التحالف",
    "الموقف",
    "الرئيس",
    "الوزير",
    "العاصمة",
    "التقرير",
    "المراقبين",
    "الاستقرار",
    "النفوذ",
    "الطاقة",
    "النفط",
    "الغاز",
    "العقوبات",
    "قال",
    "أكد",
    "أشار",
    "أضاف",
    "يرى",
    "توقع",
    "أعلن",
    "في",
    "على",
    "من",
    "إلى",
    "مع",
    "بعد",
    "قبل",
    "بين",
    "حول",
    "كبير",
    "جديد",
    "سريع",
    "محتمل",
    "واسع",
    "مهم",
    "الأخيرة",
    "الماضي",
    "المقبل",
];
const ENGLISH: &[&str] = &[
    "according to Reuters",
    "the Collective Security Treaty Organization",
    "Foreign Policy",
    "a senior official said",
    "GDP growth of 4.5%",
    "the IMF report",
    "Jan. 7",
    "BBC News",
];

struct Actor {
    id: String,
    name: String,
    country: usize,
}

fn registry(random: &mut Random, actors: usize) -> Vec<Actor> {
    (0..actors)
        .map(|i| {
            let first = FIRST[i % FIRST.len()];
            let last = LAST[(i / FIRST.len()) % LAST.len()];
            let suffix = i / (FIRST.len() * LAST.len());
            let surname = if suffix == 0 {
                last.to_string()
            } else {
                format!("{last} {}", suffix + 1)
            };
            Actor {
                id: format!("actor-{i}"),
                name: format!("{first} {surname}"),
                country: random.below(COUNTRIES.len()),
            }
        })
        .collect()
}

/// One sentence of running text, with the mentions it makes.
fn sentence(random: &mut Random, actors: &[Actor], used: &mut Used) -> String {
    let mut text = String::new();
    for _ in 0..random.below(10) + 8 {
        text.push_str(random.pick::<&str>(WORDS));
        text.push(' ');
        match random.below(40) {
            0 | 1 => {
                let a = random.below(actors.len());
                used.actors.push(a);
                let name = &actors[a].name;
                let proclitic = *random.pick(&["", "", "و", "ل"]);
                let _ = write!(text, "{proclitic}{name} ");
            }
            2 | 3 => {
                let c = random.below(COUNTRIES.len());
                used.countries.push(c);
                let (name, adjective) = COUNTRIES[c];
                let form = if random.chance(70) {
                    name.to_string()
                } else {
                    adjective.to_string()
                };
                let proclitic = if form.starts_with("ال") {
                    *random.pick(&["", "و", "ب"])
                } else {
                    *random.pick(&["", "و", "ب", "ل"])
                };
                let _ = write!(text, "{proclitic}{form} ");
            }
            4 => {
                let v = random.below(VARIABLES.len());
                used.framework.push(v);
                let _ = write!(text, "{} ", VARIABLES[v].1);
            }
            5 => {
                let _ = write!(text, "{} ", *random.pick(ENGLISH));
            }
            6 => {
                let _ = write!(text, "{} ", 1990 + random.below(35));
            }
            _ => {}
        }
    }
    text.pop();
    text.push_str(random.pick::<&str>(&["،", ".", "."]));
    text
}

#[derive(Default)]
struct Used {
    actors: Vec<usize>,
    countries: Vec<usize>,
    framework: Vec<usize>,
}

fn paragraph(random: &mut Random, actors: &[Actor], used: &mut Used) -> String {
    (0..random.below(3) + 2)
        .map(|_| sentence(random, actors, used))
        .collect::<Vec<_>>()
        .join(" ")
}

fn body(random: &mut Random, actors: &[Actor], used: &mut Used) -> String {
    let mut out = String::new();
    let paragraphs = random.below(9) + 4;
    for p in 0..paragraphs {
        if p > 0 && p % 3 == 0 {
            let _ = writeln!(
                out,
                "## {}\n",
                sentence(random, actors, used).trim_end_matches(['.', '،'])
            );
        }
        match random.below(100) {
            0..=7 => {
                for _ in 0..random.below(3) + 2 {
                    let _ = writeln!(out, "- {}", sentence(random, actors, used));
                }
                out.push('\n');
            }
            8..=12 => {
                let _ = writeln!(out, "> {}\n", paragraph(random, actors, used));
            }
            13..=15 => {
                let _ = writeln!(
                    out,
                    "```rust\nfn main() {{\n    println!(\"{}\");\n}}\n```\n",
                    random.below(1000)
                );
            }
            _ => {
                let _ = writeln!(out, "{}\n", paragraph(random, actors, used));
            }
        }
    }
    out
}

fn write(path: &Path, text: &str) {
    fs::create_dir_all(path.parent().expect("a file has a folder")).expect("creating a folder");
    fs::write(path, text).expect("writing a file");
}

fn quoted(items: &[String]) -> String {
    items.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>().join(", ")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut articles, mut seed, mut out, mut hugo) = (1000usize, 1u64, None, None);
    let (mut raw, mut manifest) = (None, None);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--articles" => articles = value.parse().expect("--articles takes a number"),
            "--seed" => seed = value.parse().expect("--seed takes a number"),
            "--out" => out = Some(PathBuf::from(value)),
            "--hugo" => hugo = Some(PathBuf::from(value)),
            "--raw" => raw = Some(PathBuf::from(value)),
            "--manifest" => manifest = Some(PathBuf::from(value)),
            other => panic!(
                "unknown option {other}: use --articles N --seed S --out DIR [--hugo DIR], \
                 or --articles N --seed S --raw DIR [--out DIR] [--manifest FILE]"
            ),
        }
    }
    let mut random = Random(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let actors = registry(&mut random, 300);
    if let Some(raw) = raw {
        if let Some(out) = &out {
            write_fihris_registry(out, &actors);
        }
        write_raw_texts(&raw, manifest.as_deref(), articles, &mut random, &actors);
        return;
    }
    let out = out.unwrap_or_else(|| PathBuf::from("corpus"));
    write_fihris_registry(&out, &actors);
    if let Some(hugo) = &hugo {
        write_hugo_site(hugo);
    }
    let mut quotes = Vec::new();
    for n in 0..articles {
        let mut used = Used::default();
        let text = body(&mut random, &actors, &mut used);
        if quotes.len() < CASES * 2
            && let Some(quote) = unique_paragraph(&text)
        {
            quotes.push((n, quote));
        }
        let title = sentence(&mut random, &actors, &mut Used::default())
            .trim_end_matches(['.', '،'])
            .to_string();
        let title: String = title.split(' ').take(8).collect::<Vec<_>>().join(" ");
        let date = format!("20{:02}-{:02}-{:02}", 10 + n % 15, 1 + n % 12, 1 + n % 28);
        let ids = |list: &mut Vec<usize>, name: &dyn Fn(usize) -> String| {
            list.sort_unstable();
            list.dedup();
            list.iter().map(|&i| name(i)).collect::<Vec<String>>()
        };
        let actor_ids = ids(&mut used.actors, &|i| actors[i].id.clone());
        let country_ids = ids(&mut used.countries, &|i| format!("country-{i}"));
        let variable_ids = ids(&mut used.framework, &|i| VARIABLES[i].0.to_string());
        let lists = format!(
            "actors = [{}]\ncountries = [{}]\nframework = [{}]\n",
            quoted(&actor_ids),
            quoted(&country_ids),
            quoted(&variable_ids)
        );
        let front = format!("+++\ntitle = \"{title}\"\ndate = {date}\n{lists}+++\n\n");
        write(
            &out.join(format!("content/articles/article-{n}.md")),
            &format!("{front}{text}"),
        );
        if let Some(hugo) = &hugo {
            write(
                &hugo.join(format!("content/articles/article-{n}.md")),
                &format!("{front}{text}"),
            );
        }
    }
    write_cases(&out, &quotes);
}

/// Cases the generated site holds at most: each assesses two variables,
/// citing a paragraph of two articles.
const CASES: usize = 12;

/// The first plain paragraph of `body` that appears in it once: a quote that
/// one passage of the article holds.
fn unique_paragraph(body: &str) -> Option<String> {
    let plain =
        |line: &&str| !line.is_empty() && !line.starts_with(['#', '-', '>', '`', ' ', '}']) && !line.starts_with("fn ");
    let line = body
        .lines()
        .filter(plain)
        .find(|line| body.matches(*line).count() == 1)?;
    Some(line.replace(['\\', '"'], ""))
}

/// Cases assessed against the framework, each assessment quoting one of
/// `quotes` (an article number and a paragraph of it).
fn write_cases(out: &Path, quotes: &[(usize, String)]) {
    const ASSESSMENTS: [&str; 4] = ["present", "absent", "partial", "present"];
    for (k, pair) in quotes.chunks_exact(2).enumerate() {
        let mut text = format!(
            "+++\nname = \"حالة مولدة {k}\"\nyears = [{}]\ncountries = [\"country-{}\", \"country-{}\"]\noutcome = \"{}\"\n",
            2010 + k,
            k % COUNTRIES.len(),
            (k + 5) % COUNTRIES.len(),
            if k % 3 == 2 { "not-intervened" } else { "intervened" }
        );
        for (j, (article, quote)) in pair.iter().enumerate() {
            let _ = write!(
                text,
                "\n[[assessments]]\nvariable = \"{}\"\nassessment = \"{}\"\nevidence = \"@/articles/article-{article}.md\"\nquote = \"{quote}\"\n",
                VARIABLES[(k + j * 2) % VARIABLES.len()].0,
                ASSESSMENTS[(k + j) % ASSESSMENTS.len()]
            );
        }
        text.push_str("+++\n\nحالة مولدة.\n");
        write(&out.join(format!("content/cases/case-{k}.md")), &text);
    }
}

fn write_fihris_registry(out: &Path, actors: &[Actor]) {
    write(
        &out.join("config.toml"),
        "title = \"مدونة اختبار\"\ndefault_language = \"ar\"\n\n[[indexes]]\nname = \"actors\"\ntitle = \"الفاعلون\"\n\n[[indexes]]\nname = \"countries\"\ntitle = \"الدول\"\n\n[[indexes]]\nname = \"framework\"\ntitle = \"إطار القرار\"\n\n[[indexes]]\nname = \"cases\"\ntitle = \"الحالات\"\nassesses = \"framework\"\n",
    );
    write(
        &out.join("content/articles/_index.md"),
        "+++\ntitle = \"المقالات\"\npaginate_by = 50\n+++\n",
    );
    for actor in actors {
        let country = format!("country-{}", actor.country);
        let text = format!(
            "+++\nname = \"{}\"\nkind = \"person\"\ncountry = \"{country}\"\n+++\n\nوصف مولد.\n",
            actor.name
        );
        write(&out.join(format!("content/actors/{}.md", actor.id)), &text);
    }
    for (i, ((name, adjective), iso)) in COUNTRIES.iter().zip(COUNTRY_CODES).enumerate() {
        let text = format!("+++\nname = \"{name}\"\niso = \"{iso}\"\naliases = [\"{adjective}\"]\n+++\n\nوصف مولد.\n");
        write(&out.join(format!("content/countries/country-{i}.md")), &text);
    }
    for (n, (id, name)) in VARIABLES.iter().enumerate() {
        let text = format!("+++\nname = \"{name}\"\nnumber = {}\n+++\n\nتعريف مولد.\n", n + 1);
        write(&out.join(format!("content/framework/{id}.md")), &text);
    }
}

/// A Hugo site with the same articles and minimal equivalent templates.
fn write_hugo_site(hugo: &Path) {
    let files = [
        (
            "hugo.toml",
            "baseURL = \"https://example.org/\"\nlanguageCode = \"ar\"\ntitle = \"مدونة اختبار\"\ndisableKinds = [\"RSS\", \"sitemap\", \"robotsTXT\"]\n[pagination]\npagerSize = 50\n[taxonomies]\nactor = \"actors\"\ncountry = \"countries\"\nframework = \"framework\"\n[markup.highlight]\nnoClasses = false\n",
        ),
        (
            "layouts/_default/baseof.html",
            "<!doctype html><html lang=\"ar\" dir=\"rtl\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n",
        ),
        (
            "layouts/_default/single.html",
            "{{ define \"main\" }}<article><h1>{{ .Title }}</h1><time datetime=\"{{ .Date.Format \"2006-01-02\" }}\">{{ .Date.Format \"2006-01-02\" }}</time>{{ .Content }}<aside>{{ range .GetTerms \"actors\" }}<a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a> {{ end }}{{ range .GetTerms \"countries\" }}<a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a> {{ end }}{{ range .GetTerms \"framework\" }}<a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a> {{ end }}</aside></article>{{ end }}\n",
        ),
        (
            "layouts/_default/list.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1><ol>{{ range .Paginator.Pages }}<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a></li>{{ end }}</ol>{{ end }}\n",
        ),
        (
            "layouts/_default/terms.html",
            "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.Alphabetical }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}\n",
        ),
    ];
    for (path, text) in files {
        write(&hugo.join(path), text);
    }
}

// Raw texts for `fihris import`: the same vocabulary, as scraped news sites give it.

/// Latin-script names of bylines (`By Amy Mackinnon`).
const LATIN_FIRST: &[&str] = &[
    "Amy", "John", "Sarah", "David", "Emma", "Michael", "Laura", "James", "Anna", "Thomas",
];
const LATIN_LAST: &[&str] = &[
    "Mackinnon",
    "Smith",
    "Walker",
    "Brown",
    "Taylor",
    "Evans",
    "Clarke",
    "Hughes",
    "Wright",
    "Fischer",
];
/// Outlets that open a first paragraph (`الشرق اليوم- `), translate, or sign the copyright line.
const OUTLETS: &[&str] = &[
    "الشرق اليوم",
    "الجزيرة نت",
    "العربي الجديد",
    "الشرق الأوسط",
    "سبوتنيك عربي",
    "المدن",
];
/// Agencies of datelines (`(رويترز)`) and of `المصدر:` credits.
const AGENCIES: &[&str] = &["رويترز", "أ ف ب", "الأناضول", "د ب أ", "سبوتنيك"];
/// Foreign outlets of closing credits (`عن “فورين بوليسي”`).
const CREDITED: &[&str] = &["فورين بوليسي", "نيويورك تايمز", "الغارديان", "لوموند", "فورين أفيرز"];
const CITIES: &[&str] = &[
    "موسكو",
    "نور سلطان",
    "ألماتي",
    "بيروت",
    "القاهرة",
    "بغداد",
    "طهران",
    "أنقرة",
    "الرياض",
    "عمان",
];
/// Month names of Egypt and the Gulf, of the Levant and of the Maghreb.
const MONTHS: [[&str; 12]; 3] = [
    [
        "يناير",
        "فبراير",
        "مارس",
        "أبريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ],
    [
        "كانون الثاني",
        "شباط",
        "آذار",
        "نيسان",
        "أيار",
        "حزيران",
        "تموز",
        "آب",
        "أيلول",
        "تشرين الأول",
        "تشرين الثاني",
        "كانون الأول",
    ],
    [
        "جانفي",
        "فيفري",
        "مارس",
        "أفريل",
        "ماي",
        "جوان",
        "جويلية",
        "أوت",
        "سبتمبر",
        "أكتوبر",
        "نوفمبر",
        "ديسمبر",
    ],
];
const CAPTION_SUBJECTS: &[&str] = &[
    "A gas mask lies",
    "Protesters gather",
    "Police officers stand guard",
    "Troops patrol a street",
    "Demonstrators march",
    "Firefighters work",
    "Delegates arrive",
];
const CAPTION_PLACES: &[&str] = &[
    "near the fence of an administrative building",
    "outside the parliament",
    "in the main square",
    "near the presidential palace",
    "at the international airport",
];
const CAPTION_CITIES: &[&str] = &[
    "in central Almaty, Kazakhstan",
    "in Moscow",
    "in Beirut, Lebanon",
    "in Baghdad, Iraq",
    "in Tehran, Iran",
    "in Ankara, Turkey",
    "in Cairo, Egypt",
];
const CAPTION_MONTHS: [&str; 12] = [
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
];

/// How a raw text is stored.
#[derive(Clone, Copy)]
enum Storage {
    Utf8,
    Utf8Bom,
    Windows1256,
    Utf16Le,
    Utf16Be,
}

impl Storage {
    /// The name `fihris import` reports for it.
    fn name(self) -> &'static str {
        match self {
            Storage::Utf8 | Storage::Utf8Bom => "UTF-8",
            Storage::Windows1256 => "windows-1256",
            Storage::Utf16Le => "UTF-16LE",
            Storage::Utf16Be => "UTF-16BE",
        }
    }
}

/// How the blocks of a raw text are laid out.
#[derive(Clone, Copy, PartialEq)]
enum Layout {
    /// A blank line between blocks.
    Blank,
    /// One line per block, none blank (the standfirst alone is set apart).
    Tight,
    /// A blank line between blocks, paragraphs hard-wrapped at 90 to 110 characters.
    Wrapped,
}

/// What an import should read in a raw text: a line of the manifest.
#[derive(Default)]
struct Expected {
    title: String,
    title_from_body: bool,
    standfirst: bool,
    authors: Vec<String>,
    translator: Option<String>,
    source: Option<String>,
    date: Option<(i32, u32, u32)>,
    headings: usize,
    lists: usize,
    captions: usize,
    paragraphs: usize,
    dropped: usize,
    /// The shapes the text has, for grouping what an import reads otherwise.
    shapes: Vec<&'static str>,
}

/// Writes `count` raw texts into `dir` (`00000_<hex>.txt`, ...) and, when
/// asked, their manifest (tab-separated, one line a text, a header first).
fn write_raw_texts(dir: &Path, manifest: Option<&Path>, count: usize, random: &mut Random, actors: &[Actor]) {
    fs::create_dir_all(dir).expect("creating the raw texts' folder");
    let mut lines = String::from(
        "file\tencoding\tcrlf\tlayout\tshapes\ttitle\ttitle_from_body\tstandfirst\tauthors\ttranslator\tsource\tdate\theadings\tlists\tcaptions\tparagraphs\tdropped\n",
    );
    for n in 0..count {
        let storage = match random.below(100) {
            0..=11 => Storage::Windows1256,
            12..=13 => Storage::Utf16Le,
            14 => Storage::Utf16Be,
            15..=18 => Storage::Utf8Bom,
            _ => Storage::Utf8,
        };
        let crlf = random.chance(20);
        let layout = match random.below(100) {
            0..=54 => Layout::Blank,
            55..=89 => Layout::Tight,
            _ => Layout::Wrapped,
        };
        let indic_digits = !matches!(storage, Storage::Windows1256);
        let (text, expected) = raw_text(random, actors, layout, indic_digits);
        let text = if crlf { text.replace('\n', "\r\n") } else { text };
        let bytes = encode(&text, storage);
        let file = format!("{n:05}_{:016x}.txt", random.next());
        fs::write(dir.join(&file), bytes).expect("writing a raw text");
        let date = expected
            .date
            .map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}"))
            .unwrap_or_default();
        let layout = match layout {
            Layout::Blank => "blank",
            Layout::Tight => "tight",
            Layout::Wrapped => "wrapped",
        };
        let _ = writeln!(
            lines,
            "{file}\t{}\t{}\t{layout}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{date}\t{}\t{}\t{}\t{}\t{}",
            storage.name(),
            u8::from(crlf),
            expected.shapes.join(","),
            expected.title,
            u8::from(expected.title_from_body),
            u8::from(expected.standfirst),
            expected.authors.join(" | "),
            expected.translator.as_deref().unwrap_or_default(),
            expected.source.as_deref().unwrap_or_default(),
            expected.headings,
            expected.lists,
            expected.captions,
            expected.paragraphs,
            expected.dropped,
        );
    }
    if let Some(manifest) = manifest {
        write(manifest, &lines);
    }
}

/// The bytes of a text stored as `storage`.
fn encode(text: &str, storage: Storage) -> Vec<u8> {
    match storage {
        Storage::Utf8 => text.as_bytes().to_vec(),
        Storage::Utf8Bom => [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
        Storage::Windows1256 => {
            let (bytes, _, unmappable) = encoding_rs::WINDOWS_1256.encode(text);
            assert!(!unmappable, "a Windows-1256 text holds a character it cannot encode");
            bytes.into_owned()
        }
        // encoding_rs decodes UTF-16 but does not encode it.
        Storage::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Storage::Utf16Be => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
    }
}

/// One raw text as a news site gives it, and what an import should read in
/// it. Its shape is drawn from the random stream:
///
/// - a byline at the top (`بقلم: …`, `كتب - …`, `كتبت: …`, `إعداد: …`, `By …`;
///   one or two names, two joined by `،`, ` و` or `and`), or after the title;
/// - a title line (three texts in four) or none; after a title, sometimes a
///   standfirst between blank lines, sometimes followed by a photo caption;
/// - the first paragraph (four sentences or more), half the time opened by
///   a dateline (`موسكو، 7 يناير 2022 (رويترز) - `, with Egyptian, Levantine
///   `كانون الثاني/يناير` or Maghrebi months, Western or Arabic-Indic
///   digits), an agency line (`بيروت - (أ ف ب) - `), an outlet prefix
///   (`الشرق اليوم- `) or a bare city (`القاهرة - `);
/// - sometimes a paragraph announcing a numbered list (`1) دافع محدد ،`,
///   the framework's variables), then either numbered sections (`1- …`,
///   `3-هل …؟`) of one to three paragraphs or plain paragraphs; a Latin photo
///   caption with its credit between paragraphs now and then;
/// - a blank line between blocks, none, or hard-wrapped paragraphs;
///   blank lines sometimes holding spaces or a no-break space;
/// - a closing credit (`عن “فورين بوليسي”`, `المصدر: رويترز`), a translator
///   line (`ترجمة: …`, before or after the boilerplate), and up to four lines
///   of boilerplate (`اقرأ أيضا: …`, `إشترك في القائمة البريدية`,
///   `© 2022 … جميع الحقوق محفوظة`, `شارك هذا المقال`, `تابعونا على …`);
///   the last line without its line end now and then.
fn raw_text(random: &mut Random, actors: &[Actor], layout: Layout, indic_digits: bool) -> (String, Expected) {
    let used = &mut Used::default();
    let mut expected = Expected::default();
    let mut out: Vec<String> = Vec::new();
    let blank = |random: &mut Random, out: &mut Vec<String>| {
        let line = match random.below(20) {
            0 => "\u{a0}",
            1 => "  ",
            _ => "",
        };
        out.push(line.to_string());
    };

    // Head: byline, title, standfirst.
    let has_title = random.chance(75);
    let byline = random.chance(55).then(|| byline(random, actors, &mut expected));
    let byline_on_top = byline.is_some() && (!has_title || random.chance(55));
    if byline_on_top {
        out.push(byline.clone().unwrap_or_default());
    }
    let mut caption_in_head = false;
    if has_title {
        let mut title = clipped(&sentence(random, actors, used), random.below(8) + 5);
        match random.below(20) {
            0..=2 => title.push('؟'),
            3 => title.push_str(" ؟"),
            _ => {}
        }
        out.push(title.clone());
        expected.title = title;
        if random.chance(30) {
            expected.standfirst = true;
            expected.shapes.push("standfirst");
            blank(random, &mut out);
            out.push(format!(
                "{}.",
                clipped(&sentence(random, actors, used), random.below(6) + 8)
            ));
            blank(random, &mut out);
            if random.chance(40) {
                caption_in_head = true;
                out.push(caption(random));
                expected.captions += 1;
                blank(random, &mut out);
            }
        }
        if let Some(line) = byline.filter(|_| !byline_on_top) {
            expected.shapes.push("byline-after-title");
            out.push(line);
        }
    }
    if layout != Layout::Tight && !caption_in_head && !out.is_empty() {
        blank(random, &mut out);
    }
    let separate = |random: &mut Random, out: &mut Vec<String>| {
        if layout != Layout::Tight {
            blank(random, out);
        }
    };

    // The first paragraph, with its dateline.
    let sentences: Vec<String> = (0..random.below(3) + 4)
        .map(|_| sentence(random, actors, used))
        .collect();
    if !has_title {
        expected.title_from_body = true;
        let clause = sentences[0].trim_end_matches(['.', '،']);
        expected.title = if clause.split_whitespace().count() <= 20 {
            clause.to_string()
        } else {
            clipped(clause, 12)
        };
    }
    let prefix = dateline(random, indic_digits, &mut expected);
    let first = format!("{prefix}{}", ended(sentences.join(" "), '.'));
    out.extend(wrapped(random, &first, layout));
    expected.paragraphs += 1;

    // The body.
    let mut captions = usize::from(caption_in_head);
    let mut paragraph_block = |random: &mut Random, out: &mut Vec<String>, expected: &mut Expected| {
        separate(random, out);
        if captions < 2 && random.chance(12) {
            out.push(caption(random));
            expected.captions += 1;
            captions += 1;
            separate(random, out);
        }
        let text = ended(paragraph(random, actors, &mut Used::default()), '.');
        out.extend(wrapped(random, &text, layout));
        expected.paragraphs += 1;
    };
    for _ in 0..random.below(2) {
        paragraph_block(random, &mut out, &mut expected);
    }
    if random.chance(15) {
        expected.shapes.push("list");
        separate(random, &mut out);
        let intro = ended(sentence(random, actors, used), ':');
        out.extend(wrapped(random, &intro, layout));
        expected.paragraphs += 1;
        separate(random, &mut out);
        let delimiter = *random.pick(&[")", ")", ".", "-"]);
        let items = random.below(4) + 2;
        let start = random.below(VARIABLES.len() - items + 1);
        for (k, (_, name)) in VARIABLES[start..start + items].iter().enumerate() {
            let end = *random.pick(&[" ،", "،", "", ""]);
            out.push(format!("{}{delimiter} {name}{end}", k + 1));
        }
        expected.lists += 1;
    }
    if random.chance(25) {
        expected.shapes.push("sections");
        for k in 1..=random.below(3) + 2 {
            separate(random, &mut out);
            let mut heading = clipped(&sentence(random, actors, used), random.below(6) + 3);
            if random.chance(20) {
                heading.push('؟');
            }
            let space = if random.chance(20) { "" } else { " " };
            out.push(format!("{k}-{space}{heading}"));
            expected.headings += 1;
            for _ in 0..random.below(3) + 1 {
                paragraph_block(random, &mut out, &mut expected);
            }
        }
    } else {
        for _ in 0..random.below(6) + 2 {
            paragraph_block(random, &mut out, &mut expected);
        }
    }

    // Tail: credit, translator, boilerplate.
    let mut tail = Vec::new();
    if random.chance(15) {
        expected.shapes.push("credit");
        let (line, source) = match random.below(3) {
            0 => {
                let name = *random.pick(CREDITED);
                (format!("عن “{name}”"), name)
            }
            1 => {
                let name = *random.pick(CREDITED);
                (format!("عن ” {name} ” للاطلاع على الموضوع الأصلي اضغط هنا"), name)
            }
            _ => {
                let name = *random.pick(AGENCIES);
                (format!("المصدر: {name}"), name)
            }
        };
        expected.source = Some(source.to_string());
        tail.push(line);
    }
    let translator = random.chance(20).then(|| {
        let name = if random.chance(60) {
            random.pick(OUTLETS).to_string()
        } else {
            actors[random.below(actors.len())].name.clone()
        };
        expected.translator = Some(name.clone());
        let cue = *random.pick(&["ترجمة: ", "ترجمة: ", "ترجمة - ", "ترجمة وتحرير: "]);
        format!("{cue}{name}")
    });
    let translator_last = translator.is_some() && random.chance(40);
    if let Some(line) = translator.clone().filter(|_| !translator_last) {
        expected.shapes.push("translator");
        tail.push(line);
    }
    let mut kinds: Vec<usize> = (0..5).collect();
    for _ in 0..random.below(5) {
        let kind = kinds.remove(random.below(kinds.len()));
        let year = 2019 + random.below(6);
        tail.push(match kind {
            0 => {
                let also = *random.pick(&["اقرأ أيضا: ", "اقرأ أيضاً: ", "اقرأ أيضا - "]);
                format!(
                    "{also}{}",
                    clipped(&sentence(random, actors, used), random.below(5) + 4)
                )
            }
            1 => random
                .pick(&["إشترك في القائمة البريدية", "اشترك في النشرة البريدية"])
                .to_string(),
            2 => format!("© {year} {}. جميع الحقوق محفوظة", random.pick(OUTLETS)),
            3 => random.pick(&["شارك هذا المقال", "شارك هذا المقال:"]).to_string(),
            _ => "تابعونا على تويتر وفيسبوك".to_string(),
        });
        expected.dropped += 1;
        expected.shapes.push("boilerplate");
    }
    if let Some(line) = translator.filter(|_| translator_last) {
        expected.shapes.push("translator-last");
        tail.push(line);
    }
    for line in tail {
        if layout == Layout::Tight || random.chance(50) {
            out.push(line);
        } else {
            blank(random, &mut out);
            out.push(line);
        }
    }
    if layout == Layout::Wrapped {
        expected.shapes.push("wrapped");
    }
    expected.shapes.sort_unstable();
    expected.shapes.dedup();
    let mut text = out.join("\n");
    if random.chance(85) {
        text.push('\n');
    }
    (text, expected)
}

/// A byline and its names in `expected`.
fn byline(random: &mut Random, actors: &[Actor], expected: &mut Expected) -> String {
    let name = |random: &mut Random| actors[random.below(actors.len())].name.clone();
    if random.chance(20) {
        let latin = |random: &mut Random| format!("{} {}", random.pick(LATIN_FIRST), random.pick(LATIN_LAST));
        let first = latin(random);
        expected.authors.push(first.clone());
        expected.shapes.push("byline-latin");
        if random.chance(25) {
            let second = latin(random);
            expected.authors.push(second.clone());
            return format!("By {first} and {second}");
        }
        return format!("By {first}");
    }
    let cue = *random.pick(&["بقلم: ", "بقلم: ", "كتب - ", "كتبت: ", "إعداد: ", "بقلم "]);
    let first = name(random);
    expected.authors.push(first.clone());
    if random.chance(15) {
        let second = name(random);
        expected.authors.push(second.clone());
        if random.chance(50) {
            expected.shapes.push("byline-two-comma");
            return format!("{cue}{first}، {second}");
        }
        expected.shapes.push("byline-two-waw");
        return format!("{cue}{first} و{second}");
    }
    expected.shapes.push("byline");
    format!("{cue}{first}")
}

/// The dateline or outlet prefix of a first paragraph (or nothing), with
/// the source and date it gives in `expected`.
fn dateline(random: &mut Random, indic_digits: bool, expected: &mut Expected) -> String {
    let city = *random.pick(CITIES);
    let agency = *random.pick(AGENCIES);
    match random.below(100) {
        0..=19 => {
            let (year, month, day) = (2019 + random.below(6), random.below(12), random.below(28) + 1);
            let region = random.below(3);
            let month_name = if region == 1 && random.chance(50) {
                format!("{}/{}", MONTHS[1][month], MONTHS[0][month])
            } else {
                MONTHS[region][month].to_string()
            };
            let indic = indic_digits && random.chance(25);
            let digits = |n: usize| {
                let western = n.to_string();
                if !indic {
                    return western;
                }
                western
                    .chars()
                    .map(|c| char::from_u32('٠' as u32 + c.to_digit(10).unwrap_or(0)).unwrap_or(c))
                    .collect()
            };
            expected.date = Some((year as i32, month as u32 + 1, day as u32));
            expected
                .shapes
                .push(if indic { "dateline-date-indic" } else { "dateline-date" });
            if expected.source.is_none() {
                expected.source = Some(agency.to_string());
            }
            format!("{city}، {} {month_name} {} ({agency}) - ", digits(day), digits(year))
        }
        20..=29 => {
            expected.shapes.push("dateline-agency");
            expected.source.get_or_insert_with(|| agency.to_string());
            format!("{city} - ({agency}) - ")
        }
        30..=44 => {
            let outlet = *random.pick(OUTLETS);
            expected.shapes.push("outlet-prefix");
            expected.source.get_or_insert_with(|| outlet.to_string());
            let dash = *random.pick(&["- ", " - ", " – "]);
            format!("{outlet}{dash}")
        }
        45..=49 => {
            expected.shapes.push("dateline-city");
            format!("{city} - ")
        }
        _ => String::new(),
    }
}

/// A Latin photo caption with its credit.
fn caption(random: &mut Random) -> String {
    let credit = match random.below(3) {
        0 => format!(
            "{} {}/AFP VIA GETTY IMAGES",
            random.pick(LATIN_FIRST).to_uppercase(),
            random.pick(LATIN_LAST).to_uppercase()
        ),
        1 => format!("REUTERS/{} {}", random.pick(LATIN_FIRST), random.pick(LATIN_LAST)),
        _ => format!("(AP Photo/{} {})", random.pick(LATIN_FIRST), random.pick(LATIN_LAST)),
    };
    format!(
        "{} {} {}, on {} {}. {credit}",
        random.pick(CAPTION_SUBJECTS),
        random.pick(CAPTION_PLACES),
        random.pick(CAPTION_CITIES),
        random.pick(&CAPTION_MONTHS),
        random.below(28) + 1
    )
}

/// The first `words` words of a sentence, without its final mark.
fn clipped(sentence: &str, words: usize) -> String {
    sentence
        .trim_end_matches(['.', '،'])
        .split_whitespace()
        .take(words)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `text` ending in `mark` instead of its own final mark.
fn ended(text: String, mark: char) -> String {
    let mut text = text.trim_end_matches(['.', '،']).to_string();
    text.push(mark);
    text
}

/// The lines of a paragraph: one, or (hard-wrapped) lines of 90 to 110
/// characters broken after a word that ends no sentence, so that each line
/// reads as going on into the next.
fn wrapped(random: &mut Random, text: &str, layout: Layout) -> Vec<String> {
    if layout != Layout::Wrapped {
        return vec![text.to_string()];
    }
    let width = 90 + random.below(21);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let ends = line.ends_with(['.', '!', '?', '؟', ':', '”', '"', '»', '…', ')']);
        if line.chars().count() >= width && !ends {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}
