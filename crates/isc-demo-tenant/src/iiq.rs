//! A demo IdentityIQ: the SCIM 2.0 endpoints of `iiq-scim-subset.yaml` (Accounts,
//! Applications, Schemas, ServiceProviderConfig) plus `/Users` for the identity search,
//! under `/identityiq/scim/v2`, behind HTTP Basic (`spadmin` / `admin`, IdentityIQ's
//! out-of-the-box administrator). Three applications with different account schemas (one
//! with required extension attributes, one with multi-valued ones), identities and
//! accounts. It enforces what the description says: the identity, the application, the
//! native identity and the application's extension object are required on create and
//! update; each extension attribute has its schema's type, canonical values and
//! mutability; a native identity is unique per application; `password` is write-only.

use isc_core::http::{decode_component, ApiRequest, ApiResponse, Method};
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// Where the SCIM endpoints are served.
pub const PREFIX: &str = "/identityiq/scim/v2";
/// The demo's administrator.
pub const USER: &str = "spadmin";
pub const PASSWORD: &str = "admin";
/// The `Authorization` header of [`USER`] and [`PASSWORD`] (so that the console's wasm needs
/// no base64 for the demo).
pub const BASIC: &str = "Basic c3BhZG1pbjphZG1pbg==";

const APP_PREFIX: &str = "urn:ietf:params:scim:schemas:sailpoint:1.0:Application:Schema:";
const ACCOUNT_URN: &str = "urn:ietf:params:scim:schemas:sailpoint:1.0:Account";
const LIST_URN: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR_URN: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
const SCIM_JSON: &str = "application/scim+json";
const JSON: &str = "application/json";
/// The most results one page holds (`filter.maxResults`).
const MAX_RESULTS: u64 = 1000;

/// The demo IdentityIQ's data.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Iiq {
    pub users: Vec<Value>,
    pub apps: Vec<Value>,
    /// Account schemas, by application name.
    pub schemas: Vec<(String, Vec<Value>)>,
    pub accounts: Vec<Value>,
    next: u64,
    /// Writes, for the clock in `meta`.
    clock: u64,
}

impl Default for Iiq {
    fn default() -> Self {
        Iiq::seed()
    }
}

fn attr(
    name: &str,
    kind: &str,
    required: bool,
    multi: bool,
    mutability: &str,
    desc: &str,
) -> Value {
    json!({
        "name": name, "type": kind, "multiValued": multi, "description": desc,
        "required": required, "caseExact": false, "mutability": mutability,
        "returned": "default", "uniqueness": "none"
    })
}

fn with_canonical(mut a: Value, values: &[&str]) -> Value {
    a["canonicalValues"] = json!(values);
    a
}

fn scim_error(status: u16, kind: &str, detail: &str) -> ApiResponse {
    let mut body = json!({"schemas": [ERROR_URN], "status": status.to_string(), "detail": detail});
    if !kind.is_empty() {
        body["scimType"] = json!(kind);
    }
    typed(ApiResponse::json(status, &body), SCIM_JSON)
}

fn typed(mut r: ApiResponse, ct: &str) -> ApiResponse {
    r.headers
        .retain(|(k, _)| !k.eq_ignore_ascii_case("content-type"));
    r.headers.push(("Content-Type".into(), ct.into()));
    r
}

fn lookup<'a>(v: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(v, |v, k| v.get(k))
}

/// One `attr op "value"` of a SCIM filter; the parts of a filter are joined by `and`.
struct Cond {
    attr: String,
    op: String,
    value: String,
}

fn parse_filter(f: &str, allowed: &[&str]) -> Result<Vec<Cond>, String> {
    let mut out = Vec::new();
    let mut rest = f.trim();
    loop {
        let (attr, r) = rest
            .split_once(' ')
            .ok_or_else(|| format!("cannot read the filter at “{rest}”"))?;
        let (op, r) = r
            .trim_start()
            .split_once(' ')
            .ok_or_else(|| format!("no value after “{attr}”"))?;
        let op = op.to_ascii_lowercase();
        if !["eq", "ne", "sw", "ew", "co"].contains(&op.as_str()) {
            return Err(format!("the operator “{op}” is not supported"));
        }
        if !allowed.contains(&attr) {
            return Err(format!("filtering by “{attr}” is not supported"));
        }
        let r = r.trim_start();
        let body = r
            .strip_prefix('"')
            .ok_or_else(|| format!("the value for “{attr}” is not a quoted string"))?;
        let mut value = String::new();
        let mut end = None;
        let mut chars = body.char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => {
                    if let Some((_, n)) = chars.next() {
                        value.push(n);
                    }
                }
                '"' => {
                    end = Some(i + 1);
                    break;
                }
                c => value.push(c),
            }
        }
        let end = end.ok_or_else(|| format!("the value for “{attr}” has no closing quote"))?;
        out.push(Cond {
            attr: attr.to_string(),
            op,
            value,
        });
        let after = body[end..].trim_start();
        if after.is_empty() {
            return Ok(out);
        }
        rest = match after.get(..4) {
            Some(a) if a.eq_ignore_ascii_case("and ") => &after[4..],
            _ => return Err(format!("only “and” joins filters, at “{after}”")),
        };
    }
}

fn matches(v: &Value, conds: &[Cond]) -> bool {
    conds.iter().all(|c| {
        let got = lookup(v, &c.attr)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_lowercase();
        let want = c.value.to_lowercase();
        match c.op.as_str() {
            "eq" => got == want,
            "ne" => got != want,
            "sw" => got.starts_with(&want),
            "ew" => got.ends_with(&want),
            _ => got.contains(&want),
        }
    })
}

impl Iiq {
    /// The seed data.
    pub fn seed() -> Self {
        let mut t = Iiq {
            users: Vec::new(),
            apps: Vec::new(),
            schemas: Vec::new(),
            accounts: Vec::new(),
            next: 1,
            clock: 0,
        };
        for (user, name) in [
            ("Ada.Lovelace", "Ada Lovelace"),
            ("Alan.Turing", "Alan Turing"),
            ("Barbara.Jensen", "Barbara Jensen"),
            ("Edsger.Dijkstra", "Edsger Dijkstra"),
            ("Grace.Hopper", "Grace Hopper"),
            ("Katherine.Johnson", "Katherine Johnson"),
            ("Margaret.Hamilton", "Margaret Hamilton"),
            ("Radia.Perlman", "Radia Perlman"),
        ] {
            let id = t.id();
            t.users
                .push(json!({"id": id, "userName": user, "displayName": name, "active": true}));
        }
        let hr = vec![
            with_canonical(
                attr(
                    "department",
                    "string",
                    true,
                    false,
                    "readWrite",
                    "The department the person works in.",
                ),
                &["Engineering", "Finance", "IT", "Sales"],
            ),
            attr(
                "employeeNumber",
                "integer",
                true,
                false,
                "immutable",
                "The HR employee number; set once.",
            ),
            attr("title", "string", false, false, "readWrite", "Job title."),
            attr(
                "startDate",
                "dateTime",
                false,
                false,
                "readWrite",
                "First day of work.",
            ),
            attr(
                "contractor",
                "boolean",
                false,
                false,
                "readWrite",
                "Whether the person is a contractor.",
            ),
            attr(
                "lastLogin",
                "dateTime",
                false,
                false,
                "readOnly",
                "Set by the application.",
            ),
        ];
        let ldap = vec![
            attr(
                "mail",
                "string",
                false,
                false,
                "readWrite",
                "E-mail address.",
            ),
            attr(
                "memberOf",
                "string",
                false,
                true,
                "readWrite",
                "Groups the account is a member of (DNs).",
            ),
            with_canonical(
                attr(
                    "objectClass",
                    "string",
                    false,
                    true,
                    "readWrite",
                    "LDAP object classes.",
                ),
                &["inetOrgPerson", "organizationalPerson", "person", "top"],
            ),
            attr(
                "uidNumber",
                "integer",
                false,
                false,
                "readWrite",
                "POSIX user id.",
            ),
        ];
        let desk = vec![
            with_canonical(
                attr(
                    "role",
                    "string",
                    false,
                    false,
                    "readWrite",
                    "What the person may do in the service desk.",
                ),
                &["admin", "agent", "viewer"],
            ),
            attr(
                "region",
                "string",
                false,
                false,
                "readWrite",
                "Queue region.",
            ),
        ];
        for (name, kind, attrs) in [
            ("HR Directory", "Delimited File", hr),
            ("Corporate LDAP", "LDAP", ldap),
            ("Service Desk", "Web Services", desk),
        ] {
            let id = t.id();
            t.apps.push(json!({
                "id": id, "name": name, "type": kind,
                "descriptions": [{"locale": "en_US", "value": format!("The demo's {name}.")}],
                "features": ["PROVISIONING", "SEARCH"],
                "owner": {"displayName": "Ada Lovelace", "value": t.users[0]["id"]},
                "applicationSchemas": {"value": format!("{APP_PREFIX}{name}:account"), "type": "account"}
            }));
            t.schemas.push((name.to_string(), attrs));
        }
        let seed: [(usize, usize, &str, &str, Value); 7] = [
            (
                0,
                0,
                "1001",
                "Ada Lovelace",
                json!({"department": "Engineering", "employeeNumber": 1001, "title": "Analyst"}),
            ),
            (
                0,
                1,
                "1002",
                "Alan Turing",
                json!({"department": "IT", "employeeNumber": 1002, "contractor": false}),
            ),
            (
                0,
                4,
                "1005",
                "Grace Hopper",
                json!({"department": "Engineering", "employeeNumber": 1005, "startDate": "2019-03-01T09:00:00Z"}),
            ),
            (
                1,
                0,
                "cn=ada,ou=people,dc=demo",
                "Ada Lovelace",
                json!({"mail": "ada@demo.example", "memberOf": ["cn=engineering,ou=groups,dc=demo", "cn=vpn,ou=groups,dc=demo"], "objectClass": ["inetOrgPerson", "top"]}),
            ),
            (
                1,
                2,
                "cn=barbara,ou=people,dc=demo",
                "Barbara Jensen",
                json!({"mail": "bjensen@demo.example", "memberOf": ["cn=finance,ou=groups,dc=demo"], "objectClass": ["inetOrgPerson", "top"]}),
            ),
            (
                2,
                5,
                "kjohnson",
                "Katherine Johnson",
                json!({"role": "agent", "region": "EMEA"}),
            ),
            (
                2,
                6,
                "mhamilton",
                "Margaret Hamilton",
                json!({"role": "admin", "region": "AMER"}),
            ),
        ];
        for (app, user, native, display, ext) in seed {
            let (a, u) = (t.apps[app].clone(), t.users[user].clone());
            let id = t.id();
            let name = a["name"].as_str().unwrap_or_default().to_string();
            t.accounts.push(json!({
                "id": id,
                "identity": {"value": u["id"], "userName": u["userName"], "displayName": u["displayName"]},
                "application": {"value": a["id"], "displayName": name},
                "nativeIdentity": native, "displayName": display,
                "active": true, "locked": false, "manuallyCorrelated": false, "hasEntitlements": app == 1,
                format!("{APP_PREFIX}{name}:account"): ext,
                "created": "2026-01-05T08:00:00Z", "lastModified": "2026-01-05T08:00:00Z"
            }));
        }
        t
    }

    fn id(&mut self) -> String {
        let n = self.next;
        self.next += 1;
        format!("c0a8d1e5{n:024x}")
    }

    fn now(&mut self) -> String {
        self.clock += 1;
        let s = self.clock;
        format!(
            "2026-12-02T{:02}:{:02}:{:02}Z",
            10 + (s / 3600) % 12,
            (s / 60) % 60,
            s % 60
        )
    }

    fn schema_of(&self, app: &str) -> Option<&Vec<Value>> {
        self.schemas.iter().find(|(n, _)| n == app).map(|(_, a)| a)
    }

    /// Answers a call below [`PREFIX`]; `base` is the server's address (for `meta.location`).
    pub fn route(&mut self, req: &ApiRequest, base: &str) -> ApiResponse {
        let header = req.header("Authorization").unwrap_or("");
        if header != BASIC {
            return scim_error(
                401,
                "",
                "Authentication failed: the user name or password is wrong, or none was sent.",
            );
        }
        let root = format!("{}{PREFIX}", base.trim_end_matches('/'));
        let rest = req.path.strip_prefix(PREFIX).unwrap_or("");
        let segs: Vec<String> = rest
            .trim_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .map(decode_component)
            .collect();
        let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
        match (req.method, segs.as_slice()) {
            (Method::Get, ["ServiceProviderConfig"]) => self.config(&root),
            (Method::Get, ["Applications"]) => {
                let items = self.apps.iter().map(|a| self.app_out(a, &root)).collect();
                self.list(req, items, &["name", "type", "id"])
            }
            (Method::Get, ["Applications", id]) => {
                match self.apps.iter().find(|a| a["id"] == *id) {
                    Some(a) => typed(ApiResponse::json(200, &self.app_out(a, &root)), JSON),
                    None => scim_error(404, "noTarget", &format!("No application with id {id}.")),
                }
            }
            (Method::Get, ["Schemas"]) => {
                let items = self
                    .schemas
                    .iter()
                    .map(|(n, a)| schema_out(n, a, &root))
                    .collect();
                self.list(req, items, &[])
            }
            (Method::Get, ["Schemas", id]) => {
                let found = id
                    .strip_prefix(APP_PREFIX)
                    .and_then(|r| r.strip_suffix(":account"))
                    .and_then(|n| self.schema_of(n).map(|a| schema_out(n, a, &root)));
                match found {
                    Some(s) => typed(ApiResponse::json(200, &s), JSON),
                    None => scim_error(404, "noTarget", &format!("No schema with id {id}.")),
                }
            }
            (Method::Get, ["Users"]) => {
                let items = self
                    .users
                    .iter()
                    .map(|u| {
                        let mut u = u.clone();
                        u["schemas"] = json!(["urn:ietf:params:scim:schemas:core:2.0:User"]);
                        u["meta"] = json!({"resourceType": "User", "location": format!("{root}/Users/{}", u["id"].as_str().unwrap_or(""))});
                        u
                    })
                    .collect();
                self.list(req, items, &["userName", "displayName"])
            }
            (Method::Get, ["Accounts"]) => {
                let items = self
                    .accounts
                    .iter()
                    .map(|a| account_out(a, &root))
                    .collect();
                self.list(
                    req,
                    items,
                    &[
                        "application.value",
                        "application.displayName",
                        "displayName",
                        "nativeIdentity",
                        "identity.value",
                        "identity.userName",
                        "id",
                    ],
                )
            }
            (Method::Post, ["Accounts"]) => self.write(req, None, &root),
            (Method::Get, ["Accounts", id]) => {
                match self.accounts.iter().find(|a| a["id"] == *id) {
                    Some(a) => typed(ApiResponse::json(200, &account_out(a, &root)), JSON),
                    None => scim_error(404, "noTarget", &format!("No account with id {id}.")),
                }
            }
            (Method::Put, ["Accounts", id]) => {
                let id = id.to_string();
                self.write(req, Some(&id), &root)
            }
            (Method::Delete, ["Accounts", id]) => {
                let before = self.accounts.len();
                self.accounts.retain(|a| a["id"] != *id);
                if self.accounts.len() == before {
                    scim_error(404, "noTarget", &format!("No account with id {id}."))
                } else {
                    ApiResponse {
                        status: 204,
                        headers: vec![],
                        body: String::new(),
                    }
                }
            }
            (
                _,
                ["Accounts"]
                | ["Accounts", _]
                | ["Applications"]
                | ["Applications", _]
                | ["Schemas"]
                | ["Schemas", _]
                | ["ServiceProviderConfig"]
                | ["Users"],
            ) => scim_error(
                405,
                "",
                &format!("{} is not supported on {}.", req.method, req.path),
            ),
            _ => scim_error(404, "noTarget", &format!("No resource at {}.", req.path)),
        }
    }

    fn config(&self, root: &str) -> ApiResponse {
        let cfg = json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
            "documentationUri": "https://community.sailpoint.com/",
            "patch": {"supported": false},
            "etag": {"supported": false},
            "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
            "filter": {"supported": true, "maxResults": MAX_RESULTS},
            "changePassword": {"supported": true},
            "sort": {"supported": true},
            "authenticationSchemes": {
                "name": "HTTP Basic",
                "description": "Authentication Scheme using the Http Basic Standard.",
                "specUri": "http://www.ietf.org/rfc/rfc2617.txt",
                "type": "httpbasic"
            },
            "meta": {"location": format!("{root}/ServiceProviderConfig"), "resourceType": "ServiceProviderConfig"}
        });
        // The description's shape: a ListResponse holding the configuration.
        typed(
            ApiResponse::json(
                200,
                &json!({"totalResults": 1, "startIndex": 1, "schemas": [LIST_URN], "Resources": [cfg]}),
            ),
            SCIM_JSON,
        )
    }

    fn app_out(&self, a: &Value, root: &str) -> Value {
        let mut a = a.clone();
        let id = a["id"].as_str().unwrap_or("").to_string();
        let schema = a["applicationSchemas"]["value"]
            .as_str()
            .unwrap_or("")
            .to_string();
        a["applicationSchemas"]["$ref"] = json!(format!("{root}/Schemas/{schema}"));
        a["owner"]["$ref"] = json!(format!(
            "{root}/Users/{}",
            a["owner"]["value"].as_str().unwrap_or("")
        ));
        a["meta"] = json!({
            "created": "2026-01-05T08:00:00Z", "lastModified": "2026-01-05T08:00:00Z",
            "location": format!("{root}/Applications/{id}"), "resourceType": "Application",
            "version": "W\"1767600000000\""
        });
        a["schemas"] = json!(["urn:ietf:params:scim:schemas:sailpoint:1.0:Application"]);
        a
    }

    /// A page of `items`: `filter` (parts joined by `and`, on the `allowed` attributes),
    /// `sortBy`/`sortOrder`, `startIndex` (1-based) and `count`.
    fn list(&self, req: &ApiRequest, mut items: Vec<Value>, allowed: &[&str]) -> ApiResponse {
        let q = |k: &str| {
            req.query
                .iter()
                .rev()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.clone())
        };
        if let Some(f) = q("filter").filter(|f| !f.trim().is_empty()) {
            match parse_filter(&f, allowed) {
                Ok(c) => items.retain(|i| matches(i, &c)),
                Err(why) => {
                    return scim_error(400, "invalidFilter", &format!("Invalid filter: {why}."))
                }
            }
        }
        if let Some(by) = q("sortBy").filter(|s| !s.is_empty()) {
            let desc = match q("sortOrder").as_deref() {
                None | Some("ascending") => false,
                Some("descending") => true,
                Some(o) => {
                    return scim_error(
                        400,
                        "invalidValue",
                        &format!("sortOrder is ascending or descending, not {o}."),
                    )
                }
            };
            let key = |v: &Value| {
                lookup(v, &by)
                    .map(|x| {
                        x.as_str()
                            .map(str::to_lowercase)
                            .unwrap_or_else(|| x.to_string())
                    })
                    .unwrap_or_default()
            };
            items.sort_by(|a, b| {
                let o = key(a).cmp(&key(b));
                if desc {
                    o.reverse()
                } else {
                    o
                }
            });
        }
        let n = |k: &str, d: u64| -> Result<u64, ApiResponse> {
            match q(k) {
                None => Ok(d),
                Some(v) => v.parse::<u64>().map_err(|_| {
                    scim_error(
                        400,
                        "invalidValue",
                        &format!("{k} is a whole number, not {v}."),
                    )
                }),
            }
        };
        let start = match n("startIndex", 1) {
            Ok(s) => s.max(1),
            Err(r) => return r,
        };
        let count = match n("count", MAX_RESULTS) {
            Ok(c) => c.min(MAX_RESULTS),
            Err(r) => return r,
        };
        let total = items.len();
        let page: Vec<Value> = items
            .into_iter()
            .skip(start as usize - 1)
            .take(count as usize)
            .collect();
        typed(
            ApiResponse::json(
                200,
                &json!({"totalResults": total, "startIndex": start, "itemsPerPage": page.len(), "schemas": [LIST_URN], "Resources": page}),
            ),
            SCIM_JSON,
        )
    }

    /// `POST /Accounts` (`id` none) or `PUT /Accounts/{id}`.
    fn write(&mut self, req: &ApiRequest, id: Option<&str>, root: &str) -> ApiResponse {
        let old = match id {
            None => None,
            Some(id) => match self.accounts.iter().find(|a| a["id"] == id) {
                Some(a) => Some(a.clone()),
                None => return scim_error(404, "noTarget", &format!("No account with id {id}.")),
            },
        };
        let Some(body) = req
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str::<Value>(b).ok())
            .filter(Value::is_object)
        else {
            return scim_error(400, "invalidSyntax", "The body is not a JSON object.");
        };
        let refs = |k: &str| {
            body.get(k)
                .and_then(|o| o.get("value"))
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let (user_id, app_id) = (refs("identity"), refs("application"));
        let user = match find_ref(&self.users, &user_id, "identity") {
            Ok(u) => u,
            Err(r) => return r,
        };
        let app = match find_ref(&self.apps, &app_id, "application") {
            Ok(a) => a,
            Err(r) => return r,
        };
        let app_name = app["name"].as_str().unwrap_or_default().to_string();
        let native = body
            .get("nativeIdentity")
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_string();
        if native.is_empty() {
            return scim_error(400, "invalidValue", "nativeIdentity is required.");
        }
        if let Some(o) = &old {
            if o["nativeIdentity"] != native.as_str() {
                return scim_error(400, "mutability", "nativeIdentity is immutable.");
            }
            if o["application"]["value"] != app_id.as_str() {
                return scim_error(400, "mutability", "application is immutable.");
            }
        }
        let ext_key = format!("{APP_PREFIX}{app_name}:account");
        let ext = match body.get(&ext_key) {
            Some(Value::Object(m)) => m.clone(),
            _ => {
                return scim_error(
                    400,
                    "invalidValue",
                    &format!("The account of {app_name} needs its extension object “{ext_key}”."),
                )
            }
        };
        let schema = self.schema_of(&app_name).cloned().unwrap_or_default();
        let old_ext = old
            .as_ref()
            .and_then(|o| o.get(&ext_key))
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let mut kept = Map::new();
        for k in ext.keys() {
            if !schema.iter().any(|a| a["name"] == k.as_str()) {
                return scim_error(
                    400,
                    "invalidValue",
                    &format!("{k} is not an attribute of {app_name}'s account schema."),
                );
            }
        }
        for a in &schema {
            let name = a["name"].as_str().unwrap_or_default();
            let mutability = a["mutability"].as_str().unwrap_or("readWrite");
            let given = ext.get(name).filter(|v| !v.is_null());
            if mutability == "readOnly" {
                if given.is_some() {
                    return scim_error(400, "mutability", &format!("{name} is read-only."));
                }
                if let Some(v) = old_ext.get(name) {
                    kept.insert(name.into(), v.clone());
                }
                continue;
            }
            if mutability == "immutable" && old.is_some() && given != old_ext.get(name) {
                return scim_error(
                    400,
                    "mutability",
                    &format!("{name} is immutable: it was set when the account was made."),
                );
            }
            match given {
                None if a["required"] == true => {
                    return scim_error(
                        400,
                        "invalidValue",
                        &format!("{name} is required for accounts of {app_name}."),
                    )
                }
                None => {}
                Some(v) => {
                    if let Err(why) = check_type(a, v) {
                        return scim_error(400, "invalidValue", &format!("{name}: {why}"));
                    }
                    kept.insert(name.into(), v.clone());
                }
            }
        }
        let taken = self.accounts.iter().any(|a| {
            a["application"]["value"] == app_id.as_str()
                && a["nativeIdentity"]
                    .as_str()
                    .is_some_and(|n| n.eq_ignore_ascii_case(&native))
                && Some(a["id"].as_str().unwrap_or("")) != id
        });
        if taken {
            return scim_error(
                409,
                "uniqueness",
                &format!("An account {native} exists already on {app_name}."),
            );
        }
        let now = self.now();
        let text = |k: &str| body.get(k).and_then(Value::as_str).map(str::to_string);
        let flag = |k: &str, d: bool| body.get(k).and_then(Value::as_bool).unwrap_or(d);
        if let Some(o) = &old {
            if flag("locked", false) && o["locked"] != true {
                return scim_error(
                    400,
                    "mutability",
                    "An account can be unlocked through SCIM, not locked.",
                );
            }
        }
        let acc_id = match id {
            Some(i) => i.to_string(),
            None => self.id(),
        };
        let created = old
            .as_ref()
            .and_then(|o| o["created"].as_str().map(str::to_string))
            .unwrap_or_else(|| now.clone());
        let mut acc = json!({
            "id": acc_id,
            "identity": {"value": user["id"], "userName": user["userName"], "displayName": user["displayName"]},
            "application": {"value": app["id"], "displayName": app_name},
            "nativeIdentity": native,
            "active": flag("active", old.as_ref().and_then(|o| o["active"].as_bool()).unwrap_or(true)),
            "locked": flag("locked", old.as_ref().and_then(|o| o["locked"].as_bool()).unwrap_or(false)),
            "manuallyCorrelated": true,
            "hasEntitlements": kept.contains_key("memberOf"),
            ext_key: kept,
            "created": created, "lastModified": now
        });
        if let Some(d) = text("displayName").filter(|d| !d.trim().is_empty()) {
            acc["displayName"] = json!(d);
        }
        // `password` is write-only: taken, never kept or returned.
        let out = account_out(&acc, root);
        match id {
            None => {
                self.accounts.push(acc);
                let loc = out["meta"]["location"].as_str().unwrap_or("").to_string();
                typed(ApiResponse::json(201, &out), JSON).with_header("Location", loc)
            }
            Some(id) => {
                if let Some(slot) = self.accounts.iter_mut().find(|a| a["id"] == id) {
                    *slot = acc;
                }
                typed(ApiResponse::json(200, &out), JSON)
            }
        }
    }
}

/// The identity or application an account names by `value`, or the SCIM error for it.
fn find_ref(list: &[Value], id: &str, what: &str) -> Result<Value, ApiResponse> {
    match list.iter().find(|x| x["id"] == id) {
        Some(x) => Ok(x.clone()),
        None if id.is_empty() => Err(scim_error(
            400,
            "invalidValue",
            &format!("{what}.value is required."),
        )),
        None => Err(scim_error(
            400,
            "invalidValue",
            &format!("No {what} with id {id}."),
        )),
    }
}

fn check_type(a: &Value, v: &Value) -> Result<(), String> {
    let multi = a["multiValued"] == true;
    let values: Vec<&Value> = match (multi, v) {
        (true, Value::Array(xs)) => xs.iter().collect(),
        (true, _) => return Err("is multi-valued: send a list".into()),
        (false, Value::Array(_)) => return Err("takes one value, not a list".into()),
        (false, x) => vec![x],
    };
    let kind = a["type"].as_str().unwrap_or("string");
    let canonical: Vec<&str> = a["canonicalValues"]
        .as_array()
        .map(|c| c.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    for x in values {
        let ok = match kind {
            "boolean" => x.is_boolean(),
            "integer" => x.is_i64() || x.is_u64(),
            "decimal" => x.is_number(),
            "dateTime" => x.as_str().is_some_and(isc_core::iiq::is_date_time),
            _ => x.is_string(),
        };
        if !ok {
            return Err(format!("{x} is not a {kind}"));
        }
        if let Some(s) = x.as_str() {
            if !canonical.is_empty() && !canonical.contains(&s) {
                return Err(format!("“{s}” is not one of {}", canonical.join(", ")));
            }
        }
    }
    Ok(())
}

fn schema_out(app: &str, attrs: &[Value], root: &str) -> Value {
    let id = format!("{APP_PREFIX}{app}:account");
    json!({
        "id": id, "name": "account",
        "description": format!("The account schema of {app}."),
        "attributes": attrs,
        "meta": {"location": format!("{root}/Schemas/{id}"), "resourceType": "Schema", "version": "W\"1767600000000\""},
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"]
    })
}

fn account_out(a: &Value, root: &str) -> Value {
    let mut out = a.clone();
    let id = a["id"].as_str().unwrap_or("").to_string();
    let app = a["application"]["displayName"]
        .as_str()
        .unwrap_or("")
        .to_string();
    if let Some(o) = out.as_object_mut() {
        let created = o.remove("created").unwrap_or(Value::Null);
        let modified = o.remove("lastModified").unwrap_or(Value::Null);
        o.insert(
            "uuid".into(),
            json!(format!(
                "{{{}-{}-{}-{}-{}}}",
                &id[..8.min(id.len())],
                "0000",
                "4000",
                "8000",
                id.get(20..).unwrap_or("")
            )),
        );
        o.insert(
            "meta".into(),
            json!({
                "created": created, "lastModified": modified,
                "location": format!("{root}/Accounts/{id}"), "resourceType": "Account",
                "version": "W\"1767600000000\""
            }),
        );
        o.insert(
            "schemas".into(),
            json!([ACCOUNT_URN, format!("{APP_PREFIX}{app}:account")]),
        );
        let user = a["identity"]["value"].as_str().unwrap_or("");
        o["identity"]["ref"] = json!(format!("{root}/Users/{user}"));
        let app_id = a["application"]["value"].as_str().unwrap_or("");
        o["application"]["ref"] = json!(format!("{root}/Applications/{app_id}"));
    }
    out
}

#[cfg(test)]
mod tests {
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
}
