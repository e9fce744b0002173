//! Corpus generator for the benchmark: N Arabic articles with front matter,
//! 4 to 12 paragraphs, headings, lists, quotes, English runs, code blocks in a
//! few percent, and mentions drawn from a generated registry (hundreds of
//! actors, dozens of countries, the five framework variables). Deterministic
//! from a seed. Writes the corpus as a Fihris site and, with `--hugo DIR`,
//! the same articles as a Hugo site (taxonomies actors, countries, framework).
//!
//!     cargo run --release --example corpus -- --articles 10000 --seed 1 --out DIR [--hugo DIR]

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
    let (mut articles, mut seed, mut out, mut hugo) = (1000usize, 1u64, PathBuf::from("corpus"), None);
    while let Some(flag) = args.next() {
        let value = args.next().unwrap_or_else(|| panic!("{flag} needs a value"));
        match flag.as_str() {
            "--articles" => articles = value.parse().expect("--articles takes a number"),
            "--seed" => seed = value.parse().expect("--seed takes a number"),
            "--out" => out = PathBuf::from(value),
            "--hugo" => hugo = Some(PathBuf::from(value)),
            other => panic!("unknown option {other}: use --articles N --seed S --out DIR [--hugo DIR]"),
        }
    }
    let mut random = Random(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let actors = registry(&mut random, 300);
    write_fihris_registry(&out, &actors);
    if let Some(hugo) = &hugo {
        write_hugo_site(hugo);
    }
    for n in 0..articles {
        let mut used = Used::default();
        let text = body(&mut random, &actors, &mut used);
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
}

fn write_fihris_registry(out: &Path, actors: &[Actor]) {
    write(
        &out.join("config.toml"),
        "title = \"مدونة اختبار\"\ndefault_language = \"ar\"\n\n[[indexes]]\nname = \"actors\"\ntitle = \"الفاعلون\"\n\n[[indexes]]\nname = \"countries\"\ntitle = \"الدول\"\n\n[[indexes]]\nname = \"framework\"\ntitle = \"إطار القرار\"\n",
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
    for (i, (name, adjective)) in COUNTRIES.iter().enumerate() {
        let text = format!("+++\nname = \"{name}\"\naliases = [\"{adjective}\"]\n+++\n\nوصف مولد.\n");
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
