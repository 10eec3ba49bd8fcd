//! "Download accounts as CSV".

use super::*;

/// "Download accounts as CSV": every account read, then the file saved.
#[component]
pub(super) fn Export(info: StoredValue<Info>, sep: RwSignal<String>, auto: bool) -> impl IntoView {
    let progress = RwSignal::new((0usize, None::<u64>));
    let running = RwSignal::new(false);
    let stop = RwSignal::new(false);
    let outcome = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let saved = StoredValue::new(None::<(String, String)>);
    let run = move || {
        if running.get_untracked() {
            return;
        }
        running.set(true);
        stop.set(false);
        failure.set(None);
        outcome.set(None);
        let i = info.get_value();
        spawn_local(async move {
            match read_accounts(&i.id, progress, stop).await {
                Ok(Some(list)) => {
                    let text =
                        flatfile::export(&i.columns, &list, i.delimiter, &sep.get_untracked());
                    let name = file_name(&i.name, "accounts");
                    crate::components::download::download(&name, "text/csv", &text);
                    saved.set_value(Some((name.clone(), text)));
                    let _ = outcome.try_set(Some(format!(
                        "Exported {} of {} to {name}: columns {}.",
                        isc_core::shown::count(list.len(), "account"),
                        isc_core::shown::inline(&i.name),
                        i.columns.join(", ")
                    )));
                }
                Ok(None) => {
                    let _ = outcome.try_set(Some("Export stopped; no file was saved.".into()));
                }
                Err(e) => {
                    let _ = failure.try_set(Some(e.sentence()));
                }
            }
            let _ = running.try_set(false);
            crate::components::page::focus("ff-export-outcome");
        });
    };
    if auto {
        run();
    }
    view! {
        <section aria-labelledby="export-h">
            <h2 id="export-h">"Export"</h2>
            <p>"Every account ISC holds on this source, in the columns of the source's CSV template: aggregating this file next changes nothing."</p>
            <div class="actions">
                <button type="button" disabled=move || running.get() on:click=move |_| run()>"Download accounts as CSV"</button>
                <Show when=Signal::derive(move || running.get())>
                    <button type="button" class="secondary" on:click=move |_| stop.set(true)>"Stop"</button>
                </Show>
                <Show when=Signal::derive(move || outcome.get().is_some() && !running.get() && saved.with_value(|s| s.is_some()))>
                    <button type="button" class="secondary" on:click=move |_| saved.with_value(|s| if let Some((n, t)) = s { crate::components::download::download(n, "text/csv", t) })>"Save the file again"</button>
                </Show>
            </div>
            <Show when=Signal::derive(move || running.get())>
                <p role="status"><progress max=move || progress.get().1.unwrap_or(0).max(1) value=move || progress.get().0 aria-label="Export progress"></progress>
                " "{move || progress_text(progress.get(), "accounts")}</p>
            </Show>
            {move || failure.get().map(|f| view! { <p role="alert" class="failure">{f}</p> })}
            <Outcome id="ff-export-outcome" text=outcome/>
        </section>
    }
}
