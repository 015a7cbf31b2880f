//! Whether the network seems to be there: `navigator.onLine` plus what requests report.
//! The offline banner subscribes; the API client reports.

use std::cell::{Cell, RefCell};

use yew::Callback;

use super::ApiError;

thread_local! {
    static OFFLINE: Cell<bool> = const { Cell::new(false) };
    static LISTENERS: RefCell<Vec<(usize, Callback<bool>)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<usize> = const { Cell::new(0) };
}

pub fn is_offline() -> bool {
    OFFLINE.with(Cell::get)
}

pub fn set_offline(offline: bool) {
    if OFFLINE.with(|o| o.replace(offline)) != offline {
        let listeners: Vec<Callback<bool>> =
            LISTENERS.with(|l| l.borrow().iter().map(|(_, cb)| cb.clone()).collect());
        for cb in listeners {
            cb.emit(offline);
        }
    }
}

/// A failed request: only a missing network counts (a 422 says the network is fine).
pub fn report(error: &ApiError) {
    match error {
        ApiError::Network => set_offline(true),
        // A cancel says nothing about the network.
        ApiError::Aborted => {}
        _ => set_offline(false),
    }
}

pub fn report_ok() {
    set_offline(false);
}

/// Registers a listener; returns an id for [`unsubscribe`].
pub fn subscribe(cb: Callback<bool>) -> usize {
    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id + 1);
        id
    });
    LISTENERS.with(|l| l.borrow_mut().push((id, cb)));
    id
}

pub fn unsubscribe(id: usize) {
    LISTENERS.with(|l| l.borrow_mut().retain(|(i, _)| *i != id));
}
