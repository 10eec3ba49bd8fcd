use super::*;
use proptest::prelude::*;

fn schema() -> Value {
    json!({
        "id": "s1", "name": "account", "nativeObjectType": "User",
        "identityAttribute": "id", "displayAttribute": "displayName",
        "attributes": [
            {"name": "id", "type": "STRING", "schema": null, "description": "", "isMulti": false, "isEntitlement": false, "isGroup": false},
            {"name": "displayName", "type": "STRING", "schema": null, "description": "Name", "isMulti": false, "isEntitlement": false, "isGroup": false},
            {"name": "groups", "type": "STRING", "schema": null, "description": "", "isMulti": true, "isEntitlement": true, "isGroup": false},
            {"name": "age", "type": "INT", "schema": null, "description": "", "isMulti": false, "isEntitlement": false, "isGroup": false}
        ]
    })
}

/// Applies a patch with the json-patch crate (RFC 6902): the oracle.
fn applied(old: &Value, ops: &[Value]) -> Value {
    let mut v = old.clone();
    let p: json_patch::Patch = serde_json::from_value(Value::Array(ops.to_vec())).unwrap();
    json_patch::patch(&mut v, &p).unwrap();
    v
}

#[test]
fn an_unchanged_draft_sends_nothing() {
    assert!(patch(&schema(), &draft_of(&schema())).is_empty());
    assert!(check(&draft_of(&schema())).is_empty());
}

#[test]
fn one_new_attribute_made_the_display_attribute_is_two_operations() {
    let mut d = draft_of(&schema());
    d.attrs.push(DraftAttr::string("location"));
    d.display = "location".into();
    let ops = patch(&schema(), &d);
    assert_eq!(ops.len(), 2, "{ops:?}");
    assert_eq!(ops[0]["op"], "add");
    assert_eq!(ops[0]["path"], "/attributes/-");
    assert_eq!(
        ops[1],
        json!({"op": "replace", "path": "/displayAttribute", "value": "location"})
    );
    assert_eq!(draft_of(&applied(&schema(), &ops)), d);
}

#[test]
fn removals_go_from_the_last_index_down_and_replacements_use_the_indices_after_them() {
    let mut d = draft_of(&schema());
    d.attrs.remove(1); // displayName
    d.attrs[2].kind = "LONG".into(); // age, index 3 before, 2 after the removal
    d.display = "id".into();
    let ops = patch(&schema(), &d);
    assert_eq!(ops[0], json!({"op": "remove", "path": "/attributes/1"}));
    assert_eq!(ops[1]["path"], "/attributes/2");
    assert_eq!(ops[1]["value"]["type"], "LONG");
    assert_eq!(draft_of(&applied(&schema(), &ops)), d);
}

fn arb_attr() -> impl Strategy<Value = DraftAttr> {
    (
        prop::sample::select(vec![
            "id",
            "displayName",
            "groups",
            "age",
            "mail",
            "dept",
            "start",
        ]),
        prop::sample::select(TYPES.to_vec()),
        any::<bool>(),
        "[a-z ]{0,6}",
    )
        .prop_map(|(n, k, m, desc)| DraftAttr {
            name: n.to_string(),
            kind: k.to_string(),
            multi: m,
            entitlement: false,
            description: desc,
        })
}

proptest! {
    /// Whatever the edit, the patch makes the tenant's schema hold the draft's attributes (the
    /// kept ones in the tenant's order, then the new ones), identity and display attribute.
    #[test]
    fn the_patch_turns_the_schema_into_the_draft(attrs in prop::collection::vec(arb_attr(), 0..7), pick in 0usize..7) {
        let mut uniq: Vec<DraftAttr> = Vec::new();
        for a in attrs {
            if !uniq.iter().any(|u| u.name == a.name) {
                uniq.push(a);
            }
        }
        let identity = uniq.get(pick % uniq.len().max(1)).map(|a| a.name.clone()).unwrap_or_default();
        let d = Draft { attrs: uniq, identity: identity.clone(), display: identity };
        let ops = patch(&schema(), &d);
        let after = draft_of(&applied(&schema(), &ops));
        let mut want = d.clone();
        let old_names: Vec<String> = draft_of(&schema()).attrs.into_iter().map(|a| a.name).collect();
        want.attrs.sort_by_key(|a| old_names.iter().position(|n| *n == a.name).unwrap_or(usize::MAX));
        prop_assert_eq!(after, want);
        // And nothing is sent again once it holds them.
        prop_assert!(patch(&applied(&schema(), &ops), &d).is_empty());
    }
}

#[test]
fn bad_drafts_are_told_field_by_field() {
    let mut d = draft_of(&schema());
    d.attrs.push(DraftAttr::string("DisplayName"));
    d.attrs.push(DraftAttr::string("home town"));
    d.attrs.push(DraftAttr::string("9lives"));
    d.attrs.push(DraftAttr {
        kind: "FLOAT".into(),
        ..DraftAttr::string("score")
    });
    d.attrs.push(DraftAttr {
        kind: "INT".into(),
        entitlement: true,
        ..DraftAttr::string("level")
    });
    d.identity = "groups".into();
    d.display = "nobody".into();
    let e = check(&d);
    assert!(
        e["name-4"].contains("already the name of attribute 2"),
        "{e:?}"
    );
    assert!(e["name-5"].contains("no spaces"), "{e:?}");
    assert!(e["name-6"].contains("starts with a letter"), "{e:?}");
    assert!(e["type-7"].contains("FLOAT is not a type"), "{e:?}");
    assert!(e["entitlement-8"].contains("STRING"), "{e:?}");
    assert!(e["identity"].contains("multi-valued"), "{e:?}");
    assert!(e["display"].contains("nobody is not an attribute"), "{e:?}");
    d.identity = String::new();
    assert!(check(&d)["identity"].starts_with("Choose"));
    assert!(
        check(&Draft::default()).is_empty(),
        "an empty schema is a schema"
    );
}

#[test]
fn a_header_is_proposed_as_the_attributes_kept_added_and_removed() {
    let p = header_proposal(
        &draft_of(&schema()),
        "\u{feff}id,\"displayName\",mail,dept\r\nx,y,z,w\r\n",
        ',',
    )
    .unwrap();
    assert_eq!(p.columns, ["id", "displayName", "mail", "dept"]);
    assert_eq!(p.kept, ["id", "displayName"]);
    assert_eq!(p.added, ["mail", "dept"]);
    assert_eq!(p.removed, ["groups", "age"]);
    let s = schema_from_header(&schema(), &p.columns);
    let d = draft_of(&s);
    assert_eq!(
        d.attrs.iter().map(|a| a.name.as_str()).collect::<Vec<_>>(),
        ["id", "displayName", "mail", "dept"]
    );
    assert_eq!(
        (d.identity.as_str(), d.display.as_str()),
        ("id", "displayName")
    );
    assert_eq!(d.attrs[2].kind, "STRING");
    // An empty schema takes the first column as its identity and display attribute.
    let empty = json!({"id": "s", "name": "account", "attributes": [], "identityAttribute": "", "displayAttribute": ""});
    let d = draft_of(&schema_from_header(
        &empty,
        &["login".to_string(), "name".to_string()],
    ));
    assert_eq!(
        (d.identity.as_str(), d.display.as_str()),
        ("login", "login")
    );
}

#[test]
fn a_bad_header_names_its_column() {
    let d = Draft::default();
    assert!(header_proposal(&d, "", ',')
        .unwrap_err()
        .contains("no header row"));
    assert_eq!(
        header_proposal(&d, "id,,name", ',').unwrap_err(),
        "Column 2 has no name."
    );
    assert_eq!(
        header_proposal(&d, "id;name;ID", ';').unwrap_err(),
        "The column ID appears twice (columns 1 and 3)."
    );
    assert!(header_proposal(&d, "id,first name", ',')
        .unwrap_err()
        .starts_with("Column 2:"));
}
