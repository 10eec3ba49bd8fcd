//! A source's account schema set up after the source is made: the template upload, JSON Patch
//! and PUT, in both generations, with the rules the tenant keeps.

use super::*;

fn new_csv_source(t: &mut DemoTenant, tok: &Token, prefix: &str) -> (String, String) {
    let owner = t.identities[1]["id"].clone();
    let r = t
        .handle(
            &ApiRequest::new(Method::Post, BASE, prefix)
                .with_header("Authorization", tok.bearer())
                .with_query("provisionAsCsv", "true")
                .with_json(&json!({"name": format!("Set up {prefix}"), "owner": {"type": "IDENTITY", "id": owner}, "connector": "delimited-file"})),
            5,
        )
        .response;
    assert_eq!(r.status, 201, "{}", r.body);
    let id = serde_json::from_str::<Value>(&r.body).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let list = get(t, tok, &format!("{prefix}/{id}/schemas"), &[], 6);
    let sch = serde_json::from_str::<Value>(&list.body).unwrap()[0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    (id, sch)
}

fn upload(t: &mut DemoTenant, tok: &Token, prefix: &str, id: &str, csv: &str) -> ApiResponse {
    let mut r = isc_core::api::sources::upload_account_template(
        if prefix.starts_with("/v3") {
            isc_core::api::Generation::Classic
        } else {
            isc_core::api::Generation::V1
        },
        id,
        ("people.csv", csv),
    );
    r.base = BASE.into();
    r.set_header("Authorization", tok.bearer());
    t.handle(&r, 10).response
}

#[test]
fn a_flat_file_schema_is_made_from_a_header_then_edited_in_both_generations() {
    for prefix in ["/sources/v1", "/v3/sources"] {
        let mut t = tenant();
        let tok = sign_in(&mut t, 0);
        let (id, sch) = new_csv_source(&mut t, &tok, prefix);
        let r = upload(
            &mut t,
            &tok,
            prefix,
            &id,
            "login,fullName,mail\r\nada,Ada,ada@x\r\n",
        );
        assert_eq!(r.status, 200, "{prefix}: {}", r.body);
        let s: Value = serde_json::from_str(&r.body).unwrap();
        assert_eq!(s["identityAttribute"], "login");
        assert_eq!(s["attributes"].as_array().unwrap().len(), 3);
        assert_eq!(s["attributes"][2]["type"], "STRING");
        // One attribute added by hand and made the display attribute.
        let ops = json!([
            {"op": "add", "path": "/attributes/-", "value": {"name": "dept", "type": "STRING", "schema": null, "description": "Department", "isMulti": false, "isEntitlement": false, "isGroup": false}},
            {"op": "replace", "path": "/displayAttribute", "value": "fullName"}
        ]);
        let r = send(
            &mut t,
            &tok,
            Method::Patch,
            &format!("{prefix}/{id}/schemas/{sch}"),
            Some(ops),
            11,
        );
        assert_eq!(r.status, 200, "{prefix}: {}", r.body);
        let back = get(
            &mut t,
            &tok,
            &format!("{prefix}/{id}/schemas/{sch}"),
            &[],
            12,
        );
        let s: Value = serde_json::from_str(&back.body).unwrap();
        assert_eq!(s["displayAttribute"], "fullName");
        assert_eq!(s["attributes"][3]["name"], "dept");
        // The template is the new header, joined by the source's delimiter.
        let tpl = get(
            &mut t,
            &tok,
            &format!("{prefix}/{id}/schemas/accounts"),
            &[],
            13,
        );
        assert_eq!(tpl.body, "login,fullName,mail,dept");
    }
}

#[test]
fn a_schema_change_the_tenant_refuses_changes_nothing() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let (id, sch) = new_csv_source(&mut t, &tok, "/sources/v1");
    assert_eq!(
        upload(&mut t, &tok, "/sources/v1", &id, "login,name\r\n").status,
        200
    );
    let path = format!("/sources/v1/{id}/schemas/{sch}");
    let before = get(&mut t, &tok, &path, &[], 20).body;
    for ops in [
        json!([{"op": "replace", "path": "/id", "value": "other"}]),
        json!([{"op": "replace", "path": "/name", "value": "other"}]),
        json!([{"op": "add", "path": "/attributes/-", "value": {"name": "LOGIN", "type": "STRING"}}]),
        json!([{"op": "add", "path": "/attributes/-", "value": {"name": "score", "type": "FLOAT"}}]),
        json!([{"op": "replace", "path": "/identityAttribute", "value": "nobody"}]),
        json!([{"op": "remove", "path": "/attributes/9"}]),
    ] {
        let r = send(&mut t, &tok, Method::Patch, &path, Some(ops.clone()), 21);
        assert_eq!(r.status, 400, "{ops}: {}", r.body);
    }
    // Without the JSON Patch content type: refused.
    let r = t
        .handle(
            &ApiRequest::new(Method::Patch, BASE, &path)
                .with_header("Authorization", tok.bearer())
                .with_json(&json!([])),
            22,
        )
        .response;
    assert_eq!(r.status, 415);
    assert_eq!(get(&mut t, &tok, &path, &[], 23).body, before);
    // A bad header, and a source that is no flat file.
    assert_eq!(
        upload(&mut t, &tok, "/sources/v1", &id, "login,,name\r\n").status,
        400
    );
    let ad = source_id(&t, "Active Directory");
    assert_eq!(
        upload(&mut t, &tok, "/sources/v1", &ad, "a,b\r\n").status,
        400
    );
    assert_eq!(get(&mut t, &tok, &path, &[], 24).body, before);
}

#[test]
fn a_put_keeps_the_id_and_name() {
    let mut t = tenant();
    let tok = sign_in(&mut t, 0);
    let (id, sch) = new_csv_source(&mut t, &tok, "/v3/sources");
    let path = format!("/v3/sources/{id}/schemas/{sch}");
    let mut s: Value = serde_json::from_str(&get(&mut t, &tok, &path, &[], 30).body).unwrap();
    s["attributes"] =
        json!([{"name": "uid", "type": "STRING", "isMulti": false, "isEntitlement": false}]);
    s["identityAttribute"] = json!("uid");
    s["displayAttribute"] = json!("uid");
    let r = send(&mut t, &tok, Method::Put, &path, Some(s.clone()), 31);
    assert_eq!(r.status, 200, "{}", r.body);
    let mut other = s.clone();
    other["id"] = json!("changed");
    assert_eq!(
        send(&mut t, &tok, Method::Put, &path, Some(other), 32).status,
        400
    );
    let mut renamed = s;
    renamed["name"] = json!("people");
    assert_eq!(
        send(&mut t, &tok, Method::Put, &path, Some(renamed), 33).status,
        400
    );
}
