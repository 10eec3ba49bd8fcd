//! After a write whose outcome is unknown (no answer, a time-out, a cancel, an unreadable
//! answer, a gateway error after the service acted, or "already exists" to a create the
//! browser may have sent twice): what to read back, how to tell from it whether the write
//! landed, and what to tell the person. Nothing is sent again until a read shows it did not
//! happen.

use crate::api::accounts::Action;
use crate::flatfile::cell;
use serde_json::{Map, Value};

/// How many times the object is read back, and how long apart: a task makes its change a
/// little after the call, so one read too early would say "not landed".
pub const ROUNDS: u32 = 5;
/// Milliseconds between two reads back.
pub const ROUND_MS: u64 = 2_000;

/// What the tenant holds once the write has landed, for one account.
#[derive(Clone, Debug, PartialEq)]
pub enum Expect {
    /// The account is gone (a 404 when read).
    Gone,
    /// `disabled` (or `locked`) has this value.
    Flag(&'static str, bool),
    /// Every one of these attributes has this value.
    Attributes(Map<String, Value>),
    /// The account is correlated to this identity id.
    Identity(String),
    /// A reload changes nothing one can read: whether it ran cannot be told.
    Unknowable,
}

impl Expect {
    /// What an account action leaves behind.
    pub fn after(action: Action) -> Expect {
        match action {
            Action::Enable => Expect::Flag("disabled", false),
            Action::Disable => Expect::Flag("disabled", true),
            Action::Unlock { .. } => Expect::Flag("locked", false),
            Action::Reload => Expect::Unknowable,
            Action::Remove => Expect::Gone,
        }
    }

    /// Whether the account as read back (`None`: the tenant answered 404) shows the write
    /// landed. `None` for [`Expect::Unknowable`].
    pub fn holds(&self, account: Option<&Value>) -> Option<bool> {
        Some(match (self, account) {
            (Expect::Unknowable, _) => return None,
            (Expect::Gone, a) => a.is_none(),
            (_, None) => false,
            (Expect::Flag(field, want), Some(a)) => a[*field].as_bool().unwrap_or(false) == *want,
            (Expect::Attributes(want), Some(a)) => want
                .iter()
                .all(|(k, v)| cell(&a["attributes"][k.as_str()], "\u{1f}") == cell(v, "\u{1f}")),
            (Expect::Identity(id), Some(a)) => {
                a["identityId"].as_str() == Some(id.as_str())
                    || a["identity"]["id"].as_str() == Some(id.as_str())
            }
        })
    }
}

/// What the read back says about one write on an object called `what` (e.g. "Disable on
/// account jdoe"): one sentence, and whether sending it again is safe.
#[derive(Clone, Debug, PartialEq)]
pub struct Verdict {
    pub sentence: String,
    /// True only when the read shows the write did not happen.
    pub may_resend: bool,
    /// True when the tenant holds what the write meant to make.
    pub landed: bool,
}

/// The verdict on a write to one account after reading it back (`landed` from
/// [`Expect::holds`], `None` when it cannot be told).
pub fn on_account(label: &str, name: &str, landed: Option<bool>, waited_s: u64) -> Verdict {
    match landed {
        Some(true) => Verdict {
            sentence: format!(
                "The tenant did carry out {label} on {name}, though its answer was lost: read back, the account shows it."
            ),
            may_resend: false,
            landed: true,
        },
        Some(false) => Verdict {
            sentence: format!(
                "Read back after {waited_s} s, {name} does not show {label}: it did not land, so it can be sent again."
            ),
            may_resend: true,
            landed: false,
        },
        None => Verdict {
            sentence: format!(
                "{label} on {name} may or may not have run (nothing on the account shows it): see Tasks before sending it again."
            ),
            may_resend: false,
            landed: false,
        },
    }
}

/// What a read of the objects named like a created one found.
#[derive(Clone, Debug, PartialEq)]
pub enum Created {
    /// One: the create landed; its id.
    One(String),
    /// More than one: the create landed twice (the browser sent it again on its own); every
    /// id, oldest first where the read says so.
    Twice(Vec<String>),
    /// None after every round: it did not land.
    Absent,
}

impl Created {
    /// From the ids a read found.
    pub fn from_ids(ids: Vec<String>) -> Created {
        match ids.len() {
            0 => Created::Absent,
            1 => Created::One(ids.into_iter().next().unwrap_or_default()),
            _ => Created::Twice(ids),
        }
    }

    /// The sentence for a create of `what` (e.g. "account tc.0001", "source HR") whose
    /// answer was lost, after reading back.
    pub fn verdict(&self, what: &str, waited_s: u64) -> Verdict {
        match self {
            Created::One(_) => Verdict {
                sentence: format!(
                    "The tenant did create {what}, though the answer to the call was lost: here it is."
                ),
                may_resend: false,
                landed: true,
            },
            Created::Twice(ids) => Verdict {
                sentence: format!(
                    "The tenant holds {} copies of {what}: the create landed more than once (a browser sends a call again by itself when a reused connection closes without an answer). Keep one and delete the other{}:",
                    ids.len(),
                    if ids.len() > 2 { "s" } else { "" }
                ),
                may_resend: false,
                landed: true,
            },
            Created::Absent => Verdict {
                sentence: format!(
                    "Read back after {waited_s} s, the tenant does not hold {what}: the create did not land, so it can be sent again."
                ),
                may_resend: true,
                landed: false,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_action_is_checked_on_what_it_changes() {
        let enabled = json!({"disabled": false, "locked": true});
        let disabled = json!({"disabled": true, "locked": false});
        let dis = Expect::after(Action::Disable);
        assert_eq!(dis.holds(Some(&disabled)), Some(true));
        assert_eq!(dis.holds(Some(&enabled)), Some(false));
        assert_eq!(dis.holds(None), Some(false));
        let en = Expect::after(Action::Enable);
        assert_eq!(en.holds(Some(&enabled)), Some(true));
        let un = Expect::after(Action::Unlock { unlock_idn: false });
        assert_eq!(un.holds(Some(&enabled)), Some(false));
        assert_eq!(un.holds(Some(&disabled)), Some(true));
        assert_eq!(Expect::after(Action::Remove).holds(None), Some(true));
        assert_eq!(Expect::Gone.holds(Some(&enabled)), Some(false));
        assert_eq!(Expect::after(Action::Reload).holds(Some(&enabled)), None);
    }

    #[test]
    fn an_update_is_checked_attribute_by_attribute_as_the_tenant_stores_them() {
        let mut want = Map::new();
        want.insert("department".into(), json!("Finance"));
        want.insert("groups".into(), json!(["a", "b"]));
        let e = Expect::Attributes(want);
        let held =
            json!({"attributes": {"department": "Finance", "groups": ["a", "b"], "other": 1}});
        assert_eq!(e.holds(Some(&held)), Some(true));
        let old = json!({"attributes": {"department": "Sales", "groups": ["a", "b"]}});
        assert_eq!(e.holds(Some(&old)), Some(false));
        let id = Expect::Identity("abc".into());
        assert_eq!(id.holds(Some(&json!({"identityId": "abc"}))), Some(true));
        assert_eq!(
            id.holds(Some(&json!({"identity": {"id": "abc"}}))),
            Some(true)
        );
        assert_eq!(id.holds(Some(&json!({"identityId": "xyz"}))), Some(false));
    }

    #[test]
    fn only_a_read_that_shows_nothing_offers_to_send_again() {
        let one = Created::from_ids(vec!["a1".into()]);
        assert_eq!(one, Created::One("a1".into()));
        let v = one.verdict("account tc.0001", 10);
        assert!(v.landed && !v.may_resend);
        assert!(
            v.sentence.contains("did create account tc.0001"),
            "{}",
            v.sentence
        );
        let twice = Created::from_ids(vec!["a1".into(), "a2".into()]);
        let v = twice.verdict("account tc.0001", 10);
        assert!(
            v.sentence.contains("2 copies") && !v.may_resend,
            "{}",
            v.sentence
        );
        let v = Created::from_ids(vec![]).verdict("source HR", 10);
        assert!(v.may_resend && !v.landed);
        assert!(v.sentence.contains("after 10 s"), "{}", v.sentence);
        let v = on_account("Disable", "jdoe", Some(false), 8);
        assert!(v.may_resend && v.sentence.contains("does not show Disable"));
        let v = on_account("Disable", "jdoe", Some(true), 8);
        assert!(!v.may_resend && v.landed);
        let v = on_account("Reload", "jdoe", None, 8);
        assert!(!v.may_resend && !v.landed && v.sentence.contains("Tasks"));
    }
}
