//! The demo IdentityIQ's seed data: applications and their schemas, identities and accounts.

use super::*;

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
}
