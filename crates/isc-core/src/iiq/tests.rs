use super::*;
use crate::http::Method;
use serde_json::json;

fn hr_schema() -> Schema {
    parse_schema(&json!({
        "id": account_schema_id("HR Directory"),
        "name": "account",
        "attributes": [
            {"name": "department", "type": "string", "required": true, "mutability": "readWrite",
             "canonicalValues": ["Finance", "IT", "Sales"]},
            {"name": "employeeNumber", "type": "integer", "required": true, "mutability": "immutable"},
            {"name": "groups", "type": "string", "multiValued": true, "mutability": "readWrite"},
            {"name": "startDate", "type": "dateTime", "mutability": "readWrite"},
            {"name": "contractor", "type": "boolean", "mutability": "readWrite"},
            {"name": "lastLogin", "type": "dateTime", "mutability": "readOnly"}
        ]
    }))
}

fn hr_app() -> App {
    parse_app(&json!({"id": "a1", "name": "HR Directory", "type": "Delimited File"}))
}

fn filled() -> AccountForm {
    let mut f = AccountForm {
        identity: Ref {
            value: "u1".into(),
            display: "Ada Lovelace".into(),
        },
        native_identity: "ada".into(),
        display_name: "Ada".into(),
        password: "pw-Secret-1".into(),
        ..Default::default()
    };
    f.values.insert("department".into(), "IT".into());
    f.values.insert("employeeNumber".into(), "1042".into());
    f.values
        .insert("groups".into(), "admins\n\n staff \n".into());
    f
}

#[test]
fn requests_go_to_the_scim_paths_with_the_scim_media_type() {
    let c = create_account(&json!({"a": 1}));
    assert_eq!((c.method, c.path.as_str()), (Method::Post, "/Accounts"));
    assert_eq!(c.header("Content-Type"), Some(SCIM_JSON));
    assert_eq!(c.header("Accept"), Some(SCIM_JSON));
    let s = schema(&account_schema_id("HR Directory"));
    assert_eq!(
        s.path,
        "/Schemas/urn%3Aietf%3Aparams%3Ascim%3Aschemas%3Asailpoint%3A1.0%3AApplication%3ASchema%3AHR%20Directory%3Aaccount"
    );
    assert_eq!(delete_account("a b").path, "/Accounts/a%20b");
    let a = applications("HR \"x\"", 26);
    assert_eq!(
        a.query,
        vec![
            ("startIndex".to_string(), "26".to_string()),
            ("count".to_string(), "25".to_string()),
            ("filter".to_string(), "name sw \"HR \\\"x\\\"\"".to_string())
        ]
    );
}

#[test]
fn the_accounts_filter_joins_what_was_asked_with_and() {
    let q = AccountQuery {
        application: "a1".into(),
        display_name: "Ad".into(),
        native_identity: String::new(),
        sort_by: "displayName".into(),
        descending: true,
        start_index: 0,
    };
    assert_eq!(
        q.filter(),
        "application.value eq \"a1\" and displayName sw \"Ad\""
    );
    let r = accounts(&q);
    let get = |k: &str| {
        r.query
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("sortOrder"), Some("descending"));
    assert_eq!(get("startIndex"), Some("1"));
    assert_eq!(
        accounts(&AccountQuery::default())
            .query
            .iter()
            .filter(|(k, _)| k == "filter")
            .count(),
        0
    );
}

#[test]
fn curl_for_identityiq_uses_basic_variables_and_hides_the_password() {
    let body = build_account(&hr_app(), &hr_schema(), &filled(), None).unwrap();
    let mut r = create_account(&body);
    r.base = "https://iiq.example/identityiq/scim/v2".into();
    r.set_header("Authorization", basic_auth("spadmin", "admin"));
    let c = r.to_curl();
    assert!(c.contains("-u \"$IIQ_USER:$IIQ_PASSWORD\""), "{c}");
    assert!(!c.contains("Basic"), "{c}");
    assert!(!c.contains("pw-Secret-1"), "{c}");
    assert!(!c.contains("Bearer"), "{c}");
    assert!(c.contains("https://iiq.example/identityiq/scim/v2/Accounts"));
}

#[test]
fn basic_auth_is_base64_of_utf8() {
    assert_eq!(basic_auth("spadmin", "admin"), "Basic c3BhZG1pbjphZG1pbg==");
    assert_eq!(basic_auth("é", "x"), "Basic w6k6eA==");
}

#[test]
fn the_base_url_needs_https_and_a_path() {
    assert_eq!(
        parse_base(" https://iiq.example/identityiq/scim/v2/ ").unwrap(),
        "https://iiq.example/identityiq/scim/v2"
    );
    assert_eq!(
        parse_base("http://127.0.0.1:9292/identityiq/scim/v2").unwrap(),
        "http://127.0.0.1:9292/identityiq/scim/v2"
    );
    assert!(parse_base("http://iiq.example/identityiq/scim/v2").is_err());
    assert_eq!(
        parse_base("https://iiq.example").unwrap(),
        "https://iiq.example"
    );
    assert!(parse_base("https://iiq.example/scim?x=1").is_err());
    assert!(parse_base("").is_err());
    let e = validate_connect("https://iiq.example/x", "a:b", "").unwrap_err();
    let fields: Vec<_> = e.iter().map(|(f, _)| *f).collect();
    assert_eq!(fields, vec!["iiq-user", "iiq-password"]);
}

#[test]
fn a_missing_required_extension_attribute_stops_the_create() {
    let mut f = filled();
    f.values.remove("department");
    let e = build_account(&hr_app(), &hr_schema(), &f, None).unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].field, "department");
    assert!(e[0].message.contains("required"));
}

#[test]
fn every_wrong_value_is_named_and_nothing_is_built() {
    let mut f = filled();
    f.identity.value.clear();
    f.native_identity = "  ".into();
    f.values.insert("department".into(), "Marketing".into());
    f.values.insert("employeeNumber".into(), "12a".into());
    f.values
        .insert("startDate".into(), "2026-13-01T00:00:00Z".into());
    f.values.insert("contractor".into(), "yes".into());
    let e = build_account(&hr_app(), &hr_schema(), &f, None).unwrap_err();
    let fields: Vec<_> = e.iter().map(|x| x.field.as_str()).collect();
    assert_eq!(
        fields,
        vec![
            "identity",
            "nativeIdentity",
            "department",
            "employeeNumber",
            "startDate",
            "contractor"
        ]
    );
    assert!(e[2].message.contains("Finance, IT, Sales"));
}

#[test]
fn the_payload_puts_attributes_in_the_application_extension() {
    let mut f = filled();
    f.values
        .insert("startDate".into(), "2026-12-02T09:30:00.5+01:00".into());
    f.values.insert("contractor".into(), "false".into());
    f.values
        .insert("lastLogin".into(), "2026-12-02T09:30:00Z".into());
    let b = build_account(&hr_app(), &hr_schema(), &f, None).unwrap();
    let key = "urn:ietf:params:scim:schemas:sailpoint:1.0:Application:Schema:HR Directory:account";
    assert_eq!(b["schemas"], json!([ACCOUNT_URN, key]));
    assert_eq!(b["identity"]["value"], "u1");
    assert_eq!(
        b["application"],
        json!({"value": "a1", "displayName": "HR Directory"})
    );
    assert_eq!(b["nativeIdentity"], "ada");
    assert_eq!(b["password"], "pw-Secret-1");
    assert_eq!(
        b[key],
        json!({"department": "IT", "employeeNumber": 1042, "groups": ["admins", "staff"],
               "startDate": "2026-12-02T09:30:00.5+01:00", "contractor": false})
    );
    assert!(
        b[key].get("lastLogin").is_none(),
        "read-only attributes are never sent"
    );
    assert!(b.get("active").is_none());
}

#[test]
fn an_update_keeps_immutable_values_and_refuses_a_new_native_identity() {
    let created = {
        let mut b = build_account(&hr_app(), &hr_schema(), &filled(), None).unwrap();
        b["id"] = json!("acc1");
        b
    };
    let mut form = form_of(&created, &hr_schema());
    assert_eq!(form.values["groups"], "admins\nstaff");
    assert_eq!(form.password, "");
    form.values.insert("department".into(), "Sales".into());
    form.values.insert("employeeNumber".into(), "9".into());
    let b = build_account(&hr_app(), &hr_schema(), &form, Some(&created)).unwrap();
    let key = account_schema_id("HR Directory");
    assert_eq!(b[&key]["department"], "Sales");
    assert_eq!(b[&key]["employeeNumber"], 1042, "immutable: kept as read");
    form.native_identity = "ada2".into();
    let e = build_account(&hr_app(), &hr_schema(), &form, Some(&created)).unwrap_err();
    assert_eq!(e[0].field, "nativeIdentity");
}

#[test]
fn scim_errors_become_one_sentence() {
    let body = json!({"schemas": [ERROR_URN], "status": "409", "scimType": "uniqueness",
                      "detail": "Account ada exists on HR Directory"})
    .to_string();
    assert_eq!(
        error_sentence(&body).unwrap(),
        "IdentityIQ refused it (409, uniqueness (one with that value exists already)): Account ada exists on HR Directory"
    );
    assert_eq!(error_sentence("{\"id\": 1}"), None);
    assert_eq!(error_sentence("<html>"), None);
    let e = crate::ApiError::from_response(
        Method::Post,
        "/Accounts",
        &crate::ApiResponse::json(409, &serde_json::from_str(&body).unwrap()),
    );
    assert!(e.to_string().contains("Account ada exists"), "{e}");
}

#[test]
fn features_read_the_object_or_the_list_shape() {
    let cfg = json!({"filter": {"supported": true, "maxResults": 1000}, "sort": {"supported": true},
                     "patch": {"supported": false}, "authenticationSchemes": {"name": "HTTP Basic"}});
    let listed = json!({"totalResults": 1, "Resources": [cfg.clone()]});
    for v in [cfg, listed] {
        let f = parse_features(&v.to_string()).unwrap();
        assert!(f.filter && f.sort && !f.patch);
        assert_eq!(f.max_results, Some(1000));
        assert_eq!(f.auth, vec!["HTTP Basic"]);
        assert_eq!(f.lines()[0].1, "supported, at most 1000 results");
    }
    assert!(parse_features("[]").is_err());
}

#[test]
fn lists_page_by_start_index() {
    let p = parse_list(
        &json!({"totalResults": 30, "startIndex": 26, "Resources": [{}, {}, {}, {}, {}]})
            .to_string(),
    )
    .unwrap();
    assert_eq!(p.next(), None);
    assert_eq!(p.range(), "26–30 of 30");
    let p = parse_list(
        &json!({"totalResults": 30, "startIndex": 1, "Resources": vec![json!({}); 25]}).to_string(),
    )
    .unwrap();
    assert_eq!(p.next(), Some(26));
    assert!(parse_list("{\"Resources\": 3}").is_err());
}

#[test]
fn applications_and_accounts_are_read_for_display() {
    let a = parse_app(
        &json!({"id": "a1", "name": "LDAP", "applicationSchemas": [{"type": "group", "value": "g"}, {"type": "account", "value": "urn:x"}]}),
    );
    assert_eq!(a.account_schema, "urn:x");
    assert_eq!(hr_app().account_schema, account_schema_id("HR Directory"));
    let key = account_schema_id("LDAP");
    let acc = json!({"id": "x", "nativeIdentity": "cn=ada", "identity": {"userName": "ada"}, key.clone(): {"memberOf": ["a", "b"]}});
    let (app, ext) = extension(&acc).unwrap();
    assert_eq!(app, "LDAP");
    assert_eq!(shown_value(&ext["memberOf"], ", "), "a, b");
    assert_eq!(parse_account(&acc).identity, "ada");
}

#[test]
fn date_times_follow_rfc_3339() {
    for ok in ["2026-12-02T09:30:00Z", "2026-12-02t09:30:00.123-05:00"] {
        assert!(is_date_time(ok), "{ok}");
    }
    for bad in [
        "2026-12-02",
        "2026-12-02T25:00:00Z",
        "2026-12-02T09:30:00",
        "2026-12-02T09:30:00+0100",
    ] {
        assert!(!is_date_time(bad), "{bad}");
    }
}

#[test]
fn the_accounts_list_state_survives_its_address() {
    let q = AccountQuery {
        application: "a 1".into(),
        display_name: "Ad".into(),
        native_identity: String::new(),
        sort_by: "nativeIdentity".into(),
        descending: true,
        start_index: 26,
    };
    let url = q.to_url();
    assert_eq!(
        url,
        "/iiq/accounts?application=a%201&name=Ad&sort=nativeIdentity&order=desc&start=26"
    );
    let back =
        AccountQuery::from_query(&crate::route::Query::parse(url.split_once('?').unwrap().1));
    assert_eq!(back, q);
    assert_eq!(AccountQuery::default().to_url(), "/iiq/accounts");
    let odd = AccountQuery::from_query(&crate::route::Query::parse("sort=password&start=0"));
    assert_eq!((odd.sort_by.as_str(), odd.start_index), ("", 1));
}

#[test]
fn saved_connections_keep_base_and_user_only_most_recent_first() {
    let a = SavedIiq {
        base: "https://a.example/identityiq/scim/v2".into(),
        user: "spadmin".into(),
    };
    let b = SavedIiq {
        base: "https://b.example/scim".into(),
        user: "ops".into(),
    };
    let mut list = vec![];
    remember(&mut list, a.clone());
    remember(&mut list, b.clone());
    remember(&mut list, a.clone());
    assert_eq!(list, vec![a.clone(), b.clone()]);
    let stored = serde_json::to_string(&list).unwrap();
    assert!(!stored.contains("password"));
    assert_eq!(read_saved(Some(&stored)), list);
    assert_eq!(read_saved(Some("not json")), vec![]);
    let odd =
        r#"[{"base": "ftp://x", "user": "u"}, {"base": "https://c.example/scim", "user": ""}]"#;
    assert_eq!(read_saved(Some(odd)), vec![]);
    for i in 0..12 {
        remember(
            &mut list,
            SavedIiq {
                base: format!("https://h{i}.example/scim"),
                user: "u".into(),
            },
        );
    }
    assert_eq!(list.len(), SAVED_MAX);
    assert_eq!(a.label(), "spadmin at https://a.example/identityiq/scim/v2");
}
