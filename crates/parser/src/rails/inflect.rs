//! `singularize`, as ActiveSupport's default English inflections do it:
//! Rails names a foreign key's column after the table it references
//! (`add_foreign_key "comments", "posts"` is on `post_id`), and its schema
//! dumper leaves the column out when it is that name.

/// The singular of a table name (`line_items` → `line_item`).
pub(crate) fn singularize(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    const UNCOUNTABLE: [&str; 10] = [
        "equipment",
        "information",
        "rice",
        "money",
        "species",
        "series",
        "fish",
        "sheep",
        "jeans",
        "police",
    ];
    // Rails matches an uncountable word after a word boundary; in a table
    // name (letters, digits, underscores) that is the whole name.
    if UNCOUNTABLE.contains(&lower.as_str()) {
        return word.to_string();
    }
    // Irregular words, then the rules, the last defined first (as
    // ActiveSupport applies them).
    const IRREGULAR: [(&str, &str); 6] = [
        ("zombies", "zombie"),
        ("moves", "move"),
        ("sexes", "sex"),
        ("children", "child"),
        ("men", "man"),
        ("people", "person"),
    ];
    for (plural, singular) in IRREGULAR {
        if let Some(stem) = strip_suffix_ci(word, plural) {
            // Rails keeps the first letter as written.
            return format!(
                "{stem}{}{}",
                &word[stem.len()..stem.len() + 1],
                &singular[1..]
            );
        }
        if lower.ends_with(singular) {
            return word.to_string();
        }
    }
    for rule in RULES.iter().rev() {
        if let Some(s) = rule(word, &lower) {
            return s;
        }
    }
    word.to_string()
}

fn strip_suffix_ci<'a>(word: &'a str, suffix: &str) -> Option<&'a str> {
    let n = word.len().checked_sub(suffix.len())?;
    (word.is_char_boundary(n) && word[n..].eq_ignore_ascii_case(suffix)).then(|| &word[..n])
}

/// `word` less `cut` bytes at its end, plus `add`.
fn swap(word: &str, cut: usize, add: &str) -> String {
    format!("{}{add}", &word[..word.len() - cut])
}

type Rule = fn(&str, &str) -> Option<String>;

fn ends(lower: &str, suffix: &str) -> bool {
    lower.ends_with(suffix)
}

/// One function per rule of ActiveSupport's list, in its order.
const RULES: [Rule; 27] = [
    // /s$/ → ""
    |w, l| ends(l, "s").then(|| swap(w, 1, "")),
    // /(ss)$/ → ss
    |w, l| ends(l, "ss").then(|| w.to_string()),
    // /(n)ews$/ → news
    |w, l| ends(l, "news").then(|| w.to_string()),
    // /([ti])a$/ → um
    |w, l| (ends(l, "ta") || ends(l, "ia")).then(|| swap(w, 1, "um")),
    // /((a)naly|(b)a|(d)iagno|(p)arenthe|(p)rogno|(s)ynop|(t)he)(sis|ses)$/ → sis
    |w, l| {
        [
            "analy", "ba", "diagno", "parenthe", "progno", "synop", "the",
        ]
        .iter()
        .any(|s| ends(l, &format!("{s}ses")) || ends(l, &format!("{s}sis")))
        .then(|| swap(w, 3, "sis"))
    },
    // /(^analy)(sis|ses)$/ → sis
    |w, l| (l == "analyses" || l == "analysis").then(|| swap(w, 3, "sis")),
    // /([^f])ves$/ → fe
    |w, l| {
        (ends(l, "ves") && l.len() > 3 && !l[..l.len() - 3].ends_with('f'))
            .then(|| swap(w, 3, "fe"))
    },
    // /(hive)s$/ → hive
    |w, l| ends(l, "hives").then(|| swap(w, 1, "")),
    // /(tive)s$/ → tive
    |w, l| ends(l, "tives").then(|| swap(w, 1, "")),
    // /([lr])ves$/ → f
    |w, l| (ends(l, "lves") || ends(l, "rves")).then(|| swap(w, 3, "f")),
    // /([^aeiouy]|qu)ies$/ → y
    |w, l| {
        let stem = l.strip_suffix("ies")?;
        let last = stem.chars().last()?;
        (stem.ends_with("qu") || !"aeiouy".contains(last)).then(|| swap(w, 3, "y"))
    },
    // /(s)eries$/ → series
    |w, l| ends(l, "series").then(|| w.to_string()),
    // /(m)ovies$/ → movie
    |w, l| ends(l, "movies").then(|| swap(w, 1, "")),
    // /(x|ch|ss|sh)es$/ → \1
    |w, l| {
        ["xes", "ches", "sses", "shes"]
            .iter()
            .any(|s| ends(l, s))
            .then(|| swap(w, 2, ""))
    },
    // /^(m|l)ice$/ → ouse
    |w, l| (l == "mice" || l == "lice").then(|| swap(w, 3, "ouse")),
    // /(bus)(es)?$/ → bus
    |w, l| {
        if ends(l, "buses") {
            Some(swap(w, 2, ""))
        } else {
            ends(l, "bus").then(|| w.to_string())
        }
    },
    // /(o)es$/ → o
    |w, l| ends(l, "oes").then(|| swap(w, 2, "")),
    // /(shoe)s$/ → shoe
    |w, l| ends(l, "shoes").then(|| swap(w, 1, "")),
    // /(cris|test)(is|es)$/ → is
    |w, l| {
        ["crisis", "crises", "testis", "testes"]
            .iter()
            .any(|s| ends(l, s))
            .then(|| swap(w, 2, "is"))
    },
    // /^(a)x[ie]s$/ → axis
    |w, l| (l == "axis" || l == "axes").then(|| swap(w, 2, "is")),
    // /(octop|vir)(us|i)$/ → us
    |w, l| {
        if ends(l, "octopi") || ends(l, "viri") {
            Some(swap(w, 1, "us"))
        } else {
            (ends(l, "octopus") || ends(l, "virus")).then(|| w.to_string())
        }
    },
    // /(alias|status)(es)?$/ → \1
    |w, l| {
        if ends(l, "aliases") || ends(l, "statuses") {
            Some(swap(w, 2, ""))
        } else {
            (ends(l, "alias") || ends(l, "status")).then(|| w.to_string())
        }
    },
    // /^(ox)en/ → ox
    |w, l| {
        l.starts_with("oxen")
            .then(|| format!("{}{}", &w[..2], &w[4..]))
    },
    // /(vert|ind)ices$/ → ex
    |w, l| (ends(l, "vertices") || ends(l, "indices")).then(|| swap(w, 4, "ex")),
    // /(matr)ices$/ → ix
    |w, l| ends(l, "matrices").then(|| swap(w, 4, "ix")),
    // /(quiz)zes$/ → quiz
    |w, l| ends(l, "quizzes").then(|| swap(w, 3, "")),
    // /(database)s$/ → database
    |w, l| ends(l, "databases").then(|| swap(w, 1, "")),
];

#[cfg(test)]
mod tests {
    use super::singularize;

    #[test]
    fn table_names_singularize_as_rails_does() {
        for (plural, singular) in [
            ("users", "user"),
            ("line_items", "line_item"),
            ("categories", "category"),
            ("people", "person"),
            ("addresses", "address"),
            ("statuses", "status"),
            ("boxes", "box"),
            ("matches", "match"),
            ("wishes", "wish"),
            ("companies", "company"),
            ("news", "news"),
            ("series", "series"),
            ("equipment", "equipment"),
            ("wolves", "wolf"),
            ("knives", "knife"),
            ("analyses", "analysis"),
            ("media", "medium"),
            ("indices", "index"),
            ("vertices", "vertex"),
            ("matrices", "matrix"),
            ("quizzes", "quiz"),
            ("databases", "database"),
            ("children", "child"),
            ("salesmen", "salesman"),
            ("mice", "mouse"),
            ("buses", "bus"),
            ("heroes", "hero"),
            ("shoes", "shoe"),
            ("movies", "movie"),
            ("archives", "archive"),
            ("objectives", "objective"),
            ("class", "class"),
            ("glass", "glass"),
            ("data", "datum"),
            ("octopi", "octopus"),
            ("oxen", "ox"),
            ("crises", "crisis"),
            ("user_accounts", "user_account"),
            ("Users", "User"),
        ] {
            assert_eq!(singularize(plural), singular, "{plural}");
        }
    }
}
