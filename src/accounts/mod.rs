//! Accounts: the list (one page, or every matching account), a new account, and an account.

pub mod all;
mod attrs;
mod correlate;
pub mod detail;
pub mod gone;
pub mod list;
mod loaded;
pub mod new;

crate::screen!(
    accounts,
    list_screen,
    leptos::view! { <list::AccountsPage/> }
);
crate::screen!(
    accounts,
    new_screen,
    leptos::view! { <new::AccountNewPage/> }
);
crate::screen!(
    accounts,
    detail_screen,
    leptos::view! { <detail::AccountDetailPage/> }
);
