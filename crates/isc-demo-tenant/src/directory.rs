//! The lookups the forms pick from: connectors, public identities, managed clusters,
//! workgroups.

use super::*;

const CONNECTOR_LIST: ListSpec = ListSpec {
    filters: &[
        ("name", &["sw", "co"]),
        ("type", &["sw", "co", "eq"]),
        ("directConnect", &["eq"]),
        ("category", &["eq"]),
        ("features", &["ca"]),
        ("labels", &["ca"]),
    ],
    sorters: &[],
};

/// The spec lists id, alias, email, firstname and lastname; the console's issue text and
/// admins use `name sw` too, so the tenant here accepts it as well (see the notes).
const PUBLIC_IDENTITY_LIST: ListSpec = ListSpec {
    filters: &[
        ("id", &["eq", "in"]),
        ("alias", &["eq", "sw"]),
        ("email", &["eq", "sw"]),
        ("firstname", &["eq", "sw"]),
        ("lastname", &["eq", "sw"]),
        ("name", &["eq", "sw"]),
    ],
    sorters: &["name"],
};

const CLUSTER_LIST: ListSpec = ListSpec {
    filters: &[
        ("operational", &["eq"]),
        ("name", &["eq"]),
        ("type", &["eq"]),
        ("status", &["eq"]),
    ],
    sorters: &[],
};

const WORKGROUP_LIST: ListSpec = ListSpec {
    filters: &[("id", &["eq", "in", "sw"]), ("name", &["eq", "sw", "in"])],
    sorters: &["name", "created", "modified", "id", "description"],
};

impl DemoTenant {
    /// The calls of this area (`segs` is the canonical route, see [`crate::paths`]); `None`
    /// for another area's.
    pub(crate) fn route_directory(
        &mut self,
        req: &ApiRequest,
        segs: &[&str],
    ) -> Option<ApiResponse> {
        Some(match (req.method, segs) {
            (Method::Get, ["connectors"]) => {
                let items = self.connectors.clone();
                self.list(items, req, &CONNECTOR_LIST)
            }
            (Method::Get, ["public-identities"]) => {
                let items: Vec<Value> = self
                    .identities
                    .iter()
                    .map(|i| {
                        let mut i = i.clone();
                        let name = i["name"].as_str().unwrap_or("").to_string();
                        let (first, last) = name.split_once(' ').unwrap_or((&name, ""));
                        i["firstname"] = json!(first);
                        i["lastname"] = json!(last);
                        i
                    })
                    .collect();
                let mut r = self.list(items, req, &PUBLIC_IDENTITY_LIST);
                if r.status == 200 {
                    // firstname/lastname are filter keys, not fields of PublicIdentity.
                    if let Ok(Value::Array(mut a)) = serde_json::from_str::<Value>(&r.body) {
                        for i in a.iter_mut() {
                            if let Some(o) = i.as_object_mut() {
                                o.remove("firstname");
                                o.remove("lastname");
                            }
                        }
                        r.body = Value::Array(a).to_string();
                    }
                }
                r
            }
            (Method::Get, ["managed-clusters"]) => {
                let items = self.clusters.clone();
                self.list(items, req, &CLUSTER_LIST)
            }
            (Method::Get, ["workgroups"]) => {
                let items = self.workgroups.clone();
                self.list(items, req, &WORKGROUP_LIST)
            }
            _ => return None,
        })
    }
}
