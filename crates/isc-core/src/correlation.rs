//! A source's account correlation: which identity attribute each account attribute is matched
//! against when ISC looks for an account's owner (`GET`/`PUT …/sources/{id}/correlation-config`).
//! In an attribute assignment `property` is the identity attribute and `value` the account
//! attribute (the descriptions do not say; their example, `first_name` ↔ `firstName`, and the
//! vendor's UI traffic read so). ISC tries the pairs in order; the first that finds exactly one
//! identity correlates the account.

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// One pair as a person edits it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pair {
    /// The identity attribute's technical name (e.g. `email`).
    pub identity: String,
    /// The account attribute (a name of the account schema).
    pub account: String,
    pub ignore_case: bool,
}

/// The pairs of a correlation config, in order.
pub fn pairs_of(config: &Value) -> Vec<Pair> {
    config["attributeAssignments"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|a| Pair {
            identity: a["property"].as_str().unwrap_or("").to_string(),
            account: a["value"].as_str().unwrap_or("").to_string(),
            ignore_case: a["ignoreCase"] == true,
        })
        .collect()
}

/// What is wrong with each pair, keyed `identity-{i}` and `account-{i}`; empty when the pairs
/// can be sent. `account_attrs` are the source's account schema's names, `identity_attrs` the
/// tenant's identity attributes (empty: not known, not checked).
pub fn check(
    pairs: &[Pair],
    account_attrs: &[String],
    identity_attrs: &[String],
) -> BTreeMap<String, String> {
    let mut e = BTreeMap::new();
    for (i, p) in pairs.iter().enumerate() {
        let (id, acc) = (p.identity.trim(), p.account.trim());
        if id.is_empty() {
            e.insert(
                format!("identity-{i}"),
                "Choose the identity attribute to match.".into(),
            );
        } else if !identity_attrs.is_empty() && !identity_attrs.iter().any(|a| a == id) {
            e.insert(
                format!("identity-{i}"),
                format!("{id} is not an identity attribute of this tenant."),
            );
        }
        if acc.is_empty() {
            e.insert(
                format!("account-{i}"),
                "Choose the account attribute to match.".into(),
            );
        } else if !account_attrs.iter().any(|a| a == acc) {
            e.insert(
                format!("account-{i}"),
                format!("{acc} is not an attribute of the source's account schema."),
            );
        }
        if let Some(j) = pairs[..i]
            .iter()
            .position(|q| q.identity.trim() == id && q.account.trim() == acc)
        {
            e.entry(format!("account-{i}"))
                .or_insert(format!("Pair {} already matches {acc} with {id}.", j + 1));
        }
    }
    e
}

/// The `PUT` body: the config's id and name kept, the pairs as `EQ` assignments.
pub fn body(old: &Value, pairs: &[Pair]) -> Value {
    let assignments: Vec<Value> = pairs
        .iter()
        .map(|p| {
            let (id, acc) = (p.identity.trim(), p.account.trim());
            json!({
                "property": id, "value": acc, "operation": "EQ", "complex": false,
                "ignoreCase": p.ignore_case,
            })
        })
        .collect();
    json!({"id": old["id"], "name": old["name"], "attributeAssignments": assignments})
}

/// The identity that owns an account under `pairs`: the first pair whose account value finds
/// exactly one identity. `value_of(identity, attribute)` reads an identity's attribute.
pub fn owner<'a, I>(
    pairs: &[Pair],
    account: &Map<String, Value>,
    identities: &'a [I],
    value_of: impl Fn(&I, &str) -> Option<String>,
) -> Option<&'a I> {
    pairs.iter().find_map(|p| {
        let want = match account.get(&p.account)? {
            Value::String(s) if !s.is_empty() => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        let same = |v: &str| {
            if p.ignore_case {
                v.to_lowercase() == want.to_lowercase()
            } else {
                v == want
            }
        };
        let mut found = identities
            .iter()
            .filter(|i| value_of(i, &p.identity).is_some_and(|v| same(&v)));
        match (found.next(), found.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pair(i: &str, a: &str) -> Pair {
        Pair {
            identity: i.into(),
            account: a.into(),
            ignore_case: false,
        }
    }

    #[test]
    fn the_config_reads_and_writes_property_as_identity_and_value_as_account() {
        let old = json!({"id": "c1", "name": "HR Account Correlation", "attributeAssignments": [
            {"property": "email", "value": "mail", "operation": "EQ", "complex": false, "ignoreCase": true}
        ]});
        let pairs = pairs_of(&old);
        assert_eq!(
            pairs,
            vec![Pair {
                identity: "email".into(),
                account: "mail".into(),
                ignore_case: true
            }]
        );
        assert_eq!(body(&old, &pairs), old);
        assert!(pairs_of(&json!({"attributeAssignments": null})).is_empty());
    }

    #[test]
    fn unknown_attributes_empty_choices_and_repeats_are_said_per_field() {
        let accounts = vec!["id".to_string(), "email".to_string()];
        let identities = vec!["uid".to_string(), "email".to_string()];
        let e = check(
            &[
                pair("email", "email"),
                pair("phone", "mail"),
                pair("", ""),
                pair("email", "email"),
            ],
            &accounts,
            &identities,
        );
        assert_eq!(
            e["identity-1"],
            "phone is not an identity attribute of this tenant."
        );
        assert_eq!(
            e["account-1"],
            "mail is not an attribute of the source's account schema."
        );
        assert_eq!(e["identity-2"], "Choose the identity attribute to match.");
        assert_eq!(e["account-3"], "Pair 1 already matches email with email.");
        assert_eq!(e.len(), 5);
        assert!(check(&[pair("uid", "id")], &accounts, &identities).is_empty());
    }

    #[test]
    fn the_first_pair_that_finds_exactly_one_identity_correlates() {
        let people = vec![
            json!({"email": "ada@x", "uid": "ada", "dept": "R"}),
            json!({"email": "grace@x", "uid": "grace", "dept": "R"}),
        ];
        let value_of = |i: &Value, a: &str| i[a].as_str().map(str::to_string);
        let acc: Map<String, Value> =
            serde_json::from_value(json!({"department": "R", "mail": "GRACE@x"})).unwrap();
        // dept finds two identities: no owner from it; mail matches only when case is ignored.
        let mut pairs = vec![pair("dept", "department"), pair("email", "mail")];
        assert_eq!(owner(&pairs, &acc, &people, value_of), None);
        pairs[1].ignore_case = true;
        assert_eq!(owner(&pairs, &acc, &people, value_of), Some(&people[1]));
        assert_eq!(owner(&[], &acc, &people, value_of), None);
    }
}
