//! Connecting to IdentityIQ: a SCIM base URL, a user and a password, or the demo.

use super::*;

/// The IdentityIQ connect form: SCIM base, user, password (memory only), read-only; or the
/// demo IdentityIQ in this page.
#[component]
pub(super) fn IiqConnectForm() -> impl IntoView {
    let storage = || web_sys::window().and_then(|w| w.local_storage().ok().flatten());
    let saved = RwSignal::new(iiq::read_saved(
        storage()
            .and_then(|s| s.get_item(iiq::SAVED_KEY).ok().flatten())
            .as_deref(),
    ));
    let first = saved
        .with_untracked(|l| l.first().cloned())
        .unwrap_or_default();
    let base = RwSignal::new(first.base.clone());
    let user = RwSignal::new(first.user.clone());
    let remember = RwSignal::new(!first.base.is_empty());
    let store = move |l: &Vec<iiq::SavedIiq>| {
        if let Some(s) = storage() {
            let _ = s.set_item(
                iiq::SAVED_KEY,
                &serde_json::to_string(l).unwrap_or_default(),
            );
        }
    };
    let password = RwSignal::new(String::new());
    let ro = RwSignal::new(false);
    let errs = RwSignal::new(Vec::<(&'static str, String)>::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let err_of = move |f: &'static str| {
        move || errs.with(|e| e.iter().find(|(k, _)| *k == f).map(|(_, m)| m.clone()))
    };
    let go = move |form: crate::api::iiq_connect::IiqConnect| {
        busy.set(true);
        failure.set(None);
        let keep = (!form.demo && remember.get_untracked()).then(|| iiq::SavedIiq {
            base: form.base.clone(),
            user: form.user.clone(),
        });
        spawn_local(async move {
            let r = crate::api::iiq_connect::connect_iiq_form(form, false).await;
            let _ = busy.try_set(false);
            let Some(e) = r else {
                if let Some(k) = keep {
                    let mut l = saved.get_untracked();
                    iiq::remember(&mut l, k);
                    store(&l);
                }
                crate::route::navigate("/iiq/applications");
                return;
            };
            {
                let said = match e.status {
                    401 | 403 => "IdentityIQ refused the user name or password (401). Check them and connect again.".to_string(),
                    _ => fail(&e),
                };
                let _ = failure.try_set(Some(said));
                focus(if e.status == 401 {
                    "iiq-password"
                } else {
                    "iiq-failure"
                });
            }
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match iiq::validate_connect(
            &base.get_untracked(),
            &user.get_untracked(),
            &password.get_untracked(),
        ) {
            Err(e) => {
                errs.set(e);
                focus_first_error();
            }
            Ok(b) => {
                errs.set(Vec::new());
                go(crate::api::iiq_connect::IiqConnect {
                    base: b,
                    user: user.get_untracked().trim().to_string(),
                    authorization: iiq::basic_auth(
                        user.get_untracked().trim(),
                        &password.get_untracked(),
                    ),
                    read_only: ro.get_untracked(),
                    demo: false,
                });
            }
        }
    };
    let field = move |id: &'static str,
                      label: &'static str,
                      kind: &'static str,
                      value: RwSignal<String>,
                      hint: &'static str| {
        let err = err_of(id);
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type=kind spellcheck="false" autocomplete=if kind == "password" { "current-password" } else { "off" }
                    aria-describedby=format!("{id}-hint {id}-err")
                    aria-invalid=move || if err().is_some() { "true" } else { "false" }
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
                <p id=format!("{id}-hint") class="hint">{hint}</p>
                <p id=format!("{id}-err") class="error">{err}</p>
            </div>
        }
    };
    view! {
        <form on:submit=submit novalidate=true aria-label="Connect to IdentityIQ">
            {move || (!saved.with(Vec::is_empty)).then(|| view! {
                <div class="inline">
                    <div class="field grow">
                        <label for="iiq-saved">"Saved IdentityIQ connection"</label>
                        <select id="iiq-saved" on:change=move |ev| {
                            let c = event_target_value(&ev).parse::<usize>().ok().and_then(|i| saved.with_untracked(|l| l.get(i).cloned())).unwrap_or_default();
                            remember.set(!c.base.is_empty());
                            base.set(c.base);
                            user.set(c.user);
                        }>
                            {saved.get().iter().enumerate().map(|(i, c)| view! { <option value=i.to_string()>{c.label()}</option> }).collect_view()}
                            <option value="">"New connection"</option>
                        </select>
                    </div>
                    <button type="button" class="secondary" on:click=move |_| {
                        let (b, u) = (base.get_untracked(), user.get_untracked());
                        saved.update(|l| l.retain(|x| x.base != b || x.user != u));
                        saved.with_untracked(|l| store(l));
                        remember.set(false);
                    }>"Forget this connection"</button>
                </div>
            })}
            {field("iiq-base", "SCIM base URL", "text", base, "e.g. https://iiq.example/identityiq/scim/v2 (plain http only for localhost).")}
            {field("iiq-user", "User name", "text", user, "An IdentityIQ user with SCIM rights.")}
            {field("iiq-password", "Password", "password", password, "Kept in this tab's memory only; never stored, logged or put in Activity or curl ($IIQ_PASSWORD).")}
            <div class="field check">
                <input id="iiq-remember" type="checkbox" prop:checked=move || remember.get() on:change=move |ev| remember.set(event_target_checked(&ev))/>
                <label for="iiq-remember">"Remember the SCIM base and user on this device (never the password)"</label>
            </div>
            <div class="field check">
                <input id="iiq-ro" type="checkbox" prop:checked=move || ro.get() on:change=move |ev| ro.set(event_target_checked(&ev))/>
                <label for="iiq-ro">"Read-only: refuse every write"</label>
            </div>
            <div role="alert" id="iiq-failure" tabindex="-1" class="failure">{move || failure.get()}</div>
            <div class="actions">
                <button type="submit" disabled=move || busy.get()>{move || if busy.get() { "Connecting…" } else { "Connect to IdentityIQ" }}</button>
                <button type="button" class="secondary" disabled=move || busy.get()
                    on:click=move |_| go(crate::api::iiq_connect::IiqConnect { demo: true, read_only: ro.get_untracked(), ..Default::default() })>
                    "Use demo IdentityIQ"
                </button>
            </div>
        </form>
    }
}
