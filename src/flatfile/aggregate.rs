//! Uploading the file and aggregating it (or a plain aggregation), followed to the task's counts.

use super::*;

/// "Upload and aggregate" (or, without a preview, an aggregation from the connector): the
/// load-accounts call, then its task followed to the counts.
#[component]
pub(super) fn Aggregate(
    info: StoredValue<Info>,
    preview: RwSignal<Option<std::sync::Arc<Preview>>>,
    ro: Signal<bool>,
    /// Called once the aggregation has ended: the import compares its file with the tenant again.
    #[prop(optional)]
    after: Option<Callback<()>>,
) -> impl IntoView {
    let no_opt = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let followed = super::follow::Followed::new("aggregation");
    let running = followed.running;
    let blocked =
        Signal::derive(move || preview.with(|p| p.as_ref().is_some_and(|p| p.counts.invalid > 0)));
    let run = move || {
        confirm.set(false);
        let i = info.get_value();
        let file = preview
            .get_untracked()
            .map(|p| (p.file.clone(), p.text.clone()));
        let req = sources::load_accounts(
            crate::api::generation(),
            &i.id,
            file.as_ref().map(|(n, t)| (n.as_str(), t.as_str())),
            no_opt.get_untracked(),
        );
        spawn_local(async move {
            followed.run(req, i.id.clone(), i.name.clone()).await;
            // Not when the page is gone (then there is no preview to follow the tenant).
            if let Some(after) = after.filter(|_| !running.is_disposed()) {
                after.run(());
            }
            crate::components::page::focus("ff-agg-outcome");
        });
    };
    let with_file = Signal::derive(move || preview.with(|p| p.is_some()));
    view! {
        <div class="field check">
            <input id="ff-noopt" type="checkbox" prop:checked=move || no_opt.get() on:change=move |ev| no_opt.set(event_target_checked(&ev))/>
            <label for="ff-noopt">"Disable optimization (reprocess every account, changed or not)"</label>
        </div>
        <Show when=Signal::derive(move || blocked.get())>
            <p class="hint">"Fix the invalid rows first: an aggregation would read them as they are."</p>
        </Show>
        <button type="button" disabled=move || running.get() || blocked.get() || ro.get()
            id="ff-agg-open" on:click=move |_| { confirm.set(true); crate::components::page::focus("ff-agg-cancel"); }>
            {move || if with_file.get() { "Upload and aggregate…" } else { "Aggregate now…" }}</button>
        <Show when=Signal::derive(move || confirm.get())>
            <div class="notice" role="group" aria-label="Confirm aggregation">
                <p>{move || preview.with(|p| match p {
                    Some(p) if !p.missing.is_empty() => match flatfile::removal(p.missing.len(), p.held.len(), info.with_value(|i| i.threshold)) {
                        r @ flatfile::Removal::Skipped { .. } => format!("Aggregate {} into {}? {}", p.file, info.with_value(|i| isc_core::shown::inline(&i.name)), r.sentence()),
                        _ => format!("Aggregate {} into {}? {} that ISC holds and the file lacks will be removed.", p.file, info.with_value(|i| isc_core::shown::inline(&i.name)), plural(p.missing.len(), "account")),
                    },
                    Some(p) => format!("Aggregate {} into {}? Every account ISC holds is in the file.", p.file, info.with_value(|i| isc_core::shown::inline(&i.name))),
                    None => format!("Aggregate {} from its connector now?", info.with_value(|i| isc_core::shown::inline(&i.name))),
                })}</p>
                <div class="actions">
                    <button type="button" id="ff-agg-go" class="danger" on:click=move |_| run()>{move || if with_file.get() { "Upload and aggregate" } else { "Aggregate" }}</button>
                    <button type="button" id="ff-agg-cancel" class="secondary" on:click=move |_| { confirm.set(false); crate::components::page::focus("ff-agg-open"); }>"Cancel"</button>
                </div>
            </div>
        </Show>
        {followed.view("ff-agg-outcome")}
    }
}
