//! Scenario files of the demo tenant: its data saved as a file, and a file loaded (checked
//! first; a bad file changes nothing), so a trainer prepares a class once and every trainee
//! starts from it. Part of the connected card, so fetched with its chunk.

use leptos::prelude::*;

/// The biggest scenario file read (the browser's storage keeps about 5 MB anyway).
const MAX_BYTES: f64 = 20.0 * 1024.0 * 1024.0;

fn file_name() -> String {
    let day = js_sys::Date::new_0()
        .to_iso_string()
        .as_string()
        .unwrap_or_default();
    format!(
        "isc-demo-scenario-{}.json",
        day.get(0..10).unwrap_or("today")
    )
}

async fn read_text(file: web_sys::File) -> Result<String, String> {
    if file.size() > MAX_BYTES {
        return Err(format!(
            "{} is {:.1} MB: a scenario file is at most 20 MB.",
            file.name(),
            file.size() / 1_048_576.0
        ));
    }
    crate::components::download::read_text(&file)
        .await
        .ok_or_else(|| format!("The browser could not read {}.", file.name()))
}

/// "Save scenario file" and "Load a scenario file", with their outcome line.
#[component]
pub fn DemoScenario() -> impl IntoView {
    let outcome = RwSignal::new(None::<(bool, String)>);
    let busy = RwSignal::new(false);
    let say = move |ok: bool, text: String| {
        busy.set(false);
        outcome.set(Some((ok, text)));
        crate::components::page::focus("scenario-outcome");
    };
    let save = move |_| {
        let Some(link) = crate::api::demo_link() else {
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match link.export().await {
                Ok(raw) => {
                    let name = file_name();
                    crate::components::download::download(&name, "application/json", &raw);
                    say(true, format!("Saved the demo tenant's data as {name} ({} KB). Load it in any browser to start from it.", raw.len().div_ceil(1024)));
                }
                Err(why) => say(false, format!("Not saved: {why}.")),
            }
        });
    };
    let pick = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|l| l.get(0)) else {
            return;
        };
        input.set_value("");
        let Some(link) = crate::api::demo_link() else {
            return;
        };
        busy.set(true);
        let name = file.name();
        leptos::task::spawn_local(async move {
            let raw = match read_text(file).await {
                Ok(raw) => raw,
                Err(why) => return say(false, format!("{why} The demo tenant keeps its data.")),
            };
            match link.load(&raw).await {
                Ok(()) => {
                    crate::state::tab::tenant_changed().update(|n| *n += 1);
                    say(true, format!("Loaded {name}: the demo tenant holds its data now, in every tab of this browser."));
                }
                Err(why) => say(false, format!("{name} is not a scenario file of the demo tenant ({why}). Nothing changed: the demo tenant keeps its data.")),
            }
        });
    };
    view! {
        <div class="field">
            <h3>"Scenario files"</h3>
            <p class="hint" id="scenario-hint">"The demo tenant's data as a file: prepare a class once, and every trainee loads the same start. Loading replaces the data in every tab of this browser."</p>
            <div class="actions">
                <button type="button" class="secondary" on:click=save disabled=move || busy.get()>"Save scenario file"</button>
            </div>
            <label for="scenario-file">"Load a scenario file"</label>
            <input id="scenario-file" type="file" accept=".json,application/json" aria-describedby="scenario-hint"
                on:change=pick disabled=move || busy.get()/>
            <p id="scenario-outcome" tabindex="-1" role="status" class=move || match outcome.get() { Some((false, _)) => "outcome failure", _ => "outcome" }>
                {move || outcome.get().map(|(_, t)| t)}
            </p>
        </div>
    }
}
