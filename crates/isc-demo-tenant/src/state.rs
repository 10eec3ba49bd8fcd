//! Building the tenant from seed data, its snapshot and restore, and new ids.

use super::*;

impl DemoTenant {
    /// A tenant with seed data.
    pub fn new(config: Config) -> Self {
        let mut ids = seed::Ids::new(config.seed);
        let identities = seed::identities(&mut ids);
        let clusters = seed::clusters(&mut ids);
        let workgroups = seed::workgroups(&mut ids, &identities[0]);
        let sources = seed::sources(&mut ids, &identities, &clusters);
        let identity_profiles = seed::identity_profiles(&mut ids, &sources, &identities);
        let mut sources = sources;
        let mut schemas = HashMap::new();
        for s in sources.iter_mut() {
            let schema = seed::account_schema(&mut ids, s["connector"].as_str().unwrap_or(""));
            s["schemas"] =
                json!([{"type": "CONNECTOR_SCHEMA", "id": schema["id"], "name": "account"}]);
            schemas.insert(
                s["id"].as_str().unwrap_or_default().to_string(),
                vec![schema],
            );
        }
        let mut t = DemoTenant {
            accounts: Vec::new(),
            iiq: iiq::Iiq::seed(),
            tasks: HashMap::new(),
            schemas,
            correlation: HashMap::new(),
            entitlements: HashMap::new(),
            config,
            ids,
            tokens: HashMap::new(),
            rate: HashMap::new(),
            identities,
            sources,
            connectors: seed::connectors(),
            clusters,
            workgroups,
            identity_profiles,
            faults: Vec::new(),
            hostile_errors: false,
            received: Vec::new(),
        };
        accounts::seed_accounts(&mut t);
        t.count_profile_identities();
        t.seed_entitlements("2025-01-15T09:30:00.000Z");
        t
    }

    /// The tenant's data as JSON, for the page to keep across a reload (in the browser's
    /// session storage): every object and task, the id generator, and the config. Tokens,
    /// rate windows, faults and the call log are not data and start afresh.
    pub fn snapshot(&self) -> String {
        let tasks: Vec<(&String, &accounts::Task)> = self.tasks.iter().collect();
        json!({
            "version": SNAPSHOT_VERSION,
            "config": self.config,
            "ids": self.ids,
            "identities": self.identities,
            "sources": self.sources,
            "clusters": self.clusters,
            "workgroups": self.workgroups,
            "identity_profiles": self.identity_profiles,
            "schemas": self.schemas,
            "accounts": self.accounts,
            "tasks": tasks,
            "iiq": self.iiq,
            "correlation": self.correlation,
            "entitlements": self.entitlements,
        })
        .to_string()
    }

    /// A tenant with the data of a [`Self::snapshot`]; `Err` (and nothing built) for a
    /// snapshot of another version or one that does not read back.
    pub fn restore(raw: &str) -> Result<Self, String> {
        #[derive(Deserialize)]
        struct Snap {
            version: u32,
            config: Config,
            ids: seed::Ids,
            identities: Vec<Value>,
            sources: Vec<Value>,
            clusters: Vec<Value>,
            workgroups: Vec<Value>,
            identity_profiles: Vec<Value>,
            schemas: HashMap<String, Vec<Value>>,
            accounts: Vec<Value>,
            tasks: Vec<(String, accounts::Task)>,
            #[serde(default)]
            iiq: Option<iiq::Iiq>,
            #[serde(default)]
            correlation: HashMap<String, Value>,
            #[serde(default)]
            entitlements: HashMap<String, Vec<Value>>,
        }
        let s: Snap = serde_json::from_str(raw).map_err(|e| e.to_string())?;
        if s.version != SNAPSHOT_VERSION {
            return Err(format!(
                "snapshot version {} is not {SNAPSHOT_VERSION}",
                s.version
            ));
        }
        let mut t = DemoTenant::new(s.config);
        t.ids = s.ids;
        t.identities = s.identities;
        t.sources = s.sources;
        t.clusters = s.clusters;
        t.workgroups = s.workgroups;
        t.identity_profiles = s.identity_profiles;
        t.schemas = s.schemas;
        t.accounts = s.accounts;
        t.tasks = s.tasks.into_iter().collect();
        t.correlation = s.correlation;
        t.entitlements = s.entitlements;
        if let Some(i) = s.iiq {
            t.iiq = i;
        }
        Ok(t)
    }

    /// Takes the data of `raw` (a [`DemoTenant::snapshot`] another tab of the browser wrote)
    /// and keeps what is not data: the tokens it issued, rate windows, faults and the call log,
    /// so a tab signed in here stays signed in. On a bad snapshot nothing changes.
    pub fn adopt(&mut self, raw: &str) -> Result<(), String> {
        let mut t = Self::restore(raw)?;
        std::mem::swap(&mut t.tokens, &mut self.tokens);
        std::mem::swap(&mut t.rate, &mut self.rate);
        std::mem::swap(&mut t.faults, &mut self.faults);
        std::mem::swap(&mut t.received, &mut self.received);
        t.hostile_errors = self.hostile_errors;
        *self = t;
        Ok(())
    }

    /// A new 32-hex id.
    pub fn new_id(&mut self) -> String {
        self.ids.hex32()
    }
}
