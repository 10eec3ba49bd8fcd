//! Which paths the demo tenant serves, in both API generations, mapped onto one canonical
//! route `[area, rest…]` so that one state and one handler answer both: `/sources/v1/{id}`
//! and `/v3/sources/{id}` are both `["sources", id]`.
//!
//! Classic paths are served only under the versions the vendor's description lists them
//! (`/beta/workgroups` but not `/v3/workgroups`); anything else is the spec's 404.

/// The per-service areas, as the first segment of a `/{area}/v1/…` path.
const SERVICES: [&str; 9] = [
    "sources",
    "identity-attributes",
    "accounts",
    "task-status",
    "identity-profiles",
    "public-identities",
    "managed-clusters",
    "workgroups",
    "connectors",
];

/// Whether a classic `/{version}/{area}/…` path exists (`rest` is what follows the area).
fn classic_has(version: &str, area: &str, rest: &[&str]) -> bool {
    match (version, area, rest) {
        // Aggregation is `/beta/sources/{id}/load-accounts` only.
        (
            "beta",
            "sources",
            [_, "load-accounts" | "load-entitlements" | "remove-accounts" | "correlation-config"],
        ) => true,
        (
            _,
            "sources",
            [_, "load-accounts" | "load-entitlements" | "remove-accounts" | "correlation-config"],
        ) => false,
        ("v3", "sources", _) => true,
        // Remove is `/beta` and `/v2025` only; the rest of accounts is `/v3`.
        ("beta" | "v2025", "accounts", [_, "remove"]) => true,
        (_, "accounts", [_, "remove"]) => false,
        ("v3", "accounts", _) => true,
        ("beta" | "v2025", "task-status", _) => true,
        ("v3" | "beta", "identity-profiles" | "connectors", _) => true,
        ("v3", "public-identities" | "managed-clusters", _) => true,
        ("beta", "workgroups" | "identity-attributes", _) => true,
        _ => false,
    }
}

/// The generation a path belongs to, and its canonical route; `None` for a path that
/// neither generation has (the caller answers 404).
pub fn resolve<'a>(segs: &[&'a str]) -> Option<(&'static str, Vec<&'a str>)> {
    match segs {
        [area, "v1", rest @ ..] if SERVICES.contains(area) => {
            let mut r = vec![*area];
            r.extend_from_slice(rest);
            Some(("v1", r))
        }
        [version @ ("v3" | "beta" | "v2025"), area, rest @ ..]
            if classic_has(version, area, rest) =>
        {
            let mut r = vec![*area];
            r.extend_from_slice(rest);
            Some((
                match *version {
                    "v3" => "v3",
                    "beta" => "beta",
                    _ => "v2025",
                },
                r,
            ))
        }
        ["cc", "api", ..] => Some(("cc", segs.to_vec())),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;

    fn r(p: &str) -> Option<(&'static str, Vec<&str>)> {
        let segs: Vec<&str> = p.trim_matches('/').split('/').collect();
        resolve(&segs).map(|(g, v)| (g, v.into_iter().collect()))
    }

    #[test]
    fn both_generations_reach_the_same_route() {
        assert_eq!(
            r("/sources/v1/abc/schemas"),
            Some(("v1", vec!["sources", "abc", "schemas"]))
        );
        assert_eq!(
            r("/v3/sources/abc/schemas"),
            Some(("v3", vec!["sources", "abc", "schemas"]))
        );
        assert_eq!(
            r("/task-status/v1/t"),
            Some(("v1", vec!["task-status", "t"]))
        );
        assert_eq!(
            r("/beta/task-status/t"),
            Some(("beta", vec!["task-status", "t"]))
        );
        assert_eq!(
            r("/accounts/v1/a/remove"),
            Some(("v1", vec!["accounts", "a", "remove"]))
        );
        assert_eq!(
            r("/beta/accounts/a/remove"),
            Some(("beta", vec!["accounts", "a", "remove"]))
        );
        assert_eq!(
            r("/beta/sources/s/load-accounts"),
            Some(("beta", vec!["sources", "s", "load-accounts"]))
        );
    }

    #[test]
    fn classic_paths_exist_only_under_their_own_versions() {
        assert_eq!(r("/v3/workgroups"), None);
        assert_eq!(r("/v3/task-status/t"), None);
        assert_eq!(r("/v3/accounts/a/remove"), None);
        assert_eq!(r("/beta/accounts"), None);
        assert_eq!(r("/v3/sources/s/load-accounts"), None);
        assert_eq!(r("/v3/sources/s/remove-accounts"), None);
        assert_eq!(
            r("/beta/sources/s/remove-accounts"),
            Some(("beta", vec!["sources", "s", "remove-accounts"]))
        );
        assert_eq!(r("/widgets/v1"), None);
        assert_eq!(r("/v2/sources"), None);
    }
}
