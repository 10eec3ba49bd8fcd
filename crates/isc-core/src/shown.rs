//! Tenant text as the page shows it: characters that take no width or turn the direction of
//! what follows (a right-to-left override in a source name reverses the rest of a sentence;
//! a zero-width joiner makes `Work‍day` look like `Workday`) are shown as visible marks, a
//! name that is empty or only such characters gets a visible placeholder, and a name set
//! into a sentence is isolated for direction. The raw value is kept for a person who asks.

/// Whether `c` takes no width or changes the direction of the text around it: zero-width
/// space, joiners and marks, bidi embeddings, overrides and isolates, word joiner and
/// invisible operators, the BOM, the soft hyphen, the Arabic letter mark, the Mongolian
/// vowel separator.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// What stands for a name with nothing visible in it.
pub const BLANK: &str = "(no visible name)";

/// A tenant string as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shown {
    /// The text to show: invisible characters as `⟨U+200D⟩` marks, or [`BLANK`].
    pub text: String,
    /// True when nothing in the raw value is visible (empty, spaces, invisible characters).
    pub blank: bool,
    /// How many invisible characters were marked.
    pub marked: usize,
}

impl Shown {
    /// Whether the raw value differs from what is shown (a person may want to see it).
    pub fn differs(&self) -> bool {
        self.blank || self.marked > 0
    }
}

/// `raw` as shown (see the module text).
pub fn shown(raw: &str) -> Shown {
    let mut text = String::with_capacity(raw.len());
    let mut marked = 0;
    let mut visible = false;
    for c in raw.chars() {
        if is_invisible(c) {
            marked += 1;
            text.push_str(&format!("⟨U+{:04X}⟩", c as u32));
        } else {
            visible |= !c.is_whitespace() && !c.is_control();
            text.push(c);
        }
    }
    if !visible {
        return Shown {
            text: BLANK.to_string(),
            blank: true,
            marked,
        };
    }
    Shown {
        text,
        blank: false,
        marked,
    }
}

/// `raw` with its invisible characters marked, and no placeholder when it is blank (for a
/// value that may rightly be empty).
pub fn marked(raw: &str) -> String {
    if !raw.chars().any(is_invisible) {
        return raw.to_string();
    }
    let s = shown(raw);
    if s.blank {
        raw.chars()
            .map(|c| {
                if is_invisible(c) {
                    format!("⟨U+{:04X}⟩", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        s.text
    }
}

/// The first `n` characters of `s` and "…" when it is longer (a value shown in full only on
/// demand), else `None`.
pub fn clip(s: &str, n: usize) -> Option<String> {
    let (cut, _) = s.char_indices().nth(n)?;
    Some(format!("{}…", &s[..cut]))
}

/// The shown text of `raw` (for a cell, a heading, an option).
pub fn text(raw: &str) -> String {
    shown(raw).text
}

/// Whether `c` is written right to left (Hebrew, Arabic, Syriac, Thaana, N'Ko and the
/// other right-to-left blocks).
fn is_rtl(c: char) -> bool {
    matches!(c,
        '\u{0590}'..='\u{08FF}'
            | '\u{FB1D}'..='\u{FDFF}'
            | '\u{FE70}'..='\u{FEFC}'
            | '\u{10800}'..='\u{10FFF}'
            | '\u{1E800}'..='\u{1EFFF}')
}

/// `raw` as shown, for a sentence: with invisible characters marked there is no control
/// left to turn the sentence, and a name written right to left is isolated for direction
/// (U+2068 … U+2069) so that the words and figures around it keep their order.
pub fn inline(raw: &str) -> String {
    let t = shown(raw).text;
    if t.chars().any(is_rtl) {
        format!("\u{2068}{t}\u{2069}")
    } else {
        t
    }
}

/// The raw value spelled out, for a person who asks what a name really holds: visible
/// characters as they are, anything else (spaces included) as `U+XXXX`.
pub fn spelled(raw: &str) -> String {
    if raw.is_empty() {
        return "(empty)".to_string();
    }
    raw.chars()
        .map(|c| {
            if is_invisible(c) || c.is_whitespace() || c.is_control() {
                format!("U+{:04X}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// JSON text with every invisible character written as a `\uXXXX` escape: the same JSON
/// value, shown without reordering the rest of its line.
pub fn escape_json_text(json: &str) -> String {
    if !json.chars().any(is_invisible) {
        return json.to_string();
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if is_invisible(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// A count with its noun in the right number: "1 source", "2 sources", "0 rows",
/// "1 identity", "3 identities", "2 matches". `one` is the singular.
pub fn count(n: usize, one: &str) -> String {
    if n == 1 {
        return format!("1 {one}");
    }
    let many = match one.as_bytes() {
        [.., c, b'y'] if !b"aeiou".contains(c) => format!("{}ies", &one[..one.len() - 1]),
        [.., b's'] | [.., b'x'] | [.., b'c', b'h'] | [.., b's', b'h'] => format!("{one}es"),
        _ => format!("{one}s"),
    };
    format!("{n} {many}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_direction_override_is_marked_not_obeyed() {
        let s = shown("Payroll\u{202E} SSECCUS");
        assert_eq!(s.text, "Payroll⟨U+202E⟩ SSECCUS");
        assert_eq!(s.marked, 1);
        assert!(!s.blank && s.differs());
        assert!(!s.text.chars().any(is_invisible));
    }

    #[test]
    fn a_zero_width_joiner_tells_two_look_alike_names_apart() {
        let a = text("Workday");
        let b = text("Work\u{200D}day");
        assert_ne!(a, b);
        assert_eq!(b, "Work⟨U+200D⟩day");
        assert!(!shown("Workday").differs());
    }

    #[test]
    fn names_with_nothing_visible_get_a_placeholder_and_can_be_spelled_out() {
        for raw in ["", "   ", "\u{200B}\u{200D}", " \u{FEFF} ", "\t\n"] {
            let s = shown(raw);
            assert!(s.blank, "{raw:?}");
            assert_eq!(s.text, BLANK);
        }
        assert_eq!(spelled("  "), "U+0020 U+0020");
        assert_eq!(spelled("a\u{200D}b"), "a U+200D b");
        assert_eq!(spelled(""), "(empty)");
        assert_eq!(clip("abcdef", 3).as_deref(), Some("abc…"));
        assert_eq!(clip("abc", 3), None);
        assert_eq!(clip("ééé", 2).as_deref(), Some("éé…"));
        assert_eq!(marked(""), "");
        assert_eq!(marked("\u{200B}"), "⟨U+200B⟩");
        assert_eq!(marked("a\u{202E}b"), "a⟨U+202E⟩b");
        // Right-to-left letters are visible text, not marked.
        let hebrew = shown("שלום");
        assert!(!hebrew.differs());
    }

    #[test]
    fn a_name_in_a_sentence_is_isolated_and_json_stays_the_same_value() {
        assert_eq!(inline("abc\u{202E}def"), "abc⟨U+202E⟩def");
        assert_eq!(inline("HR Feed 2"), "HR Feed 2");
        let s = inline("שלום 2");
        assert!(s.starts_with('\u{2068}') && s.ends_with('\u{2069}'));
        assert_eq!(
            s.chars().filter(|c| is_invisible(*c)).count(),
            2,
            "only the isolate pair"
        );
        let raw = serde_json::json!({"name": "x\u{202E}y\u{200B}"}).to_string();
        let esc = escape_json_text(&raw);
        assert!(!esc.chars().any(is_invisible));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&esc).unwrap(),
            serde_json::from_str::<serde_json::Value>(&raw).unwrap()
        );
    }

    #[test]
    fn counts_say_one_thing_or_many() {
        assert_eq!(count(1, "source"), "1 source");
        assert_eq!(count(0, "source"), "0 sources");
        assert_eq!(count(2, "row"), "2 rows");
        assert_eq!(count(1, "identity"), "1 identity");
        assert_eq!(count(1840, "identity"), "1840 identities");
        assert_eq!(count(3, "key"), "3 keys");
        assert_eq!(count(2, "match"), "2 matches");
        assert_eq!(count(2, "field"), "2 fields");
    }
}
