//! Calls in flight: what the busy bar shows, and how a call is cancelled.
//!
//! Every call the client makes registers a [`Ticket`]. A ticket is cancelled by the busy
//! bar's Cancel button (every call a person waits on) or by leaving the page a read was
//! started on. Task polling runs in the background and survives both. Cancelling aborts the
//! browser's fetch and ends any wait for the limiter or a retry at once.

use super::transport::now_ms;
use isc_core::http::Method;
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use std::future::{poll_fn, Future};
use std::pin::pin;
use std::rc::Rc;
use std::task::{Poll, Waker};

/// One call as the busy bar shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct FlightInfo {
    pub id: u64,
    pub method: Method,
    pub path: String,
    pub started_ms: u64,
    /// What the call waits on right now, e.g. "waiting 2 s before retrying after a 429".
    pub note: String,
}

struct State {
    cancelled: Cell<bool>,
    waker: RefCell<Option<Waker>>,
    abort: RefCell<Option<web_sys::AbortController>>,
}

struct Entry {
    info: FlightInfo,
    page: String,
    background: bool,
    state: Rc<State>,
}

thread_local! {
    static NEXT: Cell<u64> = const { Cell::new(1) };
    static FLIGHTS: RefCell<Vec<Entry>> = const { RefCell::new(Vec::new()) };
    static SHOWN: RefCell<Option<ArcRwSignal<Vec<FlightInfo>>>> = const { RefCell::new(None) };
}

fn shown() -> ArcRwSignal<Vec<FlightInfo>> {
    SHOWN.with(|s| {
        s.borrow_mut()
            .get_or_insert_with(ArcRwSignal::default)
            .clone()
    })
}

fn publish() {
    let list: Vec<FlightInfo> = FLIGHTS.with(|f| {
        f.borrow()
            .iter()
            .filter(|e| !e.background)
            .map(|e| e.info.clone())
            .collect()
    });
    shown().set(list);
}

/// The calls a person is waiting on, oldest first.
pub fn waiting() -> Signal<Vec<FlightInfo>> {
    let s = shown();
    Signal::derive(move || s.get())
}

fn current_page() -> String {
    crate::route::current_path()
}

/// A registered call; dropping it unregisters the call.
pub struct Ticket {
    id: u64,
    state: Rc<State>,
}

impl Ticket {
    /// Registers a call. Background calls (task polling) are not shown and not cancelled.
    pub fn new(method: Method, path: &str, background: bool) -> Self {
        let id = NEXT.with(|n| {
            let id = n.get();
            n.set(id + 1);
            id
        });
        let state = Rc::new(State {
            cancelled: Cell::new(false),
            waker: RefCell::new(None),
            abort: RefCell::new(None),
        });
        FLIGHTS.with(|f| {
            f.borrow_mut().push(Entry {
                info: FlightInfo {
                    id,
                    method,
                    path: path.to_string(),
                    started_ms: now_ms(),
                    note: String::new(),
                },
                page: current_page(),
                background,
                state: state.clone(),
            })
        });
        if !background {
            publish();
        }
        Ticket { id, state }
    }

    /// True once the call was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.state.cancelled.get()
    }

    /// Says what the call waits on now.
    pub fn note(&self, note: &str) {
        let changed = FLIGHTS.with(|f| {
            let mut f = f.borrow_mut();
            match f.iter_mut().find(|e| e.info.id == self.id) {
                Some(e) if e.info.note != note => {
                    e.info.note = note.to_string();
                    !e.background
                }
                _ => false,
            }
        });
        if changed {
            publish();
        }
    }

    /// An abort signal for one fetch attempt, aborted if this call is cancelled.
    pub fn signal(&self) -> Option<web_sys::AbortSignal> {
        let c = web_sys::AbortController::new().ok()?;
        let s = c.signal();
        *self.state.abort.borrow_mut() = Some(c);
        Some(s)
    }

    /// Aborts the browser's fetch of the current attempt (its time-out ran out); the call
    /// itself goes on (a read is retried by policy).
    pub fn abort_attempt(&self) {
        if let Some(c) = self.state.abort.borrow_mut().take() {
            c.abort();
        }
    }

    /// Runs `work` until it ends or this call is cancelled (then `None`).
    pub async fn or_cancel<F: Future>(&self, work: F) -> Option<F::Output> {
        let mut work = pin!(work);
        poll_fn(|cx| {
            if self.state.cancelled.get() {
                return Poll::Ready(None);
            }
            if let Poll::Ready(v) = work.as_mut().poll(cx) {
                return Poll::Ready(Some(v));
            }
            *self.state.waker.borrow_mut() = Some(cx.waker().clone());
            Poll::Pending
        })
        .await
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let was_shown = FLIGHTS.with(|f| {
            let mut f = f.borrow_mut();
            let shown = f.iter().any(|e| e.info.id == self.id && !e.background);
            f.retain(|e| e.info.id != self.id);
            shown
        });
        if was_shown {
            publish();
        }
    }
}

fn cancel_where(pred: impl Fn(&Entry) -> bool) -> usize {
    let states: Vec<Rc<State>> = FLIGHTS.with(|f| {
        f.borrow()
            .iter()
            .filter(|e| !e.background && pred(e))
            .map(|e| e.state.clone())
            .collect()
    });
    for s in &states {
        s.cancelled.set(true);
        if let Some(c) = s.abort.borrow_mut().take() {
            c.abort();
        }
        if let Some(w) = s.waker.borrow_mut().take() {
            w.wake();
        }
    }
    states.len()
}

/// Cancels every call a person is waiting on (the busy bar's Cancel).
pub fn cancel_all() -> usize {
    cancel_where(|_| true)
}

/// Cancels the reads started on another page than `page` (a person left that page).
/// Writes already sent go on: cutting them off would not undo them.
pub fn left_page(page: &str) -> usize {
    cancel_where(|e| e.page != page && e.info.method == Method::Get)
}
