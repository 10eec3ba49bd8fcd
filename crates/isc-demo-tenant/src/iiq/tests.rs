use super::*;

fn call(t: &mut Iiq, method: Method, path: &str, body: Option<Value>) -> ApiResponse {
    let mut r = ApiRequest::new(method, "http://x", &format!("{PREFIX}{path}"));
    let (p, q) = path.split_once('?').unwrap_or((path, ""));
    r.path = format!("{PREFIX}{p}");
    r.query = isc_core::http::parse_form(q);
    r.set_header("Authorization", isc_core::iiq::basic_auth(USER, PASSWORD));
    if let Some(b) = body {
        r.set_header("Content-Type", SCIM_JSON);
        r.body = Some(b.to_string());
    }
    t.route(&r, "http://x")
}

fn body(r: &ApiResponse) -> Value {
    serde_json::from_str(&r.body).unwrap()
}

fn new_hr(t: &Iiq, native: &str, ext: Value) -> Value {
    json!({
        "identity": {"value": t.users[7]["id"]},
        "application": {"value": t.apps[0]["id"]},
        "nativeIdentity": native, "password": "Secret-1",
        format!("{APP_PREFIX}HR Directory:account"): ext
    })
}

#[test]
fn basic_auth_is_required() {
    assert_eq!(BASIC, isc_core::iiq::basic_auth(USER, PASSWORD));
    let mut t = Iiq::seed();
    let mut r = ApiRequest::new(Method::Get, "http://x", &format!("{PREFIX}/Accounts"));
    assert_eq!(t.route(&r, "http://x").status, 401);
    r.set_header("Authorization", isc_core::iiq::basic_auth(USER, "wrong"));
    assert_eq!(t.route(&r, "http://x").status, 401);
    assert_eq!(call(&mut t, Method::Get, "/Accounts", None).status, 200);
}

#[test]
fn create_enforces_the_application_schema() {
    let mut t = Iiq::seed();
    let b = new_hr(&t, "1100", json!({"employeeNumber": 1100}));
    let missing = call(&mut t, Method::Post, "/Accounts", Some(b));
    assert_eq!(missing.status, 400);
    assert_eq!(body(&missing)["scimType"], "invalidValue");
    assert!(body(&missing)["detail"]
        .as_str()
        .unwrap()
        .contains("department"));
    for bad in [
        json!({"department": "Marketing", "employeeNumber": 1}),
        json!({"department": "IT", "employeeNumber": "1"}),
        json!({"department": "IT", "employeeNumber": 1, "lastLogin": "2026-01-01T00:00:00Z"}),
        json!({"department": "IT", "employeeNumber": 1, "shoeSize": "9"}),
    ] {
        let b = new_hr(&t, "1100", bad.clone());
        assert_eq!(
            call(&mut t, Method::Post, "/Accounts", Some(b)).status,
            400,
            "{bad}"
        );
    }
    let n = t.accounts.len();
    let good = new_hr(
        &t,
        "1100",
        json!({"department": "IT", "employeeNumber": 1100}),
    );
    let ok = call(&mut t, Method::Post, "/Accounts", Some(good.clone()));
    assert_eq!(ok.status, 201, "{}", ok.body);
    let made = body(&ok);
    assert!(made.get("password").is_none(), "write-only");
    assert_eq!(made["identity"]["userName"], "Radia.Perlman");
    assert!(ok
        .header("Location")
        .unwrap()
        .ends_with(made["id"].as_str().unwrap()));
    assert_eq!(t.accounts.len(), n + 1);
    let again = call(&mut t, Method::Post, "/Accounts", Some(good));
    assert_eq!(
        (again.status, body(&again)["scimType"].as_str()),
        (409, Some("uniqueness"))
    );
}

#[test]
fn lists_filter_sort_and_page() {
    let mut t = Iiq::seed();
    let app = t.apps[0]["id"].as_str().unwrap().to_string();
    let r = call(&mut t, Method::Get, &format!("/Accounts?filter=application.value%20eq%20%22{app}%22&sortBy=displayName&sortOrder=descending&count=2"), None);
    let b = body(&r);
    assert_eq!(b["totalResults"], 3);
    assert_eq!(b["Resources"].as_array().unwrap().len(), 2);
    assert_eq!(b["Resources"][0]["displayName"], "Grace Hopper");
    let r = call(&mut t, Method::Get, "/Accounts?startIndex=3&count=2", None);
    assert_eq!(body(&r)["startIndex"], 3);
    let r = call(
        &mut t,
        Method::Get,
        "/Accounts?filter=password%20eq%20%22x%22",
        None,
    );
    assert_eq!(body(&r)["scimType"], "invalidFilter");
    let r = call(
        &mut t,
        Method::Get,
        "/Applications?filter=name%20sw%20%22corp%22",
        None,
    );
    assert_eq!(body(&r)["Resources"][0]["name"], "Corporate LDAP");
}

#[test]
fn update_keeps_immutables_and_delete_removes() {
    let mut t = Iiq::seed();
    let acc = t.accounts[0].clone();
    let id = acc["id"].as_str().unwrap().to_string();
    let mut b = new_hr(
        &t,
        "1001",
        json!({"department": "Sales", "employeeNumber": 1001}),
    );
    b["identity"]["value"] = acc["identity"]["value"].clone();
    assert_eq!(
        call(
            &mut t,
            Method::Put,
            &format!("/Accounts/{id}"),
            Some(b.clone())
        )
        .status,
        200
    );
    b[format!("{APP_PREFIX}HR Directory:account")]["employeeNumber"] = json!(5);
    assert_eq!(
        call(
            &mut t,
            Method::Put,
            &format!("/Accounts/{id}"),
            Some(b.clone())
        )
        .status,
        400
    );
    b["nativeIdentity"] = json!("other");
    assert_eq!(
        body(&call(
            &mut t,
            Method::Put,
            &format!("/Accounts/{id}"),
            Some(b)
        ))["scimType"],
        "mutability"
    );
    assert_eq!(
        call(&mut t, Method::Delete, &format!("/Accounts/{id}"), None).status,
        204
    );
    assert_eq!(
        call(&mut t, Method::Get, &format!("/Accounts/{id}"), None).status,
        404
    );
}

#[test]
fn the_page_demo_reaches_it_with_the_prefix_in_its_base() {
    let mut t = crate::DemoTenant::new(crate::Config::default());
    let mut r = ApiRequest::new(
        Method::Get,
        &format!("{}{PREFIX}", crate::DEMO_API_BASE),
        "/ServiceProviderConfig",
    );
    r.set_header("Authorization", BASIC);
    let reply = t.handle(&r, 0);
    assert_eq!(reply.response.status, 200, "{}", reply.response.body);
    let mut r = ApiRequest::new(
        Method::Get,
        "http://127.0.0.1:1",
        &format!("{PREFIX}/Applications"),
    );
    r.set_header("Authorization", BASIC);
    let b: Value = serde_json::from_str(&t.handle(&r, 0).response.body).unwrap();
    assert_eq!(
        b["Resources"][0]["meta"]["location"]
            .as_str()
            .unwrap()
            .split("/Applications")
            .next(),
        Some("http://127.0.0.1:1/identityiq/scim/v2")
    );
}

#[test]
fn the_account_schema_is_found_by_its_urn() {
    let mut t = Iiq::seed();
    let urn = isc_core::http::encode_component(&format!("{APP_PREFIX}Corporate LDAP:account"));
    let r = call(&mut t, Method::Get, &format!("/Schemas/{urn}"), None);
    assert_eq!(r.status, 200);
    let s = isc_core::iiq::parse_schema(&body(&r));
    assert!(s.attrs.iter().any(|a| a.name == "memberOf" && a.multi));
    let cfg = isc_core::iiq::parse_features(
        &call(&mut t, Method::Get, "/ServiceProviderConfig", None).body,
    )
    .unwrap();
    assert_eq!(cfg.max_results, Some(MAX_RESULTS));
}
