//! Rows loaded into memory, and the client-side sort and filter over them.
//!
//! A list loaded whole (all accounts of a source, say) is sorted and filtered here, without
//! asking the tenant again. Each cell keeps a lower-cased copy, so a filter or a sort does
//! no allocation per comparison: 10,000 rows sort in a few milliseconds.

use serde_json::Value;

/// One row: its id and its cells as shown, in column order.
#[derive(Clone, Debug, PartialEq)]
pub struct GridRow {
    pub id: String,
    pub cells: Vec<String>,
    lower: Vec<String>,
    /// For account rows: the source's id and the identity's id (empty when uncorrelated),
    /// so the cells can link to their pages.
    pub links: [String; 2],
}

/// How text is lower-cased for comparing without case: natively `str::to_lowercase`. The
/// browser app passes its own, which folds ASCII itself and leaves other text to the
/// browser's `toLowerCase`, so the wasm does not carry Unicode's case tables (9 KB gzip).
pub type Fold = fn(&str) -> String;

impl GridRow {
    /// A row from the tenant's values: matched on what they hold, shown with invisible
    /// characters marked and the first cell (the name) never blank (see [`crate::shown`]).
    pub fn new(id: impl Into<String>, cells: Vec<String>, fold: Fold) -> Self {
        let lower = cells.iter().map(|c| fold(c)).collect();
        let cells = cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                if i == 0 {
                    crate::shown::text(c)
                } else {
                    crate::shown::marked(c)
                }
            })
            .collect();
        GridRow {
            id: id.into(),
            cells,
            lower,
            links: Default::default(),
        }
    }

    /// The same row with the ids its source and identity cells link to.
    pub fn with_links(mut self, source_id: String, identity_id: String) -> Self {
        self.links = [source_id, identity_id];
        self
    }

    /// True when any cell contains every word of `needle` (already lower-cased, split).
    fn matches(&self, words: &[String]) -> bool {
        words
            .iter()
            .all(|w| self.lower.iter().any(|c| c.contains(w.as_str())))
    }
}

/// The columns of the accounts list, in order.
pub const ACCOUNT_COLUMNS: [&str; 5] = ["Name", "Native identity", "Source", "Identity", "Status"];

/// Status words for an account: enabled/disabled, locked, uncorrelated, manually correlated.
fn status_words(disabled: bool, locked: bool, uncorrelated: bool, manual: bool) -> String {
    let mut w = vec![if disabled { "disabled" } else { "enabled" }];
    for (on, word) in [
        (locked, "locked"),
        (uncorrelated, "uncorrelated"),
        (manual, "manually correlated"),
    ] {
        if on {
            w.push(word);
        }
    }
    w.join(", ")
}

/// [`status_words`] of an account as JSON.
pub fn account_status(a: &Value) -> String {
    status_words(
        a["disabled"] == true,
        a["locked"] == true,
        a["uncorrelated"] == true,
        a["manuallyCorrelated"] == true,
    )
}

/// An account from `GET /v3/accounts` as a row of [`ACCOUNT_COLUMNS`].
pub fn account_row(a: &Value, fold: Fold) -> GridRow {
    let s = |v: &Value| v.as_str().unwrap_or("").to_string();
    GridRow::new(
        s(&a["id"]),
        vec![
            s(&a["name"]),
            s(&a["nativeIdentity"]),
            s(&a["sourceName"]),
            a["identity"]["name"].as_str().unwrap_or("—").to_string(),
            account_status(a),
        ],
        fold,
    )
    .with_links(s(&a["sourceId"]), s(&a["identityId"]))
}

#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct SlimAccount {
    #[serde(default)]
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    native_identity: String,
    #[serde(default)]
    source_name: String,
    #[serde(default)]
    source_id: String,
    #[serde(default)]
    identity_id: Option<String>,
    #[serde(default)]
    identity: Option<NameOnly>,
    #[serde(default)]
    disabled: bool,
    #[serde(default)]
    locked: bool,
    #[serde(default)]
    uncorrelated: bool,
    #[serde(default)]
    manually_correlated: bool,
}

#[derive(serde::Deserialize)]
struct NameOnly {
    #[serde(default)]
    name: Option<String>,
}

/// A page of `GET /v3/accounts` read straight into rows (no JSON tree in between: a page of
/// 250 is read several times faster this way). Same rows as [`account_row`].
pub fn account_rows(body: &str, fold: Fold) -> Result<Vec<GridRow>, serde_json::Error> {
    let list: Vec<SlimAccount> = serde_json::from_str(body)?;
    Ok(list
        .into_iter()
        .map(|a| {
            let status = status_words(a.disabled, a.locked, a.uncorrelated, a.manually_correlated);
            GridRow::new(
                a.id,
                vec![
                    a.name,
                    a.native_identity,
                    a.source_name,
                    a.identity
                        .and_then(|i| i.name)
                        .unwrap_or_else(|| "—".to_string()),
                    status,
                ],
                fold,
            )
            .with_links(a.source_id, a.identity_id.unwrap_or_default())
        })
        .collect())
}

/// How the loaded rows are shown: a text filter and an optional sort column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GridView {
    /// Words that must all appear (in any cell, ignoring case).
    pub filter: String,
    /// Column index and whether descending.
    pub sort: Option<(usize, bool)>,
}

impl GridView {
    /// The indices of the rows to show, in order. Ties keep the load order.
    pub fn apply(&self, rows: &[impl AsRef<GridRow>], fold: Fold) -> Vec<u32> {
        let words: Vec<String> = fold(&self.filter)
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let mut idx: Vec<u32> = (0..rows.len() as u32)
            .filter(|&i| words.is_empty() || rows[i as usize].as_ref().matches(&words))
            .collect();
        if let Some((col, desc)) = self.sort {
            let key = |i: &u32| {
                rows[*i as usize]
                    .as_ref()
                    .lower
                    .get(col)
                    .map(String::as_str)
                    .unwrap_or("")
            };
            // One sort call for both directions: each call site is a sort of its own in the wasm.
            idx.sort_by(|a, b| {
                let o = key(a).cmp(key(b));
                if desc {
                    o.reverse()
                } else {
                    o
                }
            });
        }
        idx
    }

    /// The sort after a click on column `col`: ascending first, then descending, then off.
    pub fn toggled(&self, col: usize) -> Option<(usize, bool)> {
        match self.sort {
            Some((c, false)) if c == col => Some((col, true)),
            Some((c, true)) if c == col => None,
            _ => Some((col, false)),
        }
    }
}

impl AsRef<GridRow> for GridRow {
    fn as_ref(&self) -> &GridRow {
        self
    }
}

/// The rows of a virtually scrolled table to render: `[start, end)` of `count` rows of
/// `row_px` height seen through a viewport `view_px` high scrolled to `top_px`, with
/// `overscan` extra rows on each side.
pub fn window(
    count: usize,
    row_px: f64,
    top_px: f64,
    view_px: f64,
    overscan: usize,
) -> (usize, usize) {
    if count == 0 || row_px <= 0.0 {
        return (0, 0);
    }
    let first = (top_px.max(0.0) / row_px).floor() as usize;
    let shown = (view_px.max(0.0) / row_px).ceil() as usize + 1;
    let start = first.saturating_sub(overscan).min(count);
    let end = (first + shown + overscan).min(count);
    (start.min(end), end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn rows() -> Vec<GridRow> {
        vec![
            GridRow::new("1", vec!["bob".into(), "B-2".into()], str::to_lowercase),
            GridRow::new("2", vec!["Alice".into(), "a-1".into()], str::to_lowercase),
            GridRow::new("3", vec!["carol".into(), "C-3".into()], str::to_lowercase),
            GridRow::new("4", vec!["alice".into(), "a-0".into()], str::to_lowercase),
        ]
    }

    #[test]
    fn hostile_names_are_shown_marked_or_as_a_placeholder() {
        let r = GridRow::new(
            "1",
            vec!["Work\u{200D}day".into(), "".into(), "a\u{202E}b".into()],
            str::to_lowercase,
        );
        assert_eq!(r.cells, vec!["Work⟨U+200D⟩day", "", "a⟨U+202E⟩b"]);
        let blank = GridRow::new("2", vec!["   ".into()], str::to_lowercase);
        assert_eq!(blank.cells[0], crate::shown::BLANK);
    }

    #[test]
    fn filters_ignore_case_and_need_every_word() {
        let r = rows();
        let v = GridView {
            filter: "ALI".into(),
            sort: None,
        };
        assert_eq!(v.apply(&r, str::to_lowercase), vec![1, 3]);
        let v = GridView {
            filter: "alice a-0".into(),
            sort: None,
        };
        assert_eq!(v.apply(&r, str::to_lowercase), vec![3]);
        let v = GridView {
            filter: "  ".into(),
            sort: None,
        };
        assert_eq!(v.apply(&r, str::to_lowercase), vec![0, 1, 2, 3]);
    }

    #[test]
    fn the_fold_given_decides_how_case_is_ignored() {
        let r = vec![
            GridRow::new("1", vec!["Émilie".into()], str::to_lowercase),
            GridRow::new("2", vec!["emile".into()], str::to_lowercase),
        ];
        let v = GridView {
            filter: "ÉMI".into(),
            sort: None,
        };
        assert_eq!(v.apply(&r, str::to_lowercase), vec![0]);
        // A fold that leaves non-ASCII text as it is cannot match É against é.
        let ascii_only: Fold = |s| s.to_ascii_lowercase();
        let r2 = vec![GridRow::new("1", vec!["Émilie".into()], ascii_only)];
        let v2 = GridView {
            filter: "émi".into(),
            sort: None,
        };
        assert!(v2.apply(&r2, ascii_only).is_empty());
    }

    #[test]
    fn sorts_ignore_case_keep_ties_in_load_order_and_toggle() {
        let r = rows();
        let mut v = GridView::default();
        v.sort = v.toggled(0);
        assert_eq!(v.sort, Some((0, false)));
        assert_eq!(
            v.apply(&r, str::to_lowercase),
            vec![1, 3, 0, 2],
            "Alice and alice tie: load order"
        );
        v.sort = v.toggled(0);
        assert_eq!(v.apply(&r, str::to_lowercase), vec![2, 0, 1, 3]);
        v.sort = v.toggled(0);
        assert_eq!(v.sort, None);
        v.sort = v.toggled(1);
        assert_eq!(v.apply(&r, str::to_lowercase), vec![3, 1, 0, 2]);
    }

    #[test]
    fn an_account_becomes_a_row_with_its_status() {
        let a = json!({"id": "x1", "name": "jdoe", "nativeIdentity": "CN=jdoe", "sourceName": "AD",
            "identity": {"name": "John Doe"}, "disabled": true, "locked": true});
        let row = account_row(&a, str::to_lowercase);
        assert_eq!(
            row.cells,
            ["jdoe", "CN=jdoe", "AD", "John Doe", "disabled, locked"]
        );
        let u = account_row(
            &json!({"id": "x2", "name": "svc", "uncorrelated": true}),
            str::to_lowercase,
        );
        assert_eq!(u.cells[3], "—");
        assert_eq!(u.cells[4], "enabled, uncorrelated");
    }

    #[test]
    fn a_page_read_straight_into_rows_matches_the_json_tree_route() {
        let page = json!([
            {"id": "x1", "name": "jdoe", "nativeIdentity": "CN=jdoe", "sourceName": "AD",
             "sourceId": "s1", "identityId": "i1",
             "identity": {"id": "i1", "name": "John Doe", "type": "IDENTITY"}, "disabled": true,
             "locked": true, "manuallyCorrelated": true, "attributes": {"a": [1, 2]}},
            {"id": "x2", "name": "svc", "uncorrelated": true, "identity": null, "extra": {"deep": 1}}
        ]);
        let fast = account_rows(&page.to_string(), str::to_lowercase).unwrap();
        let slow: Vec<GridRow> = page
            .as_array()
            .unwrap()
            .iter()
            .map(|a| account_row(a, str::to_lowercase))
            .collect();
        assert_eq!(fast, slow);
        assert_eq!(fast[0].links, ["s1".to_string(), "i1".to_string()]);
        assert_eq!(fast[1].links, [String::new(), String::new()]);
        assert!(account_rows("{\"id\": \"2c9180 <html>", str::to_lowercase).is_err());
    }

    #[test]
    fn the_window_covers_the_viewport_plus_overscan() {
        assert_eq!(window(0, 34.0, 0.0, 600.0, 5), (0, 0));
        assert_eq!(window(10_000, 34.0, 0.0, 600.0, 5), (0, 24));
        let (s, e) = window(10_000, 34.0, 34.0 * 5000.0, 600.0, 5);
        assert_eq!((s, e), (4995, 5024));
        assert_eq!(
            window(10_000, 34.0, 34.0 * 9999.0, 600.0, 5),
            (9994, 10_000)
        );
        assert_eq!(window(10, 34.0, 1e9, 600.0, 5), (10, 10));
    }
}
