//! Realistic seed data: identities, sources of several kinds with owners, connectors,
//! clusters, workgroups and identity profiles.

use serde_json::{json, Value};

/// A deterministic 32-hex id generator (splitmix64), so seeded ids are stable across runs.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Ids(u64);

impl Ids {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Ids(seed)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A new 32-hex id.
    pub fn hex32(&mut self) -> String {
        format!("{:016x}{:016x}", self.next_u64(), self.next_u64())
    }
}

/// First and last names to build identities from.
pub const PEOPLE: [(&str, &str); 30] = [
    ("Ada", "Lovelace"),
    ("Alan", "Turing"),
    ("Grace", "Hopper"),
    ("Edsger", "Dijkstra"),
    ("Barbara", "Liskov"),
    ("Donald", "Knuth"),
    ("Frances", "Allen"),
    ("Ken", "Thompson"),
    ("Margaret", "Hamilton"),
    ("Dennis", "Ritchie"),
    ("Radia", "Perlman"),
    ("Tony", "Hoare"),
    ("Katherine", "Johnson"),
    ("John", "Backus"),
    ("Shafi", "Goldwasser"),
    ("Leslie", "Lamport"),
    ("Hedy", "Lamarr"),
    ("Niklaus", "Wirth"),
    ("Annie", "Easley"),
    ("Bjarne", "Stroustrup"),
    ("Karen", "Sparck Jones"),
    ("Guido", "van Rossum"),
    ("Sophie", "Wilson"),
    ("James", "Gosling"),
    ("Adele", "Goldberg"),
    ("Vint", "Cerf"),
    ("Mary", "Kenneth Keller"),
    ("Tim", "Berners-Lee"),
    ("Evelyn", "Boyd Granville"),
    ("Whitfield", "Diffie"),
];

/// Public identities (`GET /v3/public-identities` shape).
pub fn identities(ids: &mut Ids) -> Vec<Value> {
    PEOPLE
        .iter()
        .map(|(first, last)| {
            let alias = format!(
                "{}.{}",
                first.to_lowercase(),
                last.to_lowercase().replace(' ', "")
            );
            json!({
                "id": ids.hex32(),
                "name": format!("{first} {last}"),
                "alias": alias,
                "email": format!("{alias}@acme-corp.example"),
                "status": "Active",
                "identityState": "ACTIVE",
                "manager": null,
                "attributes": []
            })
        })
        .collect()
}

/// Connectors (`GET /v3/connectors` shape): name, type, scriptName, directConnect.
pub fn connectors() -> Vec<Value> {
    [
        (
            "Active Directory",
            "Active Directory - Direct",
            "active-directory",
            true,
        ),
        ("Workday", "Workday", "workday", true),
        ("Delimited File", "DelimitedFile", "delimited-file", false),
        ("ServiceNow", "ServiceNow", "servicenow", true),
        ("Salesforce", "Salesforce", "salesforce", true),
        (
            "Microsoft Entra ID",
            "Azure Active Directory",
            "azure-active-directory",
            true,
        ),
        (
            "Google Workspace",
            "Google Apps - Direct",
            "google-apps",
            true,
        ),
        ("JDBC", "JDBC", "jdbc", true),
        ("SAP", "SAP - Direct", "sap", true),
        (
            "Web Services",
            "Web Services",
            "web-services-angularsc",
            true,
        ),
        ("LDAP", "LDAP - Direct", "openldap", true),
        ("Okta", "Okta", "okta-angularsc", true),
    ]
    .iter()
    .map(|(name, kind, script, direct)| {
        json!({
            "name": name, "type": kind, "scriptName": script,
            "className": format!("sailpoint.connector.{}", name.replace(' ', "")),
            "directConnect": direct, "status": "RELEASED", "features": ["PROVISIONING", "ENABLE"]
        })
    })
    .collect()
}

/// Managed clusters.
pub fn clusters(ids: &mut Ids) -> Vec<Value> {
    ["Austin VA Cluster", "Frankfurt VA Cluster"]
        .iter()
        .map(|n| json!({"id": ids.hex32(), "name": n, "type": "idn", "status": "NORMAL", "clientType": "CCG"}))
        .collect()
}

/// Governance groups (workgroups).
pub fn workgroups(ids: &mut Ids, owner: &Value) -> Vec<Value> {
    ["Source Admins", "HR Data Stewards", "Security Office"]
        .iter()
        .map(|n| {
            json!({"id": ids.hex32(), "name": n, "description": format!("{n} governance group"),
                "memberCount": 4, "connectionCount": 0,
                "owner": {"type": "IDENTITY", "id": owner["id"], "name": owner["name"]}})
        })
        .collect()
}

/// Sources of several kinds, each owned by a seeded identity.
pub fn sources(ids: &mut Ids, people: &[Value], clusters: &[Value]) -> Vec<Value> {
    let rows: [(&str, &str, &str, &str, bool, &str); 12] = [
        (
            "Active Directory",
            "Corporate directory, acme.local forest",
            "active-directory",
            "Active Directory - Direct",
            false,
            "direct",
        ),
        (
            "Workday",
            "HR system of record",
            "workday",
            "Workday",
            true,
            "direct",
        ),
        (
            "HR Feed (CSV)",
            "Nightly delimited export from the HR data warehouse",
            "delimited-file",
            "DelimitedFile",
            true,
            "file",
        ),
        (
            "ServiceNow",
            "IT service management",
            "servicenow",
            "ServiceNow",
            false,
            "direct",
        ),
        (
            "Salesforce",
            "CRM",
            "salesforce",
            "Salesforce",
            false,
            "direct",
        ),
        (
            "Microsoft Entra ID",
            "Cloud directory and Microsoft 365",
            "azure-active-directory",
            "Azure Active Directory",
            false,
            "direct",
        ),
        (
            "Google Workspace",
            "Mail and documents for the design studio",
            "google-apps",
            "Google Apps - Direct",
            false,
            "direct",
        ),
        (
            "Finance DB",
            "Oracle ledger database via JDBC",
            "jdbc",
            "JDBC",
            false,
            "direct",
        ),
        (
            "SAP ERP",
            "Purchasing and finance",
            "sap",
            "SAP - Direct",
            false,
            "direct",
        ),
        (
            "Contractors (CSV)",
            "Contractor roster maintained by procurement",
            "delimited-file",
            "DelimitedFile",
            true,
            "file",
        ),
        (
            "OpenLDAP",
            "Legacy Unix directory",
            "openldap",
            "LDAP - Direct",
            false,
            "direct",
        ),
        (
            "Badge Access (CSV)",
            "Building access badges",
            "delimited-file",
            "DelimitedFile",
            false,
            "file",
        ),
    ];
    rows.iter()
        .enumerate()
        .map(|(i, (name, desc, connector, kind, auth, conn))| {
            let owner = &people[(i * 7) % people.len()];
            let cluster = if *conn == "direct" { Some(&clusters[i % clusters.len()]) } else { None };
            let day = 1 + i;
            json!({
                "id": ids.hex32(),
                "name": name,
                "description": desc,
                "owner": {"type": "IDENTITY", "id": owner["id"], "name": owner["name"]},
                "cluster": cluster.map(|c| json!({"type": "CLUSTER", "id": c["id"], "name": c["name"]})),
                "accountCorrelationConfig": null,
                "accountCorrelationRule": null,
                "managerCorrelationMapping": null,
                "managerCorrelationRule": null,
                "beforeProvisioningRule": null,
                "schemas": [],
                "passwordPolicies": null,
                "features": if *conn == "file" { json!(["DIRECT_PERMISSIONS", "NO_RANDOM_ACCESS"]) } else { json!(["PROVISIONING", "ENABLE", "UNLOCK", "SEARCH"]) },
                "type": kind,
                "connector": connector,
                "connectorClass": if *conn == "file" { "sailpoint.connector.DelimitedFileConnector" } else { "sailpoint.connector.OpenConnectorAdapter" },
                "connectorAttributes": if *conn == "file" { json!({"delimiter": ",", "hasHeader": true}) } else { json!({"healthCheckTimeout": 30}) },
                "deleteThreshold": 10,
                "authoritative": auth,
                "managementWorkgroup": null,
                "healthy": i != 10,
                "status": if i == 10 { "SOURCE_STATE_ERROR_SOURCE" } else { "SOURCE_STATE_HEALTHY" },
                "since": format!("2026-10-{day:02}T08:00:00.000Z"),
                "connectorId": connector,
                "connectorName": kind,
                "connectionType": conn,
                "connectorImplementationId": connector,
                "created": format!("2025-0{}-{day:02}T09:30:00.000Z", 1 + i % 9),
                "modified": format!("2026-10-{day:02}T08:00:00.000Z"),
                "credentialProviderEnabled": false,
                "category": null
            })
        })
        .collect()
}

/// Identity profiles on the authoritative sources, with unique priorities.
pub fn identity_profiles(ids: &mut Ids, sources: &[Value], people: &[Value]) -> Vec<Value> {
    let by_name = |n: &str| {
        sources
            .iter()
            .find(|s| s["name"] == n)
            .cloned()
            .unwrap_or(Value::Null)
    };
    // identityCount is set once the accounts are made (count_profile_identities).
    let rows: [(&str, &str, i64); 6] = [
        ("Employees", "Workday", 10),
        ("HR Feed", "HR Feed (CSV)", 20),
        ("Contractors", "Contractors (CSV)", 40),
        ("Directory Only", "Active Directory", 50),
        ("Cloud Guests", "Microsoft Entra ID", 70),
        ("Service Accounts", "OpenLDAP", 80),
    ];
    rows.iter()
        .enumerate()
        .map(|(i, (name, src, prio))| {
            let s = by_name(src);
            let owner = &people[(i * 5 + 2) % people.len()];
            json!({
                "id": ids.hex32(),
                "name": name,
                "description": format!("Identities whose authoritative record is in {src}"),
                "owner": {"type": "IDENTITY", "id": owner["id"], "name": owner["name"]},
                "priority": prio,
                "authoritativeSource": {"type": "SOURCE", "id": s["id"], "name": s["name"]},
                "identityRefreshRequired": false,
                "identityCount": 0,
                "identityAttributeConfig": {"enabled": true, "attributeTransforms": []},
                "identityExceptionReportReference": null,
                "hasTimeBasedAttr": false,
                "created": "2025-03-01T10:00:00Z",
                "modified": "2026-09-12T10:00:00Z"
            })
        })
        .collect()
}

/// An account schema (`GET /v3/sources/{id}/schemas` item) for a connector.
/// The account schema ISC gives a new Delimited File source: no attributes, no identity or
/// display attribute yet.
pub fn empty_account_schema(ids: &mut Ids, now: &str) -> Value {
    json!({
        "id": ids.hex32(),
        "name": "account",
        "nativeObjectType": "User",
        "identityAttribute": "",
        "displayAttribute": "",
        "hierarchyAttribute": null,
        "includePermissions": false,
        "features": [],
        "configuration": {},
        "attributes": [],
        "created": now,
        "modified": now
    })
}

pub fn account_schema(ids: &mut Ids, connector: &str) -> Value {
    let attrs: Vec<(&str, &str, bool, bool, &str)> = match connector {
        "active-directory" | "openldap" => vec![
            ("sAMAccountName", "STRING", false, false, "Logon name"),
            (
                "distinguishedName",
                "STRING",
                false,
                false,
                "Directory path",
            ),
            ("displayName", "STRING", false, false, "Display name"),
            ("mail", "STRING", false, false, "Email"),
            ("department", "STRING", false, false, "Department"),
            ("memberOf", "STRING", true, true, "Group memberships"),
            (
                "userAccountControl",
                "INT",
                false,
                false,
                "Account control flags",
            ),
            ("pwdLastSet", "DATE", false, false, "Password last set"),
        ],
        "workday" => vec![
            ("employeeId", "STRING", false, false, "Worker id"),
            ("fullName", "STRING", false, false, "Full name"),
            ("email", "STRING", false, false, "Work email"),
            ("hireDate", "DATE", false, false, "Hire date"),
            ("fte", "LONG", false, false, "FTE in basis points"),
            ("active", "BOOLEAN", false, false, "Active worker"),
            ("costCenter", "STRING", false, false, "Cost center"),
        ],
        _ => vec![
            ("id", "STRING", false, false, "Unique account id"),
            ("displayName", "STRING", false, false, "Display name"),
            ("email", "STRING", false, false, "Email"),
            ("department", "STRING", false, false, "Department"),
            ("employeeNumber", "INT", false, false, "Employee number"),
            ("startDate", "DATE", false, false, "Start date"),
            ("active", "BOOLEAN", false, false, "Active"),
            ("groups", "STRING", true, true, "Entitlements (groups)"),
        ],
    };
    let identity = attrs[0].0;
    let display = attrs
        .iter()
        .find(|a| a.0 == "displayName" || a.0 == "fullName")
        .map(|a| a.0)
        .unwrap_or(identity);
    json!({
        "id": ids.hex32(),
        "name": "account",
        "nativeObjectType": "User",
        "identityAttribute": identity,
        "displayAttribute": display,
        "hierarchyAttribute": null,
        "includePermissions": false,
        "features": [],
        "configuration": {},
        "attributes": attrs.iter().map(|(n, t, multi, ent, d)| json!({
            "name": n, "type": t, "schema": null, "description": d,
            "isMulti": multi, "isEntitlement": ent, "isGroup": ent
        })).collect::<Vec<_>>(),
        "created": "2025-01-15T09:30:00.000Z",
        "modified": "2026-10-01T08:00:00.000Z"
    })
}
