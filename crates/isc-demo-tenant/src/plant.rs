//! Planting the hostile and spoofing corpora into the tenant's data, for tests.

use super::*;

impl DemoTenant {
    /// Puts the XSS corpus into names, descriptions, attributes and owners, and makes every
    /// later 400 carry a payload in its messages.
    pub fn plant_hostile(&mut self) {
        let p = &hostile::PAYLOADS;
        let mut k = 0;
        let mut next = || {
            k += 1;
            p[(k - 1) % p.len()]
        };
        for s in self.sources.iter_mut() {
            s["name"] = json!(format!("{} {}", next(), s["name"].as_str().unwrap_or("")));
            s["description"] = json!(next());
            s["owner"]["name"] = json!(next());
        }
        for a in self.accounts.iter_mut() {
            a["name"] = json!(format!("{} {}", next(), a["name"].as_str().unwrap_or("")));
            if let Some(attrs) = a["attributes"].as_object_mut() {
                for v in attrs.values_mut() {
                    if v.is_string() {
                        *v = json!(next());
                    }
                }
            }
        }
        for pr in self.identity_profiles.iter_mut() {
            pr["name"] = json!(format!("{} {}", next(), pr["name"].as_str().unwrap_or("")));
        }
        for i in self.identities.iter_mut() {
            i["name"] = json!(format!("{} {}", next(), i["name"].as_str().unwrap_or("")));
        }
        self.hostile_errors = true;
    }

    /// Puts the spoofing corpus ([`hostile::SPOOFS`]) into the names of two sources (the
    /// last two but the HR feed, Workday and the contractors), two
    /// accounts of the HR feed, an identity profile and an identity, and a value of
    /// [`hostile::LONG`] characters with no break into an account attribute. Returns what
    /// was planted where, for tests.
    pub fn plant_spoofs(&mut self) -> Value {
        let sp = &hostile::SPOOFS;
        let mut planted = serde_json::Map::new();
        let keep = ["HR Feed (CSV)", "Workday", "Contractors (CSV)"];
        let others = self
            .sources
            .iter_mut()
            .rev()
            .filter(|s| !keep.iter().any(|k| s["name"] == *k));
        for (s, name) in others.zip([sp[0], sp[1]]) {
            s["name"] = json!(name);
            planted.insert(name.into(), json!(s["id"]));
        }
        let hr = self
            .sources
            .iter()
            .find(|s| s["name"] == "HR Feed (CSV)")
            .map(|s| s["id"].clone())
            .unwrap_or_default();
        let long = "W".repeat(hostile::LONG);
        for (k, a) in self
            .accounts
            .iter_mut()
            .filter(|a| a["sourceId"] == hr)
            .take(2)
            .enumerate()
        {
            let name = if k == 0 { sp[2] } else { sp[0] };
            a["name"] = json!(name);
            if let Some(attrs) = a["attributes"].as_object_mut() {
                attrs.insert("notes".into(), json!(long));
                attrs.insert("displayName".into(), json!(name));
            }
            planted.insert(format!("account {k}"), json!(a["id"]));
        }
        if let Some(pr) = self.identity_profiles.first_mut() {
            pr["name"] = json!(sp[3]);
        }
        if let Some(i) = self.identities.first_mut() {
            i["name"] = json!(sp[4]);
            planted.insert("identity".into(), json!(i["id"]));
        }
        Value::Object(planted)
    }
}
