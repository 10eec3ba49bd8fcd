//! One source: its main fields, its recent aggregations, its account schema (with its editor),
//! and the raw JSON.

use crate::components::page::Crumbs;
use crate::components::show::link_or_text;
use isc_core::api::sources;
use isc_core::models::Source;
use isc_core::ApiError;
use leptos::prelude::*;
use serde_json::Value;

#[derive(Clone)]
struct Loaded {
    value: Value,
    source: Source,
    /// The flat file's delimiter (`connectorAttributes.delimiter`, a comma by default).
    delimiter: char,
    schemas: Result<Vec<Value>, String>,
}

async fn load(id: String) -> Result<Loaded, ApiError> {
    let g = crate::api::generation();
    let (value, _) = crate::api::call_read(sources::get(g, &id), |r| {
        match serde_json::from_str::<Value>(&r.body) {
            Ok(v) if v.is_object() => Ok(v),
            Ok(_) => Err("expected a JSON object".into()),
            Err(e) => Err(e.to_string()),
        }
    })
    .await?;
    let source = Source::from_json(&value);
    let schemas = match crate::api::call(sources::schemas(g, &id)).await {
        Ok(r) => serde_json::from_str::<Vec<Value>>(&r.body).map_err(|e| e.to_string()),
        Err(e) => Err(e.sentence()),
    };
    let delimiter = value["connectorAttributes"]["delimiter"]
        .as_str()
        .and_then(|d| d.chars().next())
        .unwrap_or(',');
    Ok(Loaded {
        value: value.clone(),
        source,
        delimiter,
        schemas,
    })
}

fn r_name(r: &Option<isc_core::models::Reference>) -> String {
    r.as_ref()
        .map(|r| r.name.clone().unwrap_or_else(|| r.id.clone()))
        .unwrap_or_else(|| "—".into())
}

/// The source page.
#[component]
pub fn SourceDetailPage() -> impl IntoView {
    crate::components::page::detail_page("Source", "Loading source…", load, |l, r| {
        detail(l, r).into_any()
    })
}

fn detail(l: Loaded, refresh: crate::components::page::Refresh) -> impl IntoView {
    let s = l.source;
    let accounts_href = crate::route::href(&format!("/accounts?source={}", s.id));
    let new_href = crate::route::href(&format!("/accounts/new?source={}", s.id));
    let file_href = crate::route::href(&format!("/sources/{}/file", s.id));
    let export_href = crate::route::href(&format!("/sources/{}/file?export=1", s.id));
    let flat = s.is_flat_file();
    let held = RwSignal::new(l.value);
    // The account schema's attribute names, for the correlation's choices.
    let account_attrs: Vec<String> = l
        .schemas
        .as_ref()
        .ok()
        .and_then(|list| {
            list.iter()
                .find(|s| s["name"] == "account")
                .or(list.first())
        })
        .and_then(|s| s["attributes"].as_array())
        .map(|a| {
            a.iter()
                .filter_map(|a| a["name"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    // A flat file's entitlement schema, for its section.
    let ent_schema =
        l.schemas.as_ref().ok().filter(|_| flat).and_then(|list| {
            isc_core::flatfile::entitlements::entitlement_schema_of(list).cloned()
        });
    view! {
        <Crumbs name=format!("Source {}", isc_core::shown::inline(&s.name))/>
        <crate::components::page::NameHeading raw=s.name.clone()>{refresh.view()}</crate::components::page::NameHeading>
        <p class="hint">{move || held.with(|h| h["description"].as_str().unwrap_or("").to_string())}</p>
        <nav class="actions" aria-label="Source actions">
            <a class="button" href=accounts_href>"Accounts on this source"</a>
            <a class="button secondary" href=new_href>"New account on this source"</a>
            <a class="button secondary" href=export_href>"Download accounts as CSV"</a>
            <a class="button secondary" href=file_href>{if flat { "Import a file or aggregate" } else { "Aggregate" }}</a>
        </nav>
        <section class="card wide" aria-labelledby="src-main">
            <h2 id="src-main">"Source"</h2>
            {move || facts(&Source::from_json(&held.get()))}
        </section>
        <super::settings::SourceSettings held=held/>
        <super::recent::RecentAggregations sid=s.id.clone()/>
        {match l.schemas {
            Err(e) => view! { <section class="card wide" aria-labelledby="src-schema"><h2 id="src-schema">"Account schema"</h2><p role="alert" class="failure">{e}</p></section> }.into_any(),
            Ok(list) => match list.iter().find(|s| s["name"] == "account").or(list.first()).cloned() {
                None => view! { <section class="card wide" aria-labelledby="src-schema"><h2 id="src-schema">"Account schema"</h2><p>"This source has no account schema."</p></section> }.into_any(),
                Some(sc) => view! { <super::schema::AccountSchema sid=s.id.clone() flat=s.is_flat_file() delimiter=l.delimiter schema=sc/> }.into_any(),
            },
        }}
        {ent_schema.map(|sc| view! { <super::entitlements::EntitlementSchema sid=s.id.clone() name=s.name.clone() delimiter=l.delimiter schema=sc/> })}
        <super::correlation::Correlation sid=s.id.clone() account_attrs=account_attrs/>
        <super::removal::SourceRemoval sid=s.id.clone() name=s.name.clone()/>
        <details class="card wide">
            <summary>"Raw JSON"</summary>
            <pre><code>{move || held.with(crate::text::pretty)}</code></pre>
        </details>
    }
}

/// The source's main fields, as the tenant holds them.
fn facts(s: &Source) -> impl IntoView {
    let yes_no = |b: Option<bool>| match b {
        Some(true) => "yes",
        Some(false) => "no",
        None => "—",
    };
    let features = s.features.clone().unwrap_or_default().join(", ");
    let owner = s.owner.as_ref().map(|o| {
        link_or_text(
            &o.id,
            "/identities/",
            o.name.clone().unwrap_or_else(|| o.id.clone()),
        )
    });
    view! {
        <dl class="facts">
            <dt>"Id"</dt><dd><code>{s.id.clone()}</code></dd>
            <dt>"Type"</dt><dd>{s.kind.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"Connector"</dt><dd>{s.connector.clone().unwrap_or_else(|| "—".into())}{s.connector_name.clone().map(|n| format!(" ({n})"))}</dd>
            <dt>"Connection type"</dt><dd>{s.connection_type.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"Owner"</dt><dd>{match owner { Some(o) => o, None => "—".into_any() }}</dd>
            <dt>"Cluster"</dt><dd>{r_name(&s.cluster)}</dd>
            <dt>"Management workgroup"</dt><dd>{r_name(&s.management_workgroup)}</dd>
            <dt>"Health"</dt><dd>{crate::components::page::chips(match s.healthy { Some(true) => "healthy", Some(false) => "unhealthy", None => "unknown" })}{format!(" · {}", s.status.clone().unwrap_or_default())}</dd>
            <dt>"Features"</dt><dd>{if features.is_empty() { "—".to_string() } else { features }}</dd>
            <dt>"Delete threshold"</dt><dd>{s.delete_threshold.map(|t| format!("{t} %")).unwrap_or_else(|| "—".into())}</dd>
            <dt>"Authoritative"</dt><dd>{yes_no(s.authoritative)}</dd>
            <dt>"Flat file"</dt><dd>{if s.is_flat_file() { "yes: accounts can be created, replaced (PUT) and deleted through the API" } else { "no: account create records in ISC only; PUT and DELETE are refused" }}</dd>
        </dl>
    }
}
