//! Saved connections: what "remember this device" keeps for each tenant a person uses
//! (tenant, client id, API paths, read-only), never a secret or a token.

use serde::{Deserialize, Serialize};

/// One saved connection.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saved {
    /// The tenant as typed (name, host or API address).
    pub tenant: String,
    pub client_id: String,
    /// The API paths chosen on the form: `v1`, `classic`, or empty for "ask the tenant".
    #[serde(default)]
    pub api: String,
    #[serde(default)]
    pub read_only: bool,
}

impl Saved {
    /// Two entries are the same connection when tenant and client id match (case and
    /// surrounding spaces aside).
    pub fn same(&self, other: &Saved) -> bool {
        self.tenant.trim().eq_ignore_ascii_case(other.tenant.trim())
            && self.client_id.trim() == other.client_id.trim()
    }

    /// How the switcher names it.
    pub fn label(&self) -> String {
        format!(
            "{} · {}{}",
            self.tenant.trim(),
            self.client_id.trim(),
            if self.read_only { " · read-only" } else { "" }
        )
    }

    /// Whether a new sign-in to it starts read-only: as saved, and always for tenants whose
    /// name looks like production.
    pub fn starts_read_only(&self) -> bool {
        self.read_only || looks_like_production(&self.tenant)
    }
}

/// Tenants whose name says "prod" start read-only.
pub fn looks_like_production(tenant: &str) -> bool {
    tenant.to_ascii_lowercase().contains("prod")
}

/// The most saved connections kept (oldest dropped first).
pub const MAX_SAVED: usize = 12;

/// Puts `s` first, replacing the entry for the same connection.
pub fn remember(list: &mut Vec<Saved>, s: Saved) {
    list.retain(|x| !x.same(&s));
    list.insert(0, s);
    list.truncate(MAX_SAVED);
}

/// Drops the entry for the same connection as `s`.
pub fn forget(list: &mut Vec<Saved>, s: &Saved) {
    list.retain(|x| !x.same(s));
}

/// Reads what storage holds: a list, or the single object earlier versions stored. Anything
/// unreadable is an empty list (storage is the person's to edit).
pub fn parse(raw: &str) -> Vec<Saved> {
    if let Ok(list) = serde_json::from_str::<Vec<Saved>>(raw) {
        return list
            .into_iter()
            .filter(|s| !s.tenant.trim().is_empty())
            .collect();
    }
    match serde_json::from_str::<Saved>(raw) {
        Ok(one) if !one.tenant.trim().is_empty() => vec![one],
        _ => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: &str, c: &str) -> Saved {
        Saved {
            tenant: t.into(),
            client_id: c.into(),
            ..Saved::default()
        }
    }

    #[test]
    fn remembering_again_moves_it_first_and_keeps_one_entry_per_connection() {
        let mut l = vec![];
        remember(&mut l, s("acme-sb", "a"));
        remember(&mut l, s("acme", "b"));
        remember(
            &mut l,
            Saved {
                api: "classic".into(),
                ..s(" ACME-SB ", "a")
            },
        );
        assert_eq!(l.len(), 2);
        assert_eq!(l[0].api, "classic");
        assert_eq!(l[1].tenant, "acme");
        forget(&mut l, &s("acme", "b"));
        assert_eq!(l.len(), 1);
        for i in 0..20 {
            remember(&mut l, s(&format!("t{i}"), "c"));
        }
        assert_eq!(l.len(), MAX_SAVED);
        assert_eq!(l[0].tenant, "t19");
    }

    #[test]
    fn storage_of_earlier_versions_and_garbage_are_read_safely() {
        let old = r#"{"tenant":"acme","client_id":"x","api":"v1"}"#;
        assert_eq!(
            parse(old),
            vec![Saved {
                api: "v1".into(),
                ..s("acme", "x")
            }]
        );
        assert_eq!(parse("not json"), vec![]);
        assert_eq!(parse(r#"[{"tenant":"","client_id":"x"}]"#), vec![]);
        let list = serde_json::to_string(&vec![s("a", "1"), s("b", "2")]).unwrap();
        assert_eq!(parse(&list).len(), 2);
        assert!(!list.contains("secret"));
    }

    #[test]
    fn production_names_start_read_only_whatever_was_saved() {
        assert!(s("acme-prod", "x").starts_read_only());
        assert!(!s("acme-sb", "x").starts_read_only());
        assert!(Saved {
            read_only: true,
            ..s("acme-sb", "x")
        }
        .starts_read_only());
        assert!(s("a", "b").label().contains("a · b"));
    }
}
