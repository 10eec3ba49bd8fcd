use super::*;
use proptest::prelude::*;

const OWNER: &str = "2c9180835d191a86015d28455b4a2329";
const OTHER: &str = "ef38f94347e94562b5bb8424a56397d8";

fn source() -> Value {
    json!({
        "id": "5a1f0c2e9d8b4c7a8e6f1b2c3d4e5f60", "name": "HR file", "type": "DelimitedFile",
        "connector": "delimited-file", "authoritative": false,
        "description": "People from HR",
        "owner": {"type": "IDENTITY", "id": OWNER, "name": "Ada"},
        "deleteThreshold": 10,
        "features": ["NO_RANDOM_ACCESS", "DIRECT_PERMISSIONS"],
        "connectorAttributes": {"delimiter": ",", "file/name": "hr.csv"}
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
fn unchanged_settings_send_nothing_and_pass() {
    let s = settings_of(&source());
    assert!(patch(&source(), &s).is_empty());
    assert!(check(&s, &source()).is_empty());
}

#[test]
fn a_new_threshold_is_one_replace() {
    let mut s = settings_of(&source());
    s.delete_threshold = "25".into();
    let ops = patch(&source(), &s);
    assert_eq!(
        ops,
        vec![json!({"op": "replace", "path": "/deleteThreshold", "value": 25})]
    );
    assert_eq!(applied(&source(), &ops)["deleteThreshold"], 25);
}

#[test]
fn a_threshold_of_101_or_a_word_is_refused_beside_its_field() {
    for t in ["101", "-1", "ten", "2.5", ""] {
        let mut s = settings_of(&source());
        s.delete_threshold = t.into();
        let e = check(&s, &source());
        assert!(e["delete_threshold"].contains("0 to 100"), "{t}: {e:?}");
    }
    // A source with no threshold may keep none.
    let mut old = source();
    old.as_object_mut().unwrap().remove("deleteThreshold");
    let s = settings_of(&old);
    assert!(check(&s, &old).is_empty());
    assert!(patch(&old, &s).is_empty());
}

#[test]
fn owner_changes_as_a_whole_reference_and_must_be_an_id() {
    let mut s = settings_of(&source());
    s.owner_id = OTHER.into();
    s.owner_name = "Grace".into();
    let ops = patch(&source(), &s);
    assert_eq!(
        ops,
        vec![
            json!({"op": "replace", "path": "/owner", "value": {"type": "IDENTITY", "id": OTHER, "name": "Grace"}})
        ]
    );
    s.owner_id = "grace".into();
    assert!(check(&s, &source())["owner"].contains("32 hexadecimal"));
    s.owner_id = " ".into();
    assert!(check(&s, &source())["owner"].contains("needs an owner"));
}

#[test]
fn features_in_another_order_are_the_same_and_unknown_ones_are_refused() {
    let mut s = settings_of(&source());
    s.features.reverse();
    assert!(patch(&source(), &s).is_empty());
    s.features.push("PROVISIONING".into());
    let ops = patch(&source(), &s);
    assert_eq!(ops.len(), 1);
    assert_eq!(ops[0]["path"], "/features");
    s.features.push("TELEPORT".into());
    assert_eq!(
        check(&s, &source())["features"],
        "TELEPORT is not a source feature."
    );
}

#[test]
fn connector_attributes_change_key_by_key_with_escaped_pointers() {
    let mut s = settings_of(&source());
    s.connector_attributes =
        r#"{"delimiter": ";", "filterString": "!(id.contains(\"m\"))"}"#.into();
    let ops = patch(&source(), &s);
    assert_eq!(
        ops,
        vec![
            json!({"op": "remove", "path": "/connectorAttributes/file~1name"}),
            json!({"op": "replace", "path": "/connectorAttributes/delimiter", "value": ";"}),
            json!({"op": "add", "path": "/connectorAttributes/filterString", "value": "!(id.contains(\"m\"))"}),
        ]
    );
    let after = applied(&source(), &ops);
    assert_eq!(
        after["connectorAttributes"],
        json!({"delimiter": ";", "filterString": "!(id.contains(\"m\"))"})
    );
    assert!(holds(&after, &ops));
    assert!(!holds(&source(), &ops));
}

#[test]
fn bad_connector_attributes_say_where() {
    let mut s = settings_of(&source());
    s.connector_attributes = "{\"delimiter\": }".into();
    let e = check(&s, &source());
    assert!(e["connector_attributes"].contains("line 1"), "{e:?}");
    assert!(patch(&source(), &s).is_empty());
}

#[test]
fn a_hand_typed_operation_on_an_immutable_field_is_refused_with_the_reason() {
    for (field, _) in LOCKED {
        let mut s = settings_of(&source());
        s.more = format!(r#"[{{"op": "replace", "path": "/{field}", "value": "x"}}]"#);
        let e = check(&s, &source());
        assert!(
            e["more"].contains(&format!("{field} cannot change")),
            "{field}: {e:?}"
        );
    }
    let mut s = settings_of(&source());
    s.more = r#"[{"op": "replace", "path": "/connector/x", "value": 1}]"#.into();
    assert!(check(&s, &source())["more"].contains("connector cannot change"));
    s.more = r#"{"op": "replace"}"#.into();
    assert!(check(&s, &source())["more"].contains("array"));
    s.more = r#"[{"op": "move", "path": "/a", "from": "/b"}]"#.into();
    assert!(check(&s, &source())["more"].contains("add, replace or remove"));
    s.more = r#"[{"op": "add", "path": "/cluster"}]"#.into();
    assert!(check(&s, &source())["more"].contains("needs a value"));
}

#[test]
fn hand_typed_operations_go_last_and_are_held_when_read_back() {
    let mut s = settings_of(&source());
    s.description = "HR, daily".into();
    s.more =
        r#"[{"op": "add", "path": "/cluster", "value": {"type": "CLUSTER", "id": "c1"}}]"#.into();
    let ops = patch(&source(), &s);
    assert_eq!(ops.len(), 2);
    assert_eq!(ops[1]["path"], "/cluster");
    let mut after = applied(&source(), &ops);
    // The tenant adds the cluster's name: still what was sent.
    after["cluster"]["name"] = json!("Main");
    assert!(holds(&after, &ops));
}

#[test]
fn fields_a_source_lacks_are_added_not_replaced() {
    let old = json!({"id": "x", "name": "n", "owner": {"type": "IDENTITY", "id": OWNER}});
    let mut s = settings_of(&old);
    s.description = "new".into();
    s.delete_threshold = "5".into();
    s.features = vec!["PROVISIONING".into()];
    s.connector_attributes = r#"{"delimiter": ","}"#.into();
    let ops = patch(&old, &s);
    assert!(ops.iter().all(|o| o["op"] == "add"), "{ops:?}");
    let after = applied(&old, &ops);
    let mut back = settings_of(&after);
    back.connector_attributes = s.connector_attributes.clone();
    assert_eq!(back, s);
}

proptest! {
    /// Any change of connector attributes, sent as the patch, leaves exactly the new object.
    #[test]
    fn connector_attribute_patches_reach_the_new_object(
        old in prop::collection::btree_map("[a-c~/]{1,3}", 0u8..4, 0..5),
        new in prop::collection::btree_map("[a-c~/]{1,3}", 0u8..4, 0..5),
    ) {
        let mut src = source();
        src["connectorAttributes"] = json!(old);
        let mut s = settings_of(&src);
        s.connector_attributes = serde_json::to_string(&new).unwrap();
        let ops = patch(&src, &s);
        let after = applied(&src, &ops);
        let want = if new.is_empty() && old.is_empty() { json!(old) } else { json!(new) };
        prop_assert_eq!(&after["connectorAttributes"], &want);
        prop_assert!(holds(&after, &ops));
    }
}
